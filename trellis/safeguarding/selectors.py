"""What the safeguarding lead's casework pages read: the dashboard of open cases, the list
of closed ones and one case with its chronology. Every query here starts from
access.concerns_visible_to, so a person who is not a lead reads nothing."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from trellis.organisations.models import User
from trellis.safeguarding import access, rules
from trellis.safeguarding.models import Concern, ConcernEvent

LONG_OPEN_DAYS = 30


def about_label(concern: Concern) -> str:
    """Name who the concern is about: the apprentice, or the learner they mentor by
    reference only."""
    apprentice = concern.apprenticeship.apprentice.full_name
    if concern.subject == Concern.Subject.MENTORED_LEARNER:
        return f"Learner {concern.learner_ref}, mentored by {apprentice}"
    return apprentice


def _with_last_entry(concerns: QuerySet[Concern]) -> QuerySet[Concern]:
    latest = (
        ConcernEvent.objects.filter(concern=OuterRef("pk"))
        .order_by("-occurred_at", "-pk")
        .values("occurred_at")[:1]
    )
    return concerns.annotate(last_entry_at=Subquery(latest))


@dataclass(frozen=True)
class CaseRow:
    """One line of the dashboard or of the closed cases."""

    concern: Concern
    about: str
    age_days: int
    age_label: str
    last_entry_at: datetime | None

    @property
    def open_case(self) -> rules.OpenCase:
        return rules.OpenCase(
            urgency=self.concern.urgency,
            awaiting_triage=self.concern.awaiting_triage,
            immediate_risk=self.concern.immediate_risk,
            raised_at=self.concern.raised_at,
        )


def _row(concern: Concern, today: date) -> CaseRow:
    days = rules.age_in_days(timezone.localdate(concern.raised_at), today=today)
    return CaseRow(
        concern=concern,
        about=about_label(concern),
        age_days=days,
        age_label=rules.age_label(days),
        last_entry_at=getattr(concern, "last_entry_at", None),
    )


@dataclass(frozen=True)
class Dashboard:
    awaiting_triage: list[CaseRow]
    triaged: list[CaseRow]
    open_count: int
    urgent_count: int
    long_open_count: int
    many_providers: bool

    @property
    def awaiting_count(self) -> int:
        return len(self.awaiting_triage)

    @property
    def concerns(self) -> list[Concern]:
        return [row.concern for row in (*self.awaiting_triage, *self.triaged)]


def open_cases(user: User) -> list[CaseRow]:
    """Return this lead's open cases in the dashboard's order, in one query: open cases
    are few, so the whole set is read and ordered here."""
    concerns = _with_last_entry(access.concerns_visible_to(user).filter(status=Concern.Status.OPEN))
    today = timezone.localdate()
    rows = [_row(concern, today) for concern in concerns]
    rows.sort(key=lambda row: (rules.dashboard_key(row.open_case), row.concern.pk))
    return rows


def dashboard_for(user: User) -> Dashboard:
    rows = open_cases(user)
    return Dashboard(
        awaiting_triage=[row for row in rows if row.concern.awaiting_triage],
        triaged=[row for row in rows if not row.concern.awaiting_triage],
        open_count=len(rows),
        urgent_count=sum(1 for row in rows if row.concern.urgency == Concern.Urgency.URGENT),
        long_open_count=sum(1 for row in rows if row.age_days > LONG_OPEN_DAYS),
        many_providers=len(access.lead_provider_ids(user)) > 1,
    )


def closed_cases(user: User) -> QuerySet[Concern]:
    """Return this lead's closed cases, the most recently closed first."""
    return _with_last_entry(
        access.concerns_visible_to(user).filter(status=Concern.Status.CLOSED)
    ).order_by("-closed_at", "-pk")


def closed_rows(concerns) -> list[CaseRow]:
    today = timezone.localdate()
    return [_row(concern, today) for concern in concerns]


@dataclass(frozen=True)
class CaseFile:
    concern: Concern
    events: list[ConcernEvent]
    referrals: list
    shared_notes: list
    files: list


def case_file(concern: Concern) -> CaseFile:
    """Return everything recorded on the case, the chronology in the order it happened."""
    return CaseFile(
        concern=concern,
        # The model orders the chronology as it happened: occurred_at, then recorded_at.
        events=list(concern.events.select_related("recorded_by")),
        referrals=list(concern.referrals.select_related("referred_by")),
        shared_notes=list(concern.shared_notes.select_related("shared_with", "shared_by")),
        files=list(concern.files.select_related("uploaded_by")),
    )
