from datetime import date, time, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.booking.services import DayDetails, epa_date_book
from trellis.caseload.models import CaseloadSummary
from trellis.notices.models import DeliveryChoice, Notice
from trellis.organisations.roles import Role
from trellis.otj.models import OtjEntry
from trellis.reminders.models import SentReminder
from trellis.reminders.services import reminders_send
from trellis.testing.epa_factories import assigned
from trellis.testing.factories import MembershipFactory, UserFactory
from trellis.testing.gateway_factories import make_ready
from trellis.testing.otj_factories import OtjEntryFactory
from trellis.testing.plans_factories import (
    PlanActivityFactory,
    PlanSignatureFactory,
    PlanVersionFactory,
)

TODAY = date(2026, 12, 4)


def _review_due(apprenticeship, on: date) -> None:
    CaseloadSummary.objects.update_or_create(
        apprenticeship=apprenticeship, defaults={"next_review_due": on}
    )


def _emailed() -> list[str]:
    return sorted(message.to[0] for message in mail.outbox)


def test_a_review_due_this_week_reminds_the_three_parties_once(people):
    _review_due(people.amara_apprenticeship, TODAY + timedelta(days=5))

    first = reminders_send(today=TODAY)
    second = reminders_send(today=TODAY + timedelta(days=1))

    assert first.sent == 3 and second.sent == 0
    assert _emailed() == sorted([people.amara.email, people.carl.email, people.erin.email])
    notices = Notice.objects.filter(title__startswith="Progress review due")
    assert sorted(n.recipient_id for n in notices) == sorted(
        [people.amara.pk, people.carl.pk, people.erin.pk]
    )
    assert all(
        n.url == f"/apprenticeships/{people.amara_apprenticeship.pk}/reviews/" for n in notices
    )


def test_a_review_once_overdue_reminds_the_consultant_again(people):
    due_on = TODAY + timedelta(days=2)
    _review_due(people.amara_apprenticeship, due_on)
    reminders_send(today=TODAY)
    mail.outbox.clear()

    late = reminders_send(today=due_on + timedelta(days=1))

    assert late.sent == 1
    assert _emailed() == [people.carl.email]
    assert mail.outbox[0].subject.startswith("Progress review overdue")


def test_someone_who_chose_in_trellis_only_gets_a_notice_and_no_email(people):
    DeliveryChoice.objects.create(user=people.erin, channel=DeliveryChoice.Channel.IN_APP)
    _review_due(people.amara_apprenticeship, TODAY + timedelta(days=5))

    result = reminders_send(today=TODAY)

    assert result.sent == 3 and result.by_email == 2
    assert people.erin.email not in _emailed()
    assert Notice.objects.filter(recipient=people.erin).count() == 1
    assert SentReminder.objects.get(recipient=people.erin).channel == "in_app"


def test_a_withdrawn_apprenticeship_gets_no_reminders(people):
    _review_due(people.amara_apprenticeship, TODAY + timedelta(days=5))
    Apprenticeship.objects.filter(pk=people.amara_apprenticeship.pk).update(
        status=Apprenticeship.Status.WITHDRAWN
    )

    assert reminders_send(today=TODAY).sent == 0


def test_a_plan_awaiting_signatures_reminds_only_those_who_have_not_signed(people):
    apprenticeship = people.amara_apprenticeship
    version = PlanVersionFactory(apprenticeship=apprenticeship)
    PlanActivityFactory(plan_version=version)
    PlanSignatureFactory(plan_version=version, party="consultant", signed_by=people.carl)
    older = PlanVersionFactory(apprenticeship=people.bea_apprenticeship)  # no activities yet

    result = reminders_send(today=TODAY)

    assert result.sent == 2
    assert _emailed() == sorted([people.amara.email, people.erin.email])
    assert older.pk not in {
        int(k.split(":")[1]) for k in SentReminder.objects.values_list("key", flat=True)
    }


def test_only_the_current_plan_version_is_reminded(people):
    apprenticeship = people.amara_apprenticeship
    first = PlanVersionFactory(apprenticeship=apprenticeship, number=1)
    PlanActivityFactory(plan_version=first)
    current = PlanVersionFactory(apprenticeship=apprenticeship, number=2)
    PlanActivityFactory(plan_version=current)
    for party, person in (
        ("apprentice", people.amara),
        ("consultant", people.carl),
        ("employer", people.erin),
    ):
        PlanSignatureFactory(plan_version=current, party=party, signed_by=person)

    assert reminders_send(today=TODAY).sent == 0


