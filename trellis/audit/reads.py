"""Reads worth knowing about, kept in the audit trail beside the changes: who read which
record, when, and what of it."""

from datetime import datetime

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from trellis.organisations.models import User


def read_entry(
    instance: Model, *, reader: User, shown_as: str, read: dict[str, str], at: datetime
) -> LogEntry:
    """Return, unsaved, the audit entry saying this person read the record (`read` says what
    of it, never its content)."""
    return LogEntry(
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_pk=str(instance.pk),
        object_id=instance.pk,
        object_repr=shown_as,
        action=LogEntry.Action.ACCESS,
        actor=reader,
        timestamp=at,
        changes=None,
        additional_data=read,
    )
