from datetime import date
from decimal import Decimal

import pytest
import time_machine

from trellis.apprenticeships.models import Apprenticeship, StatusChange
from trellis.otj.models import OtjEntry, PriorLearningReduction
from trellis.otj.selectors import ledger_summary, otj_required, otj_totals
from trellis.testing.factories import ApprenticeshipFactory
from trellis.testing.otj_factories import (
    OtjEntryFactory,
    PlanActivityFactory,
    PlanVersionFactory,
)

pytestmark = pytest.mark.django_db


def working_weeks(days: int) -> float:
    return days / 7 - 5.6 * days / 365


def confirm_hours(apprenticeship, hours: int) -> None:
    """Add confirmed entries of 10 hours a day that add up to the hours."""
    for day in range(hours // 10):
        OtjEntryFactory(
            apprenticeship=apprenticeship,
            date=date(2026, 2, 1 + day),
            duration_minutes=600,
            status=OtjEntry.Status.CONFIRMED,
        )


def make(start: date, end: date, weekly: str = "30", minimum: int | None = None):
    apprenticeship = ApprenticeshipFactory(
        start_date=start, planned_end_date=end, contracted_weekly_hours=Decimal(weekly)
    )
    apprenticeship.standard_version.minimum_otj_hours = minimum
    apprenticeship.standard_version.save()
    return apprenticeship


def test_starts_before_august_2022_need_20_percent_of_contracted_hours():
    apprenticeship = make(date(2021, 9, 6), date(2022, 9, 5), weekly="30")
    required = otj_required(apprenticeship)
    assert required.hours == Decimal(str(round(0.2 * 30 * working_weeks(364), 2)))
    assert required.method.startswith("20% of 30 contracted hours a week")
    assert "2021/22" in required.source


def test_starts_from_august_2022_full_time_need_6_hours_a_week():
    apprenticeship = make(date(2023, 9, 4), date(2024, 9, 2), weekly="37.5")
    required = otj_required(apprenticeship)
    assert required.hours == Decimal(str(round(6 * working_weeks(364), 2)))
    assert required.method.startswith("6 hours a week on average")
    assert "full-time" in required.method


def test_starts_from_august_2022_part_time_need_20_percent_of_their_hours():
    apprenticeship = make(date(2024, 9, 2), date(2025, 9, 1), weekly="20")
    required = otj_required(apprenticeship)
    assert required.hours == Decimal(str(round(0.2 * 20 * working_weeks(364), 2)))
    assert "part-time" in required.method


@pytest.mark.parametrize(("published", "expected"), [(278, 278), (150, 187), (None, 187)])
def test_starts_from_august_2025_need_the_published_minimum_never_below_187(published, expected):
    apprenticeship = make(date(2025, 9, 1), date(2027, 3, 1), minimum=published)
    assert otj_required(apprenticeship).hours == Decimal(expected)


def test_a_prior_learning_reduction_comes_off_the_requirement(people):
    apprenticeship = people.amara_apprenticeship
    reduction = PriorLearningReduction.objects.create(
        apprenticeship=apprenticeship,
        hours=Decimal("20"),
        reason="Level 3 award",
        recorded_by=people.carl,
    )
    assert otj_required(apprenticeship, reduction).hours == Decimal("167.00")
    assert otj_totals(apprenticeship).required == Decimal("167.00")


def test_totals_count_confirmed_hours_and_the_current_plan(people):
    apprenticeship = people.amara_apprenticeship
    OtjEntryFactory(apprenticeship=apprenticeship, duration_minutes=90, status="confirmed")
    OtjEntryFactory(apprenticeship=apprenticeship, duration_minutes=60)
    OtjEntryFactory(
        apprenticeship=apprenticeship,
        duration_minutes=600,
        status=OtjEntry.Status.REJECTED,
        rejection_reason="Not training",
    )
    old = PlanVersionFactory(apprenticeship=apprenticeship, number=1)
    PlanActivityFactory(plan_version=old, planned_otj_hours=Decimal("100"))
    current = PlanVersionFactory(apprenticeship=apprenticeship, number=2)
    PlanActivityFactory(plan_version=current, planned_otj_hours=Decimal("12.5"))
    PlanActivityFactory(plan_version=current, planned_otj_hours=Decimal("30"))

    totals = otj_totals(apprenticeship)

    assert totals.actual == Decimal("1.50")
    assert totals.planned == Decimal("42.50")
    assert totals.required == Decimal("187.00")
    # 1.5 of 187 hours over the 546 days to the planned end cover 4 days.
    assert totals.on_track_until == date(2026, 1, 9)


def test_on_track_until_moves_on_by_a_break(people):
    apprenticeship = people.amara_apprenticeship
    OtjEntryFactory(apprenticeship=apprenticeship, duration_minutes=90, status="confirmed")
    for kind, day in (
        ("break_in_learning", date(2026, 1, 7)),
        ("return_to_learning", date(2026, 1, 17)),
    ):
        StatusChange.objects.create(
            apprenticeship=apprenticeship, kind=kind, effective_date=day, recorded_by=people.pat
        )
    assert otj_totals(apprenticeship).on_track_until == date(2026, 1, 19)


@time_machine.travel(date(2026, 7, 5))
def test_the_summary_says_why_the_apprentice_is_behind(people):
    apprenticeship = people.amara_apprenticeship
    confirm_hours(apprenticeship, 40)
    OtjEntryFactory(apprenticeship=apprenticeship, duration_minutes=120)

    summary = ledger_summary(apprenticeship, today=date(2026, 7, 5))

    # 181 of 546 days have passed: 187 * 181 / 546 = 61.99 hours expected.
    assert summary.expected == Decimal("61.99")
    assert summary.actual == Decimal("40.00")
    assert summary.awaiting == Decimal("2.00")
    assert summary.forecast == Decimal("120.66")
    assert summary.behind == (
        "21.99 hours behind: 40 confirmed against 61.99 expected by today; at this pace "
        "120.66 of 187 required by the planned end."
    )


@time_machine.travel(date(2026, 7, 5))
def test_at_gateway_the_summary_says_logging_stopped_and_nobody_is_behind(people):
    apprenticeship = people.amara_apprenticeship
    confirm_hours(apprenticeship, 40)
    apprenticeship.status = Apprenticeship.Status.GATEWAY
    apprenticeship.gateway_date = date(2026, 7, 1)
    apprenticeship.save()

    summary = ledger_summary(apprenticeship, today=date(2026, 7, 5))

    assert summary.actual == Decimal("40.00")
    assert summary.expected > summary.actual
    assert summary.behind is None
    assert summary.stopped.startswith("Off-the-job training stopped at gateway on 1 Jul 2026")


def test_the_summary_is_on_track_with_enough_hours(people):
    apprenticeship = people.amara_apprenticeship
    confirm_hours(apprenticeship, 70)
    summary = ledger_summary(apprenticeship, today=date(2026, 7, 5))
    assert summary.behind is None
