"""Reads for the caseload page: one page of apprentices in a fixed number of queries."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Q, QuerySet

from trellis.apprenticeships.access import PROVIDER_WIDE_ROLES
from trellis.apprenticeships.breaks import BreakPeriod
from trellis.apprenticeships.funding import NoFundingPeriodError, load_funding_rules
from trellis.apprenticeships.models import Apprenticeship, StatusChange
from trellis.apprenticeships.rules import add_months
from trellis.apprenticeships.selectors import breaks_from_changes
from trellis.caseload import rules
from trellis.caseload.access import caseload_filter
from trellis.caseload.models import CaseloadSummary
from trellis.organisations.models import Organisation, User
from trellis.organisations.roles import Role
from trellis.organisations.selectors import roles_for_user
from trellis.otj.rules import expected_to_date

Status = Apprenticeship.Status
LEARNING_STATUSES = (Status.ON_PROGRAMME, Status.BREAK_IN_LEARNING)
DEFAULT_STATUS = "active"
DEFAULT_SORT = "name"

# The status filter: the active apprenticeships by default, every status on its own, or all.
STATUS_FILTERS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "active": ("Active", tuple(Apprenticeship.ACTIVE_STATUSES)),
    **{value: (label, (value,)) for value, label in Status.choices},
    "all": ("All statuses", None),
}

# Each sort: its label and the columns it orders by; a missing date sorts last either way.
SORTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("Apprentice name", ("apprentice__full_name",)),
    "start": ("Start date", ("start_date",)),
    "review": ("Next review due", ("summary__next_review_due",)),
    "otj": ("Off-the-job behind the longest", ("summary__otj_on_track_until",)),
    "end": ("Planned end", ("planned_end_date",)),
}

FLAG_FILTERS = {
    "review_overdue": "Review overdue",
    "review_due_soon": "Review due within 14 days",
    "otj_behind": "Off-the-job behind",
    "plan_not_agreed": "Plan not agreed",
    "coverage_behind": "KSB coverage behind",
    "qualifications_due": "Qualifications outstanding",
    "epao_needed": "EPAO not named in time",
    "on_break": "On a break",
}


def flag_condition(flag: str, today: date) -> Q:
    """Return the database condition matching the apprenticeships with this flag today.

    Each mirrors the rule in caseload/rules.py, so that filtering by a flag finds exactly the
    rows that show it.
    """
    if flag == "review_overdue":
        return Q(summary__next_review_due__lt=today)
    if flag == "review_due_soon":
        soon = today + timedelta(days=rules.REVIEW_DUE_SOON_DAYS)
        return Q(summary__next_review_due__gte=today, summary__next_review_due__lte=soon)
    if flag == "otj_behind":
        return Q(summary__otj_on_track_until__lt=today, status__in=LEARNING_STATUSES)
    if flag == "coverage_behind":
        return Q(summary__coverage_on_track_until__lt=today, status__in=LEARNING_STATUSES)
    if flag == "qualifications_due":
        warning_from = add_months(today, rules.QUALIFICATIONS_WARNING_MONTHS)
        return (
            Q(status__in=LEARNING_STATUSES, planned_end_date__lt=warning_from)
            & Q(summary__isnull=False)
            & ~Q(summary__qualifications_outstanding=[])
        )
    if flag == "plan_not_agreed":
        return Q(summary__plan_agreed=False, status__in=LEARNING_STATUSES)
    if flag == "epao_needed":
        return Q(epao__isnull=True, status__in=Apprenticeship.ACTIVE_STATUSES) & epao_due_by(today)
    if flag == "on_break":
        return Q(status=Status.BREAK_IN_LEARNING)
    raise ValueError(f"Unknown caseload flag: {flag}")


def epao_due_by(today: date) -> Q:
    """Match planned ends close enough that the plan must name the EPAO by today.

    Each funding period sets its own number of months, so the condition is one branch per
    period, keyed by the start date.
    """
    condition = Q(pk__in=[])
    for period in load_funding_rules().periods:
        months = period.training_plan.epao_named_months_before_end
        in_period = Q(start_date__gte=period.starts_from)
        if period.starts_until is not None:
            in_period &= Q(start_date__lte=period.starts_until)
        condition |= in_period & Q(planned_end_date__lt=add_months(today, months))
    return condition


@dataclass(frozen=True)
class CaseloadQuery:
    """What the person asked the caseload page for; every value already checked."""

    status: str = DEFAULT_STATUS
    consultant_id: int | None = None
    employer_id: int | None = None
    flag: str = ""
    search: str = ""
    sort: str = DEFAULT_SORT
    descending: bool = False

    @property
    def is_filtered(self) -> bool:
        """Tell whether anything narrows the caseload beyond its status."""
        return bool(self.flag or self.search or self.consultant_id or self.employer_id)


def caseload_apprenticeships(
    user: User, query: CaseloadQuery, today: date
) -> QuerySet[Apprenticeship]:
    """Return the apprenticeships in this person's caseload that match the query, in order."""
    apprenticeships = _matching_all_but_flag(user, query)
    if query.flag:
        apprenticeships = apprenticeships.filter(flag_condition(query.flag, today))
    ordering = [
        F(column).desc(nulls_last=True) if query.descending else F(column).asc(nulls_last=True)
        for column in SORTS[query.sort][1]
    ]
    return apprenticeships.order_by(*ordering, "apprentice__full_name", "pk")


