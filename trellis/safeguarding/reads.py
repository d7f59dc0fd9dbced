"""Every read of a concern goes into the audit trail, and the safeguarding lead can see who
read what. A read is logged against the concern itself, whatever part of it was read (the
case page, a file, a shared note, a line of the dashboard), saying which part."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Min
from django.utils import timezone

from trellis.audit.reads import read_entry
from trellis.organisations.models import User
from trellis.safeguarding.models import Concern

READS_SHOWN = 200


class ReadOf:
    """The parts of a concern a read names."""

    CASE = "case"
    DASHBOARD = "dashboard"
    FILE = "file"
    SHARED_NOTE = "shared_note"
    API = "api"


READ_LABELS = {
    ReadOf.CASE: "The case",
    ReadOf.DASHBOARD: "Its line on the dashboard or case list",
    ReadOf.FILE: "A file",
    ReadOf.SHARED_NOTE: "A note shared with them",
    ReadOf.API: "The case, through the API",
}


def _entry(concern: Concern, reader: User, part: str, detail: str, now: datetime) -> LogEntry:
    return read_entry(
        concern,
        reader=reader,
        shown_as=concern.reference,
        read={"read": part, "detail": detail},
        at=now,
    )


def record_read(concern: Concern, *, reader: User, part: str, detail: str = "") -> None:
    """Log that this person read this part of the concern (`detail` names which file or
    note, never its content)."""
    _entry(concern, reader, part, detail, timezone.now()).save()


def record_reads(concerns: Iterable[Concern], *, reader: User, part: str) -> None:
    """Log one read per concern listed, in one write."""
    now = timezone.now()
    LogEntry.objects.bulk_create(_entry(concern, reader, part, "", now) for concern in concerns)


@dataclass(frozen=True)
class Read:
    when: datetime
    who: str
    what: str


def _reads_query(concern: Concern):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Concern),
        object_pk=str(concern.pk),
        action=LogEntry.Action.ACCESS,
    )


def reads_of(concern: Concern, *, limit: int = READS_SHOWN) -> list[Read]:
    """Return who read this concern and what of it, newest first."""
    entries = _reads_query(concern).select_related("actor").order_by("-timestamp", "-pk")[:limit]
    return [
        Read(
            when=entry.timestamp,
            who=entry.actor.full_name if entry.actor else "The system",
            what=_what(entry.additional_data or {}),
        )
        for entry in entries
    ]


@dataclass(frozen=True)
class Reader:
    """One person's reads of a concern, summed up."""

    who: str
    reads: int
    first: datetime
    last: datetime


def readers_of(concern: Concern) -> list[Reader]:
    """Sum up every read of this concern per person, the most recent reader first."""
    rows = (
        _reads_query(concern)
        .values("actor_id", "actor__full_name")
        .annotate(reads=Count("pk"), first=Min("timestamp"), last=Max("timestamp"))
        .order_by("-last", "actor_id")
    )
    return [
        Reader(
            who=row["actor__full_name"] or "The system",
            reads=row["reads"],
            first=row["first"],
            last=row["last"],
        )
        for row in rows
    ]


def _what(data: dict) -> str:
    label = READ_LABELS.get(data.get("read", ""), "The case")
    detail = data.get("detail")
    return f"{label}: {detail}" if detail else label
