from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from trellis.apprenticeships.models import Apprenticeship, StatusChange
from trellis.apprenticeships.selectors import break_periods
from trellis.apprenticeships.status_changes import (
    apprenticeship_break_start,
    apprenticeship_employer_change,
    apprenticeship_return,
    apprenticeship_withdraw,
)
from trellis.caseload.models import CaseloadSummary
from trellis.otj.models import OtjEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 1), tick=False):
        yield


Status = Apprenticeship.Status


def start_break(people, on=date(2026, 3, 2), back=date(2026, 7, 1), who=None):
    return apprenticeship_break_start(
        apprenticeship=people.amara_apprenticeship,
        starts_on=on,
        expected_return_on=back,
        reason="Long-term illness",
        recorded_by=who or people.carl,
    )


def reload(apprenticeship):
    apprenticeship.refresh_from_db()
    return apprenticeship


# --- Services -----------------------------------------------------------------------------------


def test_a_break_and_a_return_move_the_status_and_are_kept_with_who_and_when(people):
    apprenticeship = people.amara_apprenticeship
    revision = apprenticeship.revision
    change = start_break(people)
    assert change.recorded_by == people.carl
    assert change.recorded_at is not None
    assert reload(apprenticeship).status == Status.BREAK_IN_LEARNING
    assert apprenticeship.revision == revision + 1
    apprenticeship_return(
        apprenticeship=apprenticeship, returns_on=date(2026, 5, 4), recorded_by=people.carl
    )
    assert reload(apprenticeship).status == Status.ON_PROGRAMME
    assert apprenticeship.revision == revision + 2
    [period] = break_periods(apprenticeship)
    assert (period.starts, period.returned_on) == (date(2026, 3, 2), date(2026, 5, 4))
    assert CaseloadSummary.objects.filter(apprenticeship=apprenticeship).exists()


def test_a_second_break_while_on_a_break_is_refused(people):
    start_break(people)
    with pytest.raises(ValidationError, match="only while the apprentice is on programme"):
        start_break(people, on=date(2026, 4, 1))
    assert StatusChange.objects.count() == 1


def test_a_return_without_a_break_is_refused(people):
    with pytest.raises(ValidationError, match="Only an apprentice on a break"):
        apprenticeship_return(
            apprenticeship=people.amara_apprenticeship,
            returns_on=date(2026, 5, 4),
            recorded_by=people.carl,
        )
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize("returns_on", [date(2026, 3, 2), date(2026, 2, 1)])
def test_a_return_on_or_before_the_break_start_is_refused(people, returns_on):
    start_break(people)
    with pytest.raises(ValidationError) as refused:
        apprenticeship_return(
            apprenticeship=people.amara_apprenticeship,
            returns_on=returns_on,
            recorded_by=people.carl,
        )
    assert "effective_date" in refused.value.message_dict
    assert reload(people.amara_apprenticeship).status == Status.BREAK_IN_LEARNING


@pytest.mark.parametrize(
    ("starts_on", "back", "field", "message"),
    [
        (date(2026, 6, 2), date(2026, 8, 1), "effective_date", "cannot be in the future"),
        (
            date(2025, 12, 1),
            date(2026, 8, 1),
            "effective_date",
            "before the apprenticeship started",
        ),
        (date(2026, 3, 2), date(2026, 3, 2), "expected_return_date", "after the break starts"),
        (date(2026, 3, 2), None, "expected_return_date", "Enter when"),
    ],
)
def test_bad_break_dates_are_refused_and_nothing_changes(people, starts_on, back, field, message):
    with pytest.raises(ValidationError) as refused:
        start_break(people, on=starts_on, back=back)
    assert message in refused.value.message_dict[field][0]
    assert reload(people.amara_apprenticeship).status == Status.ON_PROGRAMME
    assert not StatusChange.objects.exists()


def test_a_break_needs_a_reason(people):
    with pytest.raises(ValidationError, match="Say why"):
        apprenticeship_break_start(
            apprenticeship=people.amara_apprenticeship,
            starts_on=date(2026, 3, 2),
            expected_return_on=date(2026, 6, 1),
            reason="  ",
            recorded_by=people.carl,
        )


def withdraw(people, on):
    return apprenticeship_withdraw(
        apprenticeship=people.amara_apprenticeship,
        last_learning_on=on,
        reason="Left the job",
        recorded_by=people.pat,
    )


def confirmed_entry(people, on):
    return OtjEntry.objects.create(
        apprenticeship=people.amara_apprenticeship,
        date=on,
        duration_minutes=60,
        kind="workshop",
        description="Workshop",
        logged_by=people.amara,
        logged_as="apprentice",
        status=OtjEntry.Status.CONFIRMED,
    )


def test_a_withdrawal_is_dated_at_the_last_evidenced_learning(people):
    confirmed_entry(people, date(2026, 4, 20))
    change = withdraw(people, date(2026, 4, 20))
    assert change.effective_date == date(2026, 4, 20)
    assert reload(people.amara_apprenticeship).status == Status.WITHDRAWN


def test_a_withdrawal_before_confirmed_learning_is_refused(people):
    confirmed_entry(people, date(2026, 4, 20))
    with pytest.raises(ValidationError, match="20 Apr 2026 is confirmed"):
        withdraw(people, date(2026, 4, 19))
    assert reload(people.amara_apprenticeship).status == Status.ON_PROGRAMME