def flag_counts(user: User, query: CaseloadQuery, today: date) -> dict[str, int]:
    """Return how many of the apprentices matching the other filters carry each flag."""
    return _matching_all_but_flag(user, query).aggregate(
        **{flag: Count("pk", filter=flag_condition(flag, today)) for flag in FLAG_FILTERS}
    )


def _matching_all_but_flag(user: User, query: CaseloadQuery) -> QuerySet[Apprenticeship]:
    apprenticeships = Apprenticeship.objects.filter(caseload_filter(user)).select_related(
        "apprentice", "employer", "consultant", "summary"
    )
    statuses = STATUS_FILTERS[query.status][1]
    if statuses is not None:
        apprenticeships = apprenticeships.filter(status__in=statuses)
    if query.consultant_id:
        apprenticeships = apprenticeships.filter(consultant_id=query.consultant_id)
    if query.employer_id:
        apprenticeships = apprenticeships.filter(employer_id=query.employer_id)
    if query.search:
        apprenticeships = apprenticeships.filter(apprentice__full_name__icontains=query.search)
    return apprenticeships


@dataclass(frozen=True)
class CaseloadRow:
    """One line of the caseload page."""

    apprenticeship: Apprenticeship
    summary: CaseloadSummary | None
    elapsed: rules.Elapsed
    review: rules.ReviewDue
    otj_expected: object
    otj_behind: bool
    flags: list[rules.Flag]

    @property
    def otj_percent_of_expected(self) -> int:
        if self.summary is None or not self.otj_expected:
            return 100
        return min(round(100 * self.summary.otj_actual_hours / self.otj_expected), 100)


@dataclass(frozen=True)
class _BreakHistory:
    periods: list[BreakPeriod]
    expected_return: date | None


def _break_histories(apprenticeship_ids: Sequence[int]) -> dict[int, _BreakHistory]:
    """Return each apprenticeship's breaks in learning, read in one query for the page."""
    changes = defaultdict(list)
    expected_returns: dict[int, date | None] = {}
    rows = (
        StatusChange.objects.filter(
            apprenticeship_id__in=apprenticeship_ids,
            kind__in=[StatusChange.Kind.BREAK_IN_LEARNING, StatusChange.Kind.RETURN_TO_LEARNING],
        )
        .order_by("apprenticeship_id", "effective_date", "recorded_at", "pk")
        .values_list("apprenticeship_id", "kind", "effective_date", "expected_return_date")
    )
    for apprenticeship_id, kind, effective_date, expected_return in rows:
        changes[apprenticeship_id].append((kind, effective_date))
        if kind == StatusChange.Kind.BREAK_IN_LEARNING:
            expected_returns[apprenticeship_id] = expected_return
    return {
        pk: _BreakHistory(breaks_from_changes(changes[pk]), expected_returns.get(pk))
        for pk in apprenticeship_ids
    }


