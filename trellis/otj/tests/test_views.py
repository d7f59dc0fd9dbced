from datetime import date

import pytest
import time_machine
from django.urls import reverse

from trellis.apprenticeships.models import Apprenticeship, StatusChange
from trellis.otj.models import OtjEntry, PriorLearningReduction
from trellis.testing.otj_factories import OtjEntryFactory

pytestmark = pytest.mark.django_db

READERS = ["amara", "carl", "erin", "pat", "quinn", "dina"]
OUTSIDERS = ["bea", "cora", "evan", "paula", "otto", "ada", "ian", "mo"]
ENTRY = {
    "date": "2026-06-10",
    "hours": "2",
    "minutes": "30",
    "kind": "workshop",
    "description": "Workshop on questioning",
}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 15), tick=False):
        yield


def url(people, name="index", **kwargs):
    return reverse(f"otj:{name}", kwargs={"pk": people.amara_apprenticeship.pk, **kwargs})


def as_user(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", READERS)
def test_everyone_who_sees_the_apprenticeship_reads_the_ledger(client, people, name):
    OtjEntryFactory(apprenticeship=people.amara_apprenticeship)
    response = as_user(client, getattr(people, name)).get(url(people))
    assert response.status_code == 200
    assert b"Workshop on giving feedback" in response.content
    assert (b"Log the hours" in response.content) == (name in ("amara", "carl"))


@pytest.mark.parametrize("name", OUTSIDERS)
def test_outsiders_see_nothing_and_change_nothing(client, people, name):
    entry = OtjEntryFactory(apprenticeship=people.amara_apprenticeship)
    client = as_user(client, getattr(people, name))
    assert client.get(url(people)).status_code == 404
    assert client.post(url(people, "entry_log"), ENTRY).status_code == 404
    assert client.post(url(people, "entry_confirm", entry_id=entry.pk)).status_code == 404
    assert (
        client.post(url(people, "entry_reject", entry_id=entry.pk), {"reason": "x"}).status_code
        == 404
    )
    assert client.post(url(people, "entry_withdraw", entry_id=entry.pk)).status_code == 404
    assert (
        client.post(url(people, "prior_learning_record"), {"hours": "5", "reason": "x"}).status_code
        == 404
    )
    entry.refresh_from_db()
    assert entry.status == OtjEntry.Status.AWAITING_CONFIRMATION
    assert OtjEntry.objects.count() == 1


@pytest.mark.parametrize("name", ["erin", "quinn", "dina"])
def test_read_only_parties_get_403_on_every_write(client, people, name):
    entry = OtjEntryFactory(apprenticeship=people.amara_apprenticeship)
    client = as_user(client, getattr(people, name))
    assert client.post(url(people, "entry_log"), ENTRY).status_code == 403
    assert client.post(url(people, "entry_confirm", entry_id=entry.pk)).status_code == 403
    assert client.get(url(people, "entry_reject", entry_id=entry.pk)).status_code == 403
    assert (
        client.post(url(people, "entry_reject", entry_id=entry.pk), {"reason": "x"}).status_code
        == 403
    )
    assert client.post(url(people, "entry_withdraw", entry_id=entry.pk)).status_code == 403
    assert client.get(url(people, "entry_edit", entry_id=entry.pk)).status_code == 403
    assert (
        client.post(url(people, "prior_learning_record"), {"hours": "5", "reason": "x"}).status_code
        == 403
    )
    entry.refresh_from_db()
    assert entry.status == OtjEntry.Status.AWAITING_CONFIRMATION
    assert not PriorLearningReduction.objects.exists()


def test_the_apprentice_logs_and_the_consultant_confirms(client, people):
    response = as_user(client, people.amara).post(url(people, "entry_log"), ENTRY, follow=True)
    assert b"2.5 hours on 10 Jun 2026 logged, awaiting confirmation." in response.content
    entry = OtjEntry.objects.get()
    assert entry.duration_minutes == 150
    # The apprentice sees no Confirm button on her own entry, and cannot confirm it.
    assert b"Confirm<span" not in response.content
    assert client.post(url(people, "entry_confirm", entry_id=entry.pk)).status_code == 403

    response = as_user(client, people.carl).get(url(people))
    assert b"Confirm<span" in response.content
    response = client.post(url(people, "entry_confirm", entry_id=entry.pk), follow=True)
    assert b"2.5 hours on 10 Jun 2026 confirmed." in response.content
    entry.refresh_from_db()
    assert entry.status == OtjEntry.Status.CONFIRMED


def test_a_refused_entry_shows_its_message_and_keeps_the_input(client, people):
    response = as_user(client, people.amara).post(
        url(people, "entry_log"), {**ENTRY, "date": "2026-06-20"}
    )
    assert response.status_code == 200
    assert "20 Jun 2026 is in the future" in response.content.decode()
    assert b"Workshop on questioning" in response.content
    assert not OtjEntry.objects.exists()


def test_times_and_a_duration_together_are_refused(client, people):
    response = as_user(client, people.amara).post(
        url(people, "entry_log"), {**ENTRY, "start_time": "09:00", "end_time": "10:00"}
    )
    assert b"Give start and end times or how long, not both." in response.content
    assert not OtjEntry.objects.exists()


def test_the_consultant_rejects_with_a_reason(client, people):
    entry = OtjEntryFactory(apprenticeship=people.amara_apprenticeship)
    client = as_user(client, people.carl)
    response = client.post(url(people, "entry_reject", entry_id=entry.pk), {"reason": ""})
    assert b"Say why the entry is rejected" in response.content
    response = client.post(
        url(people, "entry_reject", entry_id=entry.pk),
        {"reason": "This was your usual work."},
        follow=True,
    )
    assert b"This was your usual work." in response.content
    entry.refresh_from_db()
    assert entry.status == OtjEntry.Status.REJECTED


def test_the_logger_changes_and_withdraws_an_awaiting_entry(client, people):
    entry = OtjEntryFactory(apprenticeship=people.amara_apprenticeship)
    client = as_user(client, people.amara)
    assert client.get(url(people, "entry_edit", entry_id=entry.pk)).status_code == 200
    client.post(
        url(people, "entry_edit", entry_id=entry.pk), {**ENTRY, "hours": "3", "minutes": "0"}
    )
    entry.refresh_from_db()
    assert entry.duration_minutes == 180
    assert (
        as_user(client, people.carl)
        .post(url(people, "entry_withdraw", entry_id=entry.pk))
        .status_code
        == 403
    )
    as_user(client, people.amara).post(url(people, "entry_withdraw", entry_id=entry.pk))
    assert not OtjEntry.objects.exists()


def test_the_ledger_says_why_the_apprentice_is_behind(client, people):
    response = as_user(client, people.erin).get(url(people))
    assert "hours behind: 0 confirmed against" in response.content.decode()


def test_after_a_withdrawal_the_ledger_offers_no_logging_and_flags_nothing(client, people):
    apprenticeship = people.amara_apprenticeship
    learning = as_user(client, people.amara).get(url(people)).content.decode()
    assert 'id="log-hours"' in learning and "hours behind" in learning
    StatusChange.objects.create(
        apprenticeship=apprenticeship,
        kind=StatusChange.Kind.WITHDRAWAL,
        effective_date=date(2026, 6, 1),
        recorded_by=people.pat,
    )
    Apprenticeship.objects.filter(pk=apprenticeship.pk).update(
        status=Apprenticeship.Status.WITHDRAWN
    )
    page = as_user(client, people.amara).get(url(people)).content.decode()
    assert "Off-the-job training stopped on 1 Jun 2026" in page
    assert "until logging stopped on 1 Jun 2026" in page
    assert "hours behind" not in page
    # Neither the cards nor the chart's summary speak of hours expected by today.
    assert "expected by today" not in page
    assert 'card__label">forecast by the planned end' not in page
    assert 'id="log-hours"' not in page


def test_the_consultant_records_a_prior_learning_reduction(client, people):
    client = as_user(client, people.carl)
    response = client.post(url(people, "prior_learning_record"), {"hours": "20", "reason": ""})
    assert b"Say what prior learning the reduction is for." in response.content
    response = client.post(
        url(people, "prior_learning_record"),
        {"hours": "20", "reason": "Level 3 award in education and training"},
        follow=True,
    )
    assert b"20 hours taken off: Level 3 award" in response.content
    assert PriorLearningReduction.objects.get().hours == 20


def test_the_log_form_defaults_to_today(client, people):
    response = as_user(client, people.amara).get(url(people))
    assert b'value="2026-06-15"' in response.content


def test_the_consultant_is_told_what_awaits_them(client, people):
    OtjEntryFactory(apprenticeship=people.amara_apprenticeship)
    response = as_user(client, people.carl).get(url(people))
    assert (
        "1 entry logged by your apprentice awaits your confirmation." in response.content.decode()
    )
    response = as_user(client, people.amara).get(url(people))
    assert b"awaits your confirmation" not in response.content


def test_entries_are_shown_fifteen_to_a_page(client, people):
    for day in range(1, 18):
        OtjEntryFactory(apprenticeship=people.amara_apprenticeship, date=date(2026, 3, day))
    response = as_user(client, people.carl).get(url(people))
    assert response.content.count(b'id="entry-') == 15
    assert b"Page 1 of 2 (17 entries)" in response.content
    response = client.get(url(people), {"page": 2})
    assert response.content.count(b'id="entry-') == 2
