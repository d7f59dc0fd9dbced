"""Reads for the off-the-job training ledger."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from trellis.apprenticeships.funding import (
    STATUTORY_LEAVE_WEEKS,
    FundingPeriod,
    NoFundingPeriodError,
    required_otj_hours,
)
from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.selectors import break_periods, funding_period_for, withdrawal_date
from trellis.otj import rules
from trellis.otj.models import OtjEntry, PriorLearningReduction
from trellis.otj.trajectory import Trajectory, trajectory
from trellis.plans.models import PlanActivity, PlanVersion
from trellis.standards.models import KSB


@dataclass(frozen=True)
class OtjTotals:
    """The ledger's totals in hours, and the day by which the actual hours were due.

    on_track_until: at an even pace over the practical period (breaks excluded), the day by
    which the confirmed hours would have been due; the apprentice is behind once it is past.
    """

    required: Decimal
    planned: Decimal
    actual: Decimal
    on_track_until: date | None


@dataclass(frozen=True)
class RequiredHours:
    """The required off-the-job hours and how they were worked out."""

    hours: Decimal
    method: str
    source: str
    period_name: str
    reduction: PriorLearningReduction | None


AT_OR_PAST_GATEWAY = (
    Apprenticeship.Status.GATEWAY,
    Apprenticeship.Status.IN_EPA,
    Apprenticeship.Status.COMPLETED,
)


@dataclass(frozen=True)
class LedgerSummary:
    """What the ledger page shows above the entries."""

    required: RequiredHours
    planned: Decimal
    actual: Decimal
    awaiting: Decimal
    expected: Decimal
    forecast: Decimal | None
    behind: str | None
    today: date
    stopped: str | None = None
    stopped_on: date | None = None


def prior_learning_reduction_for(apprenticeship: Apprenticeship) -> PriorLearningReduction | None:
    """Return the apprenticeship's prior-learning reduction, if one was recorded."""
    return (
        PriorLearningReduction.objects.select_related("recorded_by")
        .filter(apprenticeship=apprenticeship)
        .first()
    )


def _method_description(period: FundingPeriod, apprenticeship: Apprenticeship) -> str:
    """Say in words how the period's rule works the hours out for this apprenticeship."""
    rule = period.off_the_job
    weekly = rules.hours_label(apprenticeship.contracted_weekly_hours)
    over = (
        f"over the practical period from {rules.day_label(apprenticeship.start_date)} to "
        f"{rules.day_label(apprenticeship.planned_end_date)}, less {STATUTORY_LEAVE_WEEKS} "
        "weeks' annual leave a year"
    )
    if rule.method == "percent_of_contracted_hours":
        return f"{rule.percent}% of {weekly} contracted hours a week {over}."
    if rule.method == "hours_per_week":
        if apprenticeship.contracted_weekly_hours >= rule.full_time_weekly_hours:
            return (
                f"{rule.hours_per_week} hours a week on average {over} (full-time: "
                f"{weekly} contracted hours a week, {rule.full_time_weekly_hours} or more)."
            )
        return (
            f"{rule.part_time_percent}% of {weekly} contracted hours a week {over} (part-time: "
            f"under {rule.full_time_weekly_hours} hours a week)."
        )
    published = apprenticeship.standard_version.minimum_otj_hours
    if published is None:
        return (
            f"The standard publishes no minimum, so the funding rules' floor of "
            f"{rule.minimum_hours} hours applies."
        )
    return (
        f"The standard's published minimum of {published} hours, never below {rule.minimum_hours}."
    )


def otj_required(
    apprenticeship: Apprenticeship, reduction: PriorLearningReduction | None = None
) -> RequiredHours:
    """Return the required off-the-job hours by the funding rules for the start date."""
    try:
        period = funding_period_for(apprenticeship)
    except NoFundingPeriodError as error:
        return RequiredHours(Decimal(0), str(error), "", "", reduction)
    hours = required_otj_hours(
        period,
        start=apprenticeship.start_date,
        planned_end=apprenticeship.planned_end_date,
        contracted_weekly_hours=float(apprenticeship.contracted_weekly_hours),
        published_minimum_hours=apprenticeship.standard_version.minimum_otj_hours,
        prior_learning_reduction_hours=float(reduction.hours) if reduction else 0,
    )
    return RequiredHours(
        hours=Decimal(str(hours)).quantize(rules.HUNDREDTHS),
        method=_method_description(period, apprenticeship),
        source=period.off_the_job.source,
        period_name=period.name,
        reduction=reduction,
    )


def current_plan_activities(apprenticeship: Apprenticeship) -> QuerySet[PlanActivity]:
    """Return the activities of the apprenticeship's current training plan version."""
    version = PlanVersion.objects.filter(apprenticeship=apprenticeship).order_by("-number").first()
    if version is None:
        return PlanActivity.objects.none()
    return PlanActivity.objects.filter(plan_version=version)


def standard_ksbs(apprenticeship: Apprenticeship) -> QuerySet[KSB]:
    """Return the KSBs of the apprenticeship's standard version."""
    return KSB.objects.filter(standard_version_id=apprenticeship.standard_version_id)


