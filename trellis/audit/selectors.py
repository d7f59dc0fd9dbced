"""Reads of the audit trail: who changed what on a record, and when."""

from dataclasses import dataclass
from datetime import datetime

from auditlog.models import LogEntry
from django.db.models import Model


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    action: str
    changes: tuple[FieldChange, ...]


ACTION_LABELS = {
    LogEntry.Action.CREATE: "Created",
    LogEntry.Action.UPDATE: "Changed",
    LogEntry.Action.DELETE: "Deleted",
    LogEntry.Action.ACCESS: "Read",
}


def _field_label(model: type[Model], name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except Exception:
        return name.replace("_", " ").capitalize()


def history_for(instance: Model, *, limit: int = 50) -> list[HistoryEntry]:
    """Return the newest changes to one record, with readable field names and values."""
    entries = (
        LogEntry.objects.get_for_object(instance)
        .select_related("actor")
        .order_by("-timestamp", "-pk")[:limit]
    )
    model = type(instance)
    return [
        HistoryEntry(
            when=entry.timestamp,
            who=str(entry.actor) if entry.actor else "The system",
            action=ACTION_LABELS.get(entry.action, "Changed"),
            changes=tuple(
                FieldChange(_field_label(model, name), str(old), str(new))
                for name, (old, new) in sorted((entry.changes_display_dict or {}).items())
            )
            if entry.action == LogEntry.Action.UPDATE
            else (),
        )
        for entry in entries
    ]
