from datetime import UTC, date, datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from trellis.booking.models import DateRange
from trellis.testing.gateway_factories import accepted, offered

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 12, tzinfo=UTC), tick=False)


@pytest.fixture
def booking(people):
    return accepted(people.amara_apprenticeship)


def url(people):
    return reverse("booking:offer_dates", args=[people.amara_apprenticeship.pk])


def test_the_employer_contact_sees_the_notice_rule(client, people, booking):
    client.force_login(people.erin)
    response = client.get(url(people))
    assert response.status_code == 200
    assert "at least 7 days' notice: offer dates from Monday 30 Nov 2026 on" in response.text
    assert 'type="date"' in response.text


def test_the_employer_contact_offers_a_range(
    client, people, booking, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(people.erin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(people),
            {
                "available_from": "2026-12-01",
                "available_until": "2027-01-15",
                "notes": "Not on Fridays.",
            },
            follow=True,
        )
    offered_range = DateRange.objects.get()
    assert (offered_range.available_from, offered_range.available_until) == (
        date(2026, 12, 1),
        date(2027, 1, 15),
    )
    assert offered_range.given_by == people.erin
    assert response.redirect_chain[-1][0] == reverse(
        "gateway:readiness", args=[people.amara_apprenticeship.pk]
    )
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert said[0].startswith("Dates offered: 1 Dec 2026 to 15 Jan 2027.")
    assert "1 Dec 2026 to 15 Jan 2027" in response.text


def test_a_range_that_leaves_too_little_notice_is_refused_by_field(client, people, booking):
    client.force_login(people.erin)
    response = client.post(
        url(people), {"available_from": "2026-11-20", "available_until": "2026-11-27"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "cannot be in the past" in form.errors["available_from"][0]
    assert "must reach 30 Nov 2026 or later" in form.errors["available_until"][0]
    assert not DateRange.objects.exists()


def test_the_last_date_before_the_first_is_refused(client, people, booking):
    client.force_login(people.erin)
    response = client.post(
        url(people), {"available_from": "2027-01-10", "available_until": "2027-01-01"}
    )
    assert "must not be before the first" in response.context["form"].errors["available_until"][0]


def test_a_new_range_starts_from_the_one_given(client, people, booking):
    offered(booking)
    client.force_login(people.erin)
    response = client.get(url(people))
    assert response.context["form"].initial["available_from"] == date(2026, 12, 3)
    assert "New dates replace these." in response.text


@pytest.mark.parametrize("name", ["amara", "carl", "pat"])
def test_others_on_the_record_may_not_offer_dates(client, people, booking, name):
    client.force_login(getattr(people, name))
    assert client.get(url(people)).status_code == 403
    response = client.post(
        url(people), {"available_from": "2026-12-01", "available_until": "2027-01-15"}
    )
    assert response.status_code == 403
    assert not DateRange.objects.exists()


@pytest.mark.parametrize("name", ["evan", "ada", "ian", "otto", "paula"])
def test_outsiders_get_not_found(client, people, booking, name):
    client.force_login(getattr(people, name))
    assert client.get(url(people)).status_code == 404


def test_no_booking_yet_is_not_found(client, people):
    client.force_login(people.erin)
    assert client.get(url(people)).status_code == 404