def test_hours_to_confirm_remind_the_other_side_and_again_for_a_newer_entry(people):
    apprenticeship = people.amara_apprenticeship
    OtjEntryFactory(apprenticeship=apprenticeship, status=OtjEntry.Status.AWAITING_CONFIRMATION)
    OtjEntryFactory(apprenticeship=apprenticeship, status=OtjEntry.Status.CONFIRMED)

    first = reminders_send(today=TODAY)
    again = reminders_send(today=TODAY)
    OtjEntryFactory(apprenticeship=apprenticeship, status=OtjEntry.Status.AWAITING_CONFIRMATION)
    newer = reminders_send(today=TODAY)

    assert (first.sent, again.sent, newer.sent) == (1, 0, 1)
    assert _emailed() == [people.carl.email, people.carl.email]
    assert "2 off-the-job entries" in mail.outbox[1].body


def test_an_assessment_day_in_the_week_ahead_reminds_everyone_taking_part(people):
    apprenticeship = make_ready(people.amara_apprenticeship)
    booking = assigned(apprenticeship, assessor=people.ian)
    today = timezone.localdate()
    offered_from = booking.date_ranges.get().available_from
    epa_date_book(
        booking=booking,
        booked_by=people.ada,
        details=DayDetails(
            day=offered_from,
            starts_at=time(9),
            ends_at=time(12),
            activity="Observation",
            location="Riverside College",
        ),
    )
    mail.outbox.clear()

    result = reminders_send(today=offered_from - timedelta(days=7))
    early = reminders_send(today=today)

    assert result.sent == 4 and early.sent == 0
    assert _emailed() == sorted(
        [people.amara.email, people.carl.email, people.erin.email, people.ian.email]
    )
    to_ian = next(m for m in mail.outbox if m.to == [people.ian.email])
    assert f"/assessments/{booking.pk}/" in to_ian.body
    assert people.evan.email not in _emailed()


def test_an_incomplete_showcase_near_the_planned_gateway_reminds_apprentice_and_consultant(
    people,
):
    apprenticeship = people.amara_apprenticeship
    Apprenticeship.objects.filter(pk=people.bea_apprenticeship.pk).update(
        planned_end_date=apprenticeship.planned_end_date + timedelta(days=90)
    )

    far = reminders_send(today=apprenticeship.planned_end_date - timedelta(days=29))
    near = reminders_send(today=apprenticeship.planned_end_date - timedelta(days=28))

    assert far.sent == 0 and near.sent == 2
    assert _emailed() == sorted([people.amara.email, people.carl.email])
    assert "Showcase" in mail.outbox[0].subject


def test_a_reminder_whose_email_fails_is_not_recorded_and_goes_next_time(people, monkeypatch):
    _review_due(people.amara_apprenticeship, TODAY + timedelta(days=5))

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("trellis.reminders.services.EmailMessage.send", refuse)
    with pytest.raises(ConnectionRefusedError):
        reminders_send(today=TODAY)
    assert not SentReminder.objects.exists() and not Notice.objects.exists()
    monkeypatch.undo()

    assert reminders_send(today=TODAY).sent == 3


def test_an_inactive_contact_is_not_reminded(people):
    gone = UserFactory(email="gone@riverside.example", is_active=False)
    MembershipFactory(user=gone, organisation=people.employer, role=Role.EMPLOYER_CONTACT)
    _review_due(people.amara_apprenticeship, TODAY + timedelta(days=5))

    reminders_send(today=TODAY)

    assert gone.email not in _emailed()


def test_the_command_prints_the_count_first_and_sends_nothing_twice(people):
    _review_due(people.amara_apprenticeship, TODAY + timedelta(days=5))
    first, second = StringIO(), StringIO()

    call_command("send_reminders", "--date", "2026-12-04", stdout=first)
    call_command("send_reminders", "--date", "2026-12-04", stdout=second)

    assert first.getvalue().splitlines()[0] == "3 reminders sent"
    assert "progress review due within a week: 3" in first.getvalue()
    assert second.getvalue().splitlines()[0] == "0 reminders sent"


def test_a_dry_run_sends_and_records_nothing(people):
    _review_due(people.amara_apprenticeship, TODAY + timedelta(days=5))
    out = StringIO()

    call_command("send_reminders", "--date", "2026-12-04", "--dry-run", stdout=out)

    assert out.getvalue().startswith("3 reminders to send")
    assert not mail.outbox and not SentReminder.objects.exists()


def test_the_command_says_how_to_write_a_date(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "4/12/2026")
