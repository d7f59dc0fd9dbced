from dataclasses import replace
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from trellis.apprenticeships.models import Apprenticeship, StatusChange
from trellis.caseload.models import CaseloadSummary
from trellis.otj.models import OtjEntry, OtjKind, PriorLearningReduction
from trellis.otj.services import (
    OtjEntryDetails,
    otj_entry_change,
    otj_entry_confirm,
    otj_entry_log,
    otj_entry_reject,
    otj_entry_withdraw,
    prior_learning_reduction_record,
)
from trellis.testing.otj_factories import PlanActivityFactory, PlanVersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 15), tick=False):
        yield


TWO_HOURS = OtjEntryDetails(
    date=date(2026, 6, 10),
    kind=OtjKind.WORKSHOP,
    description="Workshop on questioning",
    duration_minutes=120,
)


def log(people, details=TWO_HOURS, by=None):
    return otj_entry_log(
        apprenticeship=people.amara_apprenticeship, logged_by=by or people.amara, details=details
    )


def refusal(people, details, by=None) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        log(people, details, by)
    assert not OtjEntry.objects.exists()
    return caught.value.message_dict


def test_the_apprentice_logs_hours_awaiting_the_consultant(people):
    entry = log(people)
    assert entry.status == OtjEntry.Status.AWAITING_CONFIRMATION
    assert entry.logged_as == "apprentice"
    assert entry.duration_minutes == 120
    summary = CaseloadSummary.objects.get(apprenticeship=people.amara_apprenticeship)
    assert summary.otj_actual_hours == 0


def test_start_and_end_times_give_the_duration(people):
    entry = log(
        people,
        replace(TWO_HOURS, duration_minutes=None, start_time=time(9, 15), end_time=time(10, 30)),
    )
    assert entry.duration_minutes == 75


def test_the_consultant_confirms_and_the_hours_count(people):
    entry = log(people)
    otj_entry_confirm(entry=entry, confirmed_by=people.carl)
    entry.refresh_from_db()
    assert entry.status == OtjEntry.Status.CONFIRMED
    assert entry.decided_by == people.carl
    summary = CaseloadSummary.objects.get(apprenticeship=people.amara_apprenticeship)
    assert summary.otj_actual_hours == Decimal("2.00")


def test_the_apprentice_confirms_what_the_consultant_logged(people):
    entry = log(people, by=people.carl)
    assert entry.logged_as == "consultant"
    otj_entry_confirm(entry=entry, confirmed_by=people.amara)
    assert OtjEntry.objects.get().status == OtjEntry.Status.CONFIRMED


def test_the_logger_cannot_confirm_their_own_entry(people):
    entry = log(people)
    with pytest.raises(PermissionDenied, match="the training consultant confirms or rejects it"):
        otj_entry_confirm(entry=entry, confirmed_by=people.amara)
    assert OtjEntry.objects.get().status == OtjEntry.Status.AWAITING_CONFIRMATION


@pytest.mark.parametrize("name", ["erin", "pat", "cora"])
def test_no_one_else_confirms(people, name):
    entry = log(people)
    with pytest.raises(PermissionDenied):
        otj_entry_confirm(entry=entry, confirmed_by=getattr(people, name))


def test_a_rejection_needs_a_reason(people):
    entry = log(people)
    with pytest.raises(ValidationError) as caught:
        otj_entry_reject(entry=entry, rejected_by=people.carl, reason="  ")
    assert "Say why the entry is rejected" in caught.value.message_dict["reason"][0]
    otj_entry_reject(entry=entry, rejected_by=people.carl, reason="This was on-the-job work.")
    entry.refresh_from_db()
    assert entry.status == OtjEntry.Status.REJECTED
    assert entry.rejection_reason == "This was on-the-job work."


def test_a_decided_entry_cannot_be_decided_again_changed_or_withdrawn(people):
    entry = log(people)
    otj_entry_confirm(entry=entry, confirmed_by=people.carl)
    with pytest.raises(ValidationError, match="already confirmed"):
        otj_entry_reject(entry=entry, rejected_by=people.carl, reason="Oops")
    with pytest.raises(ValidationError, match="can no longer be withdrawn"):
        otj_entry_withdraw(entry=entry, withdrawn_by=people.amara)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        otj_entry_change(entry=entry, changed_by=people.amara, details=TWO_HOURS)


