"""Reads for the provider dashboard: a fixed number of queries, whatever the number of
apprentices. Counts are made in the database; only one page of the at-risk list is read."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KeyTextTransform

from trellis.apprenticeships.models import Apprenticeship, StatusChange
from trellis.caseload.access import caseload_filter
from trellis.caseload.selectors import LEARNING_STATUSES, caseload_rows, flag_condition
from trellis.epa.models import Assessment
from trellis.gateway.models import GatewayAttempt
from trellis.organisations.models import User
from trellis.reports import ilr, rules

Status = Apprenticeship.Status
# The stages in the order an apprenticeship goes through them; a withdrawal can come at any.
STAGES = (
    Status.ON_PROGRAMME,
    Status.BREAK_IN_LEARNING,
    Status.GATEWAY,
    Status.IN_EPA,
    Status.COMPLETED,
    Status.WITHDRAWN,
)
# What puts an apprentice at risk, in the order the dashboard lists them, and at which stages:
# hours, reviews, coverage and qualifications matter while learning; an EPAO until the end.
RISKS = {
    "otj_behind": "Off-the-job behind",
    "review_overdue": "Review overdue",
    "coverage_behind": "KSB coverage behind for the time gone",
    "qualifications_due": "Qualifications missing near the end",
    "epao_needed": "EPAO not named in time",
}
RISK_STATUSES = {
    "otj_behind": LEARNING_STATUSES,
    "review_overdue": LEARNING_STATUSES,
    "coverage_behind": LEARNING_STATUSES,
    "qualifications_due": LEARNING_STATUSES,
    "epao_needed": tuple(Apprenticeship.ACTIVE_STATUSES),
}


@dataclass(frozen=True)
class DashboardQuery:
    """Which apprentices the dashboard counts; every value already checked."""

    consultant_id: int | None = None
    employer_id: int | None = None
    cohort: int | None = None


def dashboard_apprenticeships(user: User, query: DashboardQuery) -> QuerySet[Apprenticeship]:
    """Return the apprenticeships this person's dashboard counts, as filtered."""
    apprenticeships = Apprenticeship.objects.filter(caseload_filter(user))
    if query.consultant_id:
        apprenticeships = apprenticeships.filter(consultant_id=query.consultant_id)
    if query.employer_id:
        apprenticeships = apprenticeships.filter(employer_id=query.employer_id)
    if query.cohort:
        apprenticeships = apprenticeships.filter(start_date__year=query.cohort)
    return apprenticeships


def stage_counts(apprenticeships: QuerySet[Apprenticeship]) -> list[tuple[str, int]]:
    """Return each stage's label and how many apprentices are at it, in the stages' order."""
    counts = dict(apprenticeships.order_by().values_list("status").annotate(count=Count("pk")))
    return [(Status(stage).label, counts.get(stage, 0)) for stage in STAGES]


def risk_condition(risk: str, today: date) -> Q:
    """Match the apprenticeships carrying this risk today, at a stage where it counts."""
    return Q(status__in=RISK_STATUSES[risk]) & flag_condition(risk, today)


def at_risk_condition(today: date) -> Q:
    """Match the apprenticeships with any risk today."""
    condition = Q(pk__in=[])
    for risk in RISKS:
        condition |= risk_condition(risk, today)
    return condition


def risk_counts(apprenticeships: QuerySet[Apprenticeship], today: date) -> dict[str, int]:
    """Return how many apprentices carry each risk, and how many carry any, in one query."""
    return apprenticeships.aggregate(
        any=Count("pk", filter=at_risk_condition(today)),
        **{risk: Count("pk", filter=risk_condition(risk, today)) for risk in RISKS},
    )


def at_risk(apprenticeships: QuerySet[Apprenticeship], today: date) -> QuerySet[Apprenticeship]:
    """Return the apprenticeships at risk, by apprentice name, with what their rows show."""
    return (
        apprenticeships.filter(at_risk_condition(today))
        .select_related("apprentice", "employer", "consultant", "summary")
        .order_by("apprentice__full_name", "pk")
    )


@dataclass(frozen=True)
class AtRiskRow:
    apprenticeship: Apprenticeship
    risks: list


def at_risk_rows(apprenticeships, today: date) -> list[AtRiskRow]:
    """Return each apprenticeship with its risks and their reasons, in two queries."""
    return [
        AtRiskRow(
            row.apprenticeship,
            [
                flag
                for flag in row.flags
                if flag.code in RISKS and row.apprenticeship.status in RISK_STATUSES[flag.code]
            ],
        )
        for row in caseload_rows(apprenticeships, today)
    ]


