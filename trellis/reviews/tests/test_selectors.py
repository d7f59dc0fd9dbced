from datetime import date
from decimal import Decimal

import pytest
import time_machine

from trellis.apprenticeships.models import Apprenticeship, StatusChange
from trellis.otj.models import OtjEntry
from trellis.reviews.selectors import confirmed_otj_hours_since, review_schedule
from trellis.testing.reviews_factories import recorded_review

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 1), tick=False):
        yield


def test_the_first_review_falls_due_one_cadence_after_the_start(people):
    # Starts 5 Jan 2026, after 1 Aug 2025: every 3 calendar months.
    assert review_schedule(people.amara_apprenticeship).next_due == date(2026, 4, 5)


@pytest.mark.parametrize(
    "status",
    [
        Apprenticeship.Status.GATEWAY,
        Apprenticeship.Status.IN_EPA,
        Apprenticeship.Status.COMPLETED,
        Apprenticeship.Status.WITHDRAWN,
    ],
)
def test_no_review_is_due_from_gateway_on(people, status):
    apprenticeship = people.amara_apprenticeship
    recorded_review(apprenticeship, held_on=date(2026, 4, 1))
    Apprenticeship.objects.filter(pk=apprenticeship.pk).update(status=status)
    apprenticeship.refresh_from_db()
    assert review_schedule(apprenticeship).next_due is None
    assert review_schedule(apprenticeship).last_review_on == date(2026, 4, 1)


def test_a_break_in_learning_postpones_the_review(people):
    apprenticeship = people.amara_apprenticeship
    for kind, day in (
        (StatusChange.Kind.BREAK_IN_LEARNING, date(2026, 2, 1)),
        (StatusChange.Kind.RETURN_TO_LEARNING, date(2026, 3, 3)),
    ):
        StatusChange.objects.create(
            apprenticeship=apprenticeship, kind=kind, effective_date=day, recorded_by=people.carl
        )
    assert review_schedule(apprenticeship).next_due == date(2026, 5, 5)


def test_an_open_break_leaves_no_review_due(people):
    apprenticeship = people.amara_apprenticeship
    StatusChange.objects.create(
        apprenticeship=apprenticeship,
        kind=StatusChange.Kind.BREAK_IN_LEARNING,
        effective_date=date(2026, 2, 1),
        recorded_by=people.carl,
    )
    assert review_schedule(apprenticeship).next_due is None


def test_otj_hours_since_count_only_confirmed_entries_after_the_day(people):
    apprenticeship = people.amara_apprenticeship
    for day, minutes, status in (
        (date(2026, 3, 1), 600, OtjEntry.Status.CONFIRMED),
        (date(2026, 4, 10), 90, OtjEntry.Status.CONFIRMED),
        (date(2026, 4, 11), 60, OtjEntry.Status.AWAITING_CONFIRMATION),
        (date(2026, 4, 12), 60, OtjEntry.Status.REJECTED),
    ):
        OtjEntry.objects.create(
            apprenticeship=apprenticeship,
            date=day,
            duration_minutes=minutes,
            kind="workshop",
            description="Workshop",
            logged_by=people.amara,
            logged_as="apprentice",
            status=status,
            rejection_reason="Not training" if status == OtjEntry.Status.REJECTED else "",
        )
    assert confirmed_otj_hours_since(apprenticeship, date(2026, 4, 1)) == Decimal("1.50")
    assert confirmed_otj_hours_since(apprenticeship, None) == Decimal("11.50")