def test_the_logger_changes_and_withdraws_while_awaiting(people):
    entry = log(people)
    otj_entry_change(
        entry=entry, changed_by=people.amara, details=replace(TWO_HOURS, duration_minutes=180)
    )
    assert OtjEntry.objects.get().duration_minutes == 180
    with pytest.raises(PermissionDenied):
        otj_entry_withdraw(entry=entry, withdrawn_by=people.carl)
    otj_entry_withdraw(entry=entry, withdrawn_by=people.amara)
    assert not OtjEntry.objects.exists()


@pytest.mark.parametrize("name", ["erin", "pat", "dina"])
def test_only_the_apprentice_and_consultant_log(people, name):
    with pytest.raises(PermissionDenied):
        log(people, by=getattr(people, name))
    assert not OtjEntry.objects.exists()


def test_a_future_date_is_refused(people):
    errors = refusal(people, replace(TWO_HOURS, date=date(2026, 6, 16)))
    assert errors["date"] == [
        "16 Jun 2026 is in the future: log hours once they are done (today is 15 Jun 2026)."
    ]


def test_a_date_before_the_start_is_refused(people):
    errors = refusal(people, replace(TWO_HOURS, date=date(2026, 1, 4)))
    assert "before the apprenticeship started on 5 Jan 2026" in errors["date"][0]


def test_a_date_on_the_gateway_date_is_refused(people):
    Apprenticeship.objects.filter(pk=people.amara_apprenticeship.pk).update(
        gateway_date=date(2026, 6, 10)
    )
    people.amara_apprenticeship.refresh_from_db()
    errors = refusal(people, TWO_HOURS)
    assert "stops at gateway on 10 Jun 2026" in errors["date"][0]
    log(people, replace(TWO_HOURS, date=date(2026, 6, 9)))


def test_at_gateway_no_hours_are_taken(people):
    Apprenticeship.objects.filter(pk=people.amara_apprenticeship.pk).update(
        status=Apprenticeship.Status.GATEWAY
    )
    people.amara_apprenticeship.refresh_from_db()
    assert "at gateway" in refusal(people, TWO_HOURS)["date"][0]


def test_a_day_in_a_break_is_refused(people):
    for kind, day in (
        ("break_in_learning", date(2026, 6, 1)),
        ("return_to_learning", date(2026, 6, 12)),
    ):
        StatusChange.objects.create(
            apprenticeship=people.amara_apprenticeship,
            kind=kind,
            effective_date=day,
            recorded_by=people.pat,
        )
    errors = refusal(people, TWO_HOURS)
    assert "break in learning from 1 Jun 2026 to 11 Jun 2026" in errors["date"][0]


def test_a_day_after_the_withdrawal_date_is_refused_and_the_day_itself_taken(people):
    apprenticeship = people.amara_apprenticeship
    StatusChange.objects.create(
        apprenticeship=apprenticeship,
        kind="withdrawal",
        effective_date=TWO_HOURS.date - timedelta(days=1),
        recorded_by=people.pat,
    )
    Apprenticeship.objects.filter(pk=apprenticeship.pk).update(
        status=Apprenticeship.Status.WITHDRAWN
    )
    apprenticeship.refresh_from_db()

    assert "The apprentice withdrew" in refusal(people, TWO_HOURS)["date"][0]
    log(people, replace(TWO_HOURS, date=TWO_HOURS.date - timedelta(days=1)))


@pytest.mark.parametrize(
    ("details", "field", "words"),
    [
        (replace(TWO_HOURS, duration_minutes=0), "duration", "more than 0 minutes"),
        (replace(TWO_HOURS, duration_minutes=25 * 60), "duration", "at most 24 hours"),
        (replace(TWO_HOURS, duration_minutes=50), "duration", "quarter hours"),
        (
            replace(TWO_HOURS, duration_minutes=None, start_time=time(11), end_time=time(10)),
            "end_time",
            "The end time must be after the start time.",
        ),
        (
            replace(TWO_HOURS, duration_minutes=None, start_time=time(11)),
            "end_time",
            "Give both a start and an end time",
        ),
        (replace(TWO_HOURS, duration_minutes=None), "duration", "how long it took"),
    ],
)
def test_bad_durations_are_refused(people, details, field, words):
    assert words in refusal(people, details)[field][0]