def _latest_final_grade() -> Subquery:
    return Subquery(
        Assessment.objects.filter(apprenticeship=OuterRef("pk"), status=Assessment.Status.FINAL)
        .order_by("-number")
        .annotate(grade=KeyTextTransform("grade", "final_result"))
        .values("grade")[:1]
    )


def cohort_outcomes(apprenticeships: QuerySet[Apprenticeship]) -> list[rules.CohortOutcome]:
    """Return each start year's outcomes and its grades at the latest final result."""
    rows = (
        apprenticeships.order_by()
        .annotate(grade=_latest_final_grade())
        .values_list("start_date__year", "status", "grade")
        .annotate(count=Count("pk"))
    )
    by_year: dict[int, dict] = defaultdict(
        lambda: {"started": 0, "in_learning": 0, "completed": 0, "withdrawn": 0, "grades": {}}
    )
    for year, status, grade, count in rows:
        cohort = by_year[year]
        cohort["started"] += count
        if status in LEARNING_STATUSES:
            cohort["in_learning"] += count
        elif status == Status.COMPLETED:
            cohort["completed"] += count
        elif status == Status.WITHDRAWN:
            cohort["withdrawn"] += count
        if grade:
            cohort["grades"][grade] = cohort["grades"].get(grade, 0) + count
    return [rules.CohortOutcome(year=year, **by_year[year]) for year in sorted(by_year)]


def gateway_to_result(apprenticeships: QuerySet[Apprenticeship]) -> rules.Durations:
    """Return the days from the EPAO accepting gateway to the result being confirmed, each
    apprentice counted once at their latest confirmed result."""
    return results_after_gateway(Assessment.objects.filter(apprenticeship__in=apprenticeships))


def results_after_gateway(assessments: QuerySet[Assessment]) -> rules.Durations:
    """Return the days from gateway accepted to result confirmed for these assessments' final
    results, each apprentice counted once at their latest."""
    accepted_at = Subquery(
        GatewayAttempt.objects.filter(
            apprenticeship=OuterRef("apprenticeship"),
            status=GatewayAttempt.Status.ACCEPTED,
            decided_at__lte=OuterRef("confirmed_at"),
        )
        .order_by("-decided_at")
        .values("decided_at")[:1]
    )
    latest: dict[int, tuple] = {}
    for apprenticeship_id, gateway_at, confirmed_at in (
        assessments.filter(status=Assessment.Status.FINAL)
        .annotate(gateway_at=accepted_at)
        .order_by("apprenticeship_id", "number")
        .values_list("apprenticeship_id", "gateway_at", "confirmed_at")
    ):
        latest[apprenticeship_id] = (gateway_at, confirmed_at)
    return rules.durations(latest.values())


def cohort_choices(user: User) -> list[int]:
    """Return the start years of this person's caseload, latest first."""
    return sorted(
        {
            day.year
            for day in Apprenticeship.objects.filter(caseload_filter(user)).dates(
                "start_date", "year"
            )
        },
        reverse=True,
    )


def ilr_rows(apprenticeships: QuerySet[Apprenticeship]) -> list[tuple]:
    """Return each apprenticeship's ILR-style record, by apprentice name, in one query."""
    withdrawn_on = Subquery(
        StatusChange.objects.filter(
            apprenticeship=OuterRef("pk"), kind=StatusChange.Kind.WITHDRAWAL
        )
        .order_by("-effective_date", "-pk")
        .values("effective_date")[:1]
    )
    achieved_on = Subquery(
        Assessment.objects.filter(
            apprenticeship=OuterRef("pk"),
            status=Assessment.Status.FINAL,
            achieved_on__isnull=False,
        )
        .order_by("-number")
        .values("achieved_on")[:1]
    )
    rows = []
    for a in (
        apprenticeships.select_related("apprentice", "standard", "epao", "summary")
        .annotate(withdrawn_on=withdrawn_on, achieved=achieved_on)
        .order_by("apprentice__full_name", "pk")
    ):
        summary = getattr(a, "summary", None)
        rows.append(
            ilr.ilr_row(
                ilr.IlrFacts(
                    reference=f"TR{a.pk:06d}",
                    apprentice=a.apprentice.full_name,
                    status=a.status,
                    standard_code=a.standard.lars_code,
                    epao_id=a.epao.epao_id if a.epao else "",
                    start=a.start_date,
                    planned_end=a.planned_end_date,
                    planned_otj_hours=summary.otj_planned_hours if summary else 0,
                    actual_otj_hours=summary.otj_actual_hours if summary else 0,
                    gateway_date=a.gateway_date,
                    withdrawn_on=a.withdrawn_on,
                    achieved_on=a.achieved,
                )
            )
        )
    return rows
