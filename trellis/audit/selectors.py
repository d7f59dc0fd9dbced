"""Reads of the audit trail: who changed what on a record, and when."""

from dataclasses import dataclass
from datetime import datetime

from auditlog.models import LogEntry
from django.db.models import Model, QuerySet


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


def _action_label(entry: LogEntry) -> str:
    # A read that says what was read (a download of the whole record, say) is shown as such.
    if entry.action == LogEntry.Action.ACCESS and (entry.additional_data or {}).get("what"):
        return entry.additional_data["what"]
    return ACTION_LABELS.get(entry.action, "Changed")


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
            action=_action_label(entry),
            changes=tuple(
                FieldChange(_field_label(model, name), str(old), str(new))
                for name, (old, new) in sorted((entry.changes_display_dict or {}).items())
            )
            if entry.action == LogEntry.Action.UPDATE
            else (),
        )
        for entry in entries
    ]


def times_changed_from(records: QuerySet, *, field: str, value: str) -> list[tuple[int, datetime]]:
    """Return (record id, when) for each logged change of the field away from the value, for
    the records of the query (one query)."""
    return list(
        LogEntry.objects.filter(
            content_type__app_label=records.model._meta.app_label,
            content_type__model=records.model._meta.model_name,
            object_id__in=records.values("pk"),
            action=LogEntry.Action.UPDATE,
            **{f"changes__{field}__0": value},
        ).values_list("object_id", "timestamp")
    )