def test_more_than_24_hours_in_a_day_in_total_is_refused(people):
    log(people, replace(TWO_HOURS, duration_minutes=20 * 60))
    with pytest.raises(ValidationError) as caught:
        log(people, replace(TWO_HOURS, duration_minutes=5 * 60), by=people.carl)
    assert "That makes 25 hours on 10 Jun 2026" in caught.value.message_dict["duration"][0]


def test_a_rejected_entry_does_not_count_towards_the_day_or_overlap(people):
    timed = replace(TWO_HOURS, duration_minutes=None, start_time=time(9), end_time=time(11))
    entry = log(people, timed)
    otj_entry_reject(entry=entry, rejected_by=people.carl, reason="Wrong day")
    log(people, timed)
    assert OtjEntry.objects.count() == 2


def test_overlapping_times_are_refused(people):
    log(people, replace(TWO_HOURS, duration_minutes=None, start_time=time(9), end_time=time(11)))
    with pytest.raises(ValidationError) as caught:
        log(
            people,
            replace(TWO_HOURS, duration_minutes=None, start_time=time(10), end_time=time(12)),
        )
    assert "overlap the entry from 09:00 to 11:00" in caught.value.message_dict["start_time"][0]


def test_english_and_maths_up_to_level_2_are_refused(people):
    errors = refusal(people, replace(TWO_HOURS, kind=OtjKind.ENGLISH_MATHS))
    assert "English or maths up to level 2 does not count" in errors["kind"][0]


def test_an_activity_must_come_from_the_current_plan(people):
    apprenticeship = people.amara_apprenticeship
    old = PlanActivityFactory(plan_version=PlanVersionFactory(apprenticeship=apprenticeship))
    current = PlanActivityFactory(
        plan_version=PlanVersionFactory(apprenticeship=apprenticeship, number=2)
    )
    assert (
        "current training plan" in refusal(people, replace(TWO_HOURS, activity=old))["activity"][0]
    )
    assert log(people, replace(TWO_HOURS, activity=current)).activity == current


def test_ksbs_must_come_from_the_standard(people):
    ksbs = list(people.amara_apprenticeship.standard_version.ksbs.all()[:2])
    entry = log(people, replace(TWO_HOURS, ksbs=ksbs))
    assert set(entry.ksbs.all()) == set(ksbs)


def test_the_consultant_records_a_prior_learning_reduction(people):
    apprenticeship = people.amara_apprenticeship
    prior_learning_reduction_record(
        apprenticeship=apprenticeship,
        recorded_by=people.carl,
        hours=Decimal("20"),
        reason="Holds a level 3 award in education and training",
    )
    summary = CaseloadSummary.objects.get(apprenticeship=apprenticeship)
    assert summary.otj_required_hours == Decimal("167.00")
    prior_learning_reduction_record(
        apprenticeship=apprenticeship, recorded_by=people.pat, hours=Decimal("10"), reason="Less"
    )
    assert PriorLearningReduction.objects.get(apprenticeship=apprenticeship).hours == Decimal("10")


def test_a_reduction_needs_its_reason_and_the_right_person(people):
    apprenticeship = people.amara_apprenticeship
    with pytest.raises(ValidationError) as caught:
        prior_learning_reduction_record(
            apprenticeship=apprenticeship, recorded_by=people.carl, hours=Decimal("5"), reason=""
        )
    assert "reason" in caught.value.message_dict
    for name in ("amara", "erin", "quinn"):
        with pytest.raises(PermissionDenied):
            prior_learning_reduction_record(
                apprenticeship=apprenticeship,
                recorded_by=getattr(people, name),
                hours=Decimal("5"),
                reason="x",
            )