def _summary_of(apprenticeship: Apprenticeship) -> CaseloadSummary | None:
    try:
        return apprenticeship.summary
    except CaseloadSummary.DoesNotExist:
        return None


def _epao_named_by(apprenticeship: Apprenticeship) -> date | None:
    try:
        period = load_funding_rules().for_start(apprenticeship.start_date)
    except NoFundingPeriodError:
        return None
    return period.epao_named_by(apprenticeship.planned_end_date)


def caseload_rows(apprenticeships: Sequence[Apprenticeship], today: date) -> list[CaseloadRow]:
    """Return the page's rows with what each shows, reading every break in one query."""
    histories = _break_histories([a.pk for a in apprenticeships])
    rows = []
    for apprenticeship in apprenticeships:
        summary = _summary_of(apprenticeship)
        history = histories[apprenticeship.pk]
        on_break = apprenticeship.status == Status.BREAK_IN_LEARNING
        open_break = history.periods[-1] if on_break and history.periods else None
        expected = (
            expected_to_date(
                required=summary.otj_required_hours,
                start=apprenticeship.start_date,
                planned_end=apprenticeship.planned_end_date,
                today=today,
                breaks=history.periods,
            )
            if summary is not None
            else None
        )
        facts = rules.CaseloadFacts(
            today=today,
            start=apprenticeship.start_date,
            planned_end=apprenticeship.planned_end_date,
            on_break=on_break,
            in_learning=apprenticeship.status in LEARNING_STATUSES,
            active=apprenticeship.is_active,
            epao_named=apprenticeship.epao_id is not None,
            epao_named_by=_epao_named_by(apprenticeship),
            has_summary=summary is not None,
            next_review_due=summary.next_review_due if summary else None,
            otj_on_track_until=summary.otj_on_track_until if summary else None,
            otj_actual=summary.otj_actual_hours if summary else 0,
            otj_expected=expected or 0,
            plan_agreed=summary.plan_agreed if summary else False,
            qualifications_outstanding=tuple(summary.qualifications_outstanding) if summary else (),
            break_since=open_break.starts if open_break else None,
            expected_return=history.expected_return if open_break else None,
            coverage_on_track_until=summary.coverage_on_track_until if summary else None,
            ksbs_secure=summary.ksbs_secure if summary else 0,
            ksbs_total=summary.ksbs_total if summary else 0,
        )
        flags = rules.caseload_flags(facts)
        rows.append(
            CaseloadRow(
                apprenticeship=apprenticeship,
                summary=summary,
                elapsed=rules.time_elapsed(
                    apprenticeship.start_date, apprenticeship.planned_end_date, today
                ),
                review=rules.review_due(facts.next_review_due, today, on_break=on_break),
                otj_expected=expected,
                otj_behind=any(flag.code == "otj_behind" for flag in flags),
                flags=flags,
            )
        )
    return rows


def consultant_choices(user: User) -> list[tuple[int, str]]:
    """Return the consultants of the providers this person looks across, by name."""
    provider_ids = roles_for_user(user).organisation_ids(*PROVIDER_WIDE_ROLES)
    return list(
        User.objects.filter(
            memberships__role=Role.CONSULTANT, memberships__organisation_id__in=provider_ids
        )
        .distinct()
        .order_by("full_name")
        .values_list("pk", "full_name")
    )


def employer_choices(user: User) -> list[tuple[int, str]]:
    """Return the employers of the apprentices in this person's caseload, by name."""
    return list(
        Organisation.objects.filter(
            employed_apprenticeships__in=Apprenticeship.objects.filter(caseload_filter(user))
        )
        .distinct()
        .order_by("name")
        .values_list("pk", "name")
    )