def ledger_entries(apprenticeship: Apprenticeship) -> QuerySet[OtjEntry]:
    """Return the apprenticeship's entries, newest first, with what the table shows."""
    return (
        OtjEntry.objects.filter(apprenticeship=apprenticeship)
        .select_related("activity", "logged_by", "decided_by")
        .prefetch_related("ksbs")
        .order_by("-date", "-start_time", "-pk")
    )


def _hours(minutes: int | None) -> Decimal:
    return (Decimal(minutes or 0) / 60).quantize(rules.HUNDREDTHS)


def _logged_hours(apprenticeship: Apprenticeship) -> tuple[Decimal, Decimal]:
    """Return the confirmed and the awaiting hours, in one query."""
    sums = OtjEntry.objects.filter(apprenticeship=apprenticeship).aggregate(
        confirmed=Sum("duration_minutes", filter=Q(status=OtjEntry.Status.CONFIRMED)),
        awaiting=Sum("duration_minutes", filter=Q(status=OtjEntry.Status.AWAITING_CONFIRMATION)),
    )
    return _hours(sums["confirmed"]), _hours(sums["awaiting"])


def _planned_hours(apprenticeship: Apprenticeship) -> Decimal:
    total = current_plan_activities(apprenticeship).aggregate(total=Sum("planned_otj_hours"))
    return (total["total"] or Decimal(0)).quantize(rules.HUNDREDTHS)


def otj_totals(apprenticeship: Apprenticeship) -> OtjTotals:
    """Return the apprenticeship's required, planned and confirmed off-the-job hours."""
    required = otj_required(apprenticeship, prior_learning_reduction_for(apprenticeship)).hours
    actual, _ = _logged_hours(apprenticeship)
    return OtjTotals(
        required=required,
        planned=_planned_hours(apprenticeship),
        actual=actual,
        on_track_until=rules.on_track_until(
            actual=actual,
            required=required,
            start=apprenticeship.start_date,
            planned_end=apprenticeship.planned_end_date,
            breaks=break_periods(apprenticeship),
        ),
    )


def ledger_summary(apprenticeship: Apprenticeship, *, today: date) -> LedgerSummary:
    """Return the ledger's totals, the pace expected by today and the forecast."""
    required = otj_required(apprenticeship, prior_learning_reduction_for(apprenticeship))
    actual, awaiting = _logged_hours(apprenticeship)
    breaks = break_periods(apprenticeship)
    pace = {
        "start": apprenticeship.start_date,
        "planned_end": apprenticeship.planned_end_date,
        "today": today,
        "breaks": breaks,
    }
    expected = rules.expected_to_date(required=required.hours, **pace)
    forecast = rules.forecast_at_pace(actual=actual, **pace)
    stop_facts = _stop_facts(apprenticeship)
    stopped = rules.logging_stopped(**stop_facts)
    return LedgerSummary(
        required=required,
        planned=_planned_hours(apprenticeship),
        actual=actual,
        awaiting=awaiting,
        expected=expected,
        forecast=forecast,
        behind=None
        if stopped
        else rules.behind_message(
            actual=actual, expected=expected, required=required.hours, forecast=forecast
        ),
        today=today,
        stopped=stopped,
        stopped_on=rules.logging_stopped_on(**stop_facts),
    )


def _stop_facts(apprenticeship: Apprenticeship) -> dict:
    """Return what decides whether, and since when, the apprentice's time no longer counts."""
    try:
        counts_after_gateway = funding_period_for(apprenticeship).off_the_job.counts_after_gateway
    except NoFundingPeriodError:
        counts_after_gateway = False
    return {
        "at_gateway": apprenticeship.status in AT_OR_PAST_GATEWAY,
        "gateway_date": apprenticeship.gateway_date,
        "withdrawn_on": withdrawal_date(apprenticeship),
        "counts_after_gateway": counts_after_gateway,
    }


def ledger_trajectory(
    apprenticeship: Apprenticeship,
    *,
    required: Decimal,
    today: date,
    stopped_on: date | None = None,
) -> Trajectory | None:
    """Return the confirmed and awaiting hours over time against the expected, for the chart,
    from the entries' minutes summed by day (one query, however many entries), up to today or
    to the day logging stopped."""
    by_day = (
        OtjEntry.objects.filter(
            apprenticeship=apprenticeship,
            status__in=[OtjEntry.Status.CONFIRMED, OtjEntry.Status.AWAITING_CONFIRMATION],
        )
        .values("date", "status")
        .annotate(minutes=Sum("duration_minutes"))
        .order_by()
    )
    minutes: dict[str, dict[date, int]] = {
        OtjEntry.Status.CONFIRMED: {},
        OtjEntry.Status.AWAITING_CONFIRMATION: {},
    }
    for row in by_day:
        minutes[row["status"]][row["date"]] = row["minutes"]
    return trajectory(
        required=required,
        start=apprenticeship.start_date,
        planned_end=apprenticeship.planned_end_date,
        today=today,
        breaks=break_periods(apprenticeship),
        stopped_on=stopped_on,
        confirmed_minutes=minutes[OtjEntry.Status.CONFIRMED],
        awaiting_minutes=minutes[OtjEntry.Status.AWAITING_CONFIRMATION],
    )