@pytest.mark.parametrize(
    ("on", "message"),
    [(date(2026, 6, 2), "future"), (date(2026, 1, 4), "before the apprenticeship started")],
)
def test_a_withdrawal_in_the_future_or_before_the_start_is_refused(people, on, message):
    with pytest.raises(ValidationError, match=message):
        withdraw(people, on)


@pytest.mark.parametrize("status", [Status.COMPLETED, Status.WITHDRAWN, Status.IN_EPA])
def test_a_finished_apprenticeship_cannot_be_withdrawn(people, status):
    Apprenticeship.objects.filter(pk=people.amara_apprenticeship.pk).update(status=status)
    reload(people.amara_apprenticeship)
    with pytest.raises(ValidationError, match="cannot be withdrawn"):
        withdraw(people, date(2026, 5, 1))
    assert not StatusChange.objects.exists()


def test_a_withdrawal_from_a_break_is_allowed(people):
    start_break(people)
    withdraw(people, date(2026, 3, 2))
    assert reload(people.amara_apprenticeship).status == Status.WITHDRAWN


def test_a_change_of_employer_moves_the_apprenticeship_and_the_access(people, client):
    apprenticeship = people.amara_apprenticeship
    change = apprenticeship_employer_change(
        apprenticeship=apprenticeship,
        new_employer=people.other_employer,
        changes_on=date(2026, 5, 1),
        reason="Moved to Hilltop Care",
        recorded_by=people.carl,
    )
    assert (change.previous_employer, change.new_employer) == (
        people.employer,
        people.other_employer,
    )
    assert reload(apprenticeship).employer == people.other_employer
    url = reverse("apprenticeships:detail", args=[apprenticeship.pk])
    client.force_login(people.erin)
    assert client.get(url).status_code == 404
    client.force_login(people.evan)
    assert client.get(url).status_code == 200
    client.force_login(people.amara)
    assert client.get(url).status_code == 200


def test_a_change_to_the_same_employer_is_refused(people):
    with pytest.raises(ValidationError, match="already the employer"):
        apprenticeship_employer_change(
            apprenticeship=people.amara_apprenticeship,
            new_employer=people.employer,
            changes_on=date(2026, 5, 1),
            reason="",
            recorded_by=people.carl,
        )


def test_a_change_may_not_be_dated_before_the_last_one(people):
    start_break(people, on=date(2026, 4, 1))
    with pytest.raises(ValidationError, match="before the last change of status"):
        withdraw(people, date(2026, 3, 1))


# --- Pages --------------------------------------------------------------------------------------

ACTIONS = ["status_break", "status_return", "status_withdraw", "status_employer"]


def test_the_consultant_records_a_break_and_a_return_on_the_pages(client, people):
    apprenticeship = people.amara_apprenticeship
    client.force_login(people.carl)
    response = client.post(
        reverse("apprenticeships:status_break", args=[apprenticeship.pk]),
        {"effective_date": "2026-03-02", "expected_return_date": "2026-07-01", "reason": "Ill"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("apprenticeships:status_return", args=[apprenticeship.pk]),
        {"effective_date": "2026-05-04"},
    )
    assert response.status_code == 302
    detail = client.get(reverse("apprenticeships:detail", args=[apprenticeship.pk]))
    assert "Status history" in detail.text
    assert "Return to learning" in detail.text
    assert "Expected back 1 Jul 2026" in detail.text
    assert reload(apprenticeship).status == Status.ON_PROGRAMME


def test_a_refused_return_is_explained_on_the_page(client, people):
    start_break(people)
    client.force_login(people.carl)
    response = client.post(
        reverse("apprenticeships:status_return", args=[people.amara_apprenticeship.pk]),
        {"effective_date": "2026-03-01"},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "after the break started" in response.text


def test_the_withdrawal_page_suggests_the_last_confirmed_learning(client, people):
    confirmed_entry(people, date(2026, 4, 20))
    client.force_login(people.carl)
    response = client.get(
        reverse("apprenticeships:status_withdraw", args=[people.amara_apprenticeship.pk])
    )
    assert 'value="2026-04-20"' in response.text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("amara", 403),
        ("erin", 403),
        ("quinn", 403),
        ("dina", 403),
        ("cora", 404),
        ("evan", 404),
        ("bea", 404),
        ("paula", 404),
        ("otto", 404),
    ],
)
@pytest.mark.parametrize("action", ACTIONS)
def test_only_the_consultant_and_provider_admins_change_the_status(
    client, people, name, expected, action
):
    client.force_login(getattr(people, name))
    url = reverse(f"apprenticeships:{action}", args=[people.amara_apprenticeship.pk])
    data = {
        "effective_date": "2026-03-02",
        "expected_return_date": "2026-07-01",
        "reason": "x",
        "new_employer": people.other_employer.pk,
    }
    assert client.get(url).status_code == expected
    assert client.post(url, data).status_code == expected
    assert not StatusChange.objects.exists()
    assert reload(people.amara_apprenticeship).status == Status.ON_PROGRAMME


@pytest.mark.parametrize("name", ["carl", "pat"])
def test_the_consultant_and_provider_admin_see_the_actions(client, people, name):
    client.force_login(getattr(people, name))
    detail = client.get(reverse("apprenticeships:detail", args=[people.amara_apprenticeship.pk]))
    assert "Record a break in learning" in detail.text
    assert "Record a return" not in detail.text


def test_readers_see_the_history_but_no_actions(client, people):
    start_break(people)
    client.force_login(people.erin)
    detail = client.get(reverse("apprenticeships:detail", args=[people.amara_apprenticeship.pk]))
    assert "Long-term illness" in detail.text
    assert "Record a" not in detail.text
