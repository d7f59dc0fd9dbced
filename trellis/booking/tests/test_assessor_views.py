from datetime import UTC, date, datetime, time

import pytest
from django.urls import reverse

from trellis.booking.models import ConflictOfInterest
from trellis.booking.selectors import activities, independence_problems
from trellis.booking.services import DayDetails, assessor_assign, epa_date_book
from trellis.testing.gateway_factories import accepted, offered

pytestmark = pytest.mark.django_db

NOT_ASSESSORS = ["ada", "mo", "paula", "otto", "carl", "pat", "amara", "erin"]


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 12, tzinfo=UTC), tick=False)


@pytest.fixture
def booking(people):
    found = accepted(people.amara_apprenticeship)
    return assessor_assign(booking=found, assigned_by=people.ada, assessor=people.ian)


def url(booking, name="assessment"):
    return reverse(f"booking:{name}", args=[booking.pk])


@pytest.mark.parametrize("name", NOT_ASSESSORS)
def test_only_assessors_reach_their_pages(client, people, booking, name):
    client.force_login(getattr(people, name))
    for page in (
        reverse("booking:schedule"),
        reverse("booking:conflicts"),
        url(booking),
        url(booking, "assessment_showcase_pdf"),
    ):
        assert client.get(page).status_code == 404, page


def test_another_assessor_sees_nothing_of_the_assessment(client, people, booking):
    offered(booking)
    client.force_login(people.isla)
    assert client.get(reverse("booking:schedule")).status_code == 200
    assert "Amara Example" not in client.get(reverse("booking:schedule")).text
    assert client.get(url(booking)).status_code == 404
    assert client.get(url(booking, "assessment_showcase_pdf")).status_code == 404
    assert client.get(url(booking, "assessment_showcase_zip")).status_code == 404


def test_the_showcase_opens_once_the_employer_offers_dates(client, people, booking):
    client.force_login(people.ian)
    response = client.get(url(booking))
    assert response.status_code == 200
    assert "The Showcase opens to you once the employer has offered dates." in response.text
    assert url(booking, "assessment_showcase_pdf") not in response.text
    assert client.get(url(booking, "assessment_showcase_pdf")).status_code == 404
    assert client.get(url(booking, "assessment_showcase_zip")).status_code == 404

    offered(booking)
    response = client.get(url(booking))
    assert "The Showcase opens to you" not in response.text
    assert url(booking, "assessment_showcase_pdf") in response.text
    pdf = client.get(url(booking, "assessment_showcase_pdf"))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert client.get(url(booking, "assessment_showcase_zip")).status_code == 200


def test_the_schedule_lists_the_assessors_days(client, people, booking):
    offered(booking)
    booking.refresh_from_db()
    epa_date_book(
        booking=booking,
        booked_by=people.ada,
        details=DayDetails(
            day=date(2026, 12, 7),
            starts_at=time(9),
            ends_at=time(16),
            activity=activities(booking.apprenticeship)[0],
            location="Riverside College",
        ),
    )
    client.force_login(people.ian)
    response = client.get(reverse("booking:schedule"))
    assert response.status_code == 200
    assert "Monday 7 Dec 2026" in response.text
    assert url(booking) in response.text
    assert reverse("booking:conflicts") in response.text
    page = client.get(url(booking)).text
    assert "Riverside College" in page and "erin@trellis.example" in page


def test_an_assessor_declares_and_withdraws_a_conflict(client, people, booking):
    client.force_login(people.isla)
    response = client.post(reverse("booking:conflicts"), {"description": "My sister."})
    assert "Choose an organisation or one of your apprentices." in response.text
    response = client.post(
        reverse("booking:conflicts"),
        {"organisation": people.employer.pk, "description": "I worked there until 2025."},
        follow=True,
    )
    conflict = ConflictOfInterest.objects.get()
    assert conflict.organisation == people.employer
    assert "I worked there until 2025." in response.text
    assert "Active" in response.text
    assert independence_problems(people.isla, people.amara_apprenticeship)

    client.force_login(people.ian)
    withdraw = reverse("booking:withdraw_conflict", args=[conflict.pk])
    assert client.post(withdraw).status_code == 404
    conflict.refresh_from_db()
    assert conflict.withdrawn_at is None

    client.force_login(people.isla)
    response = client.post(withdraw, follow=True)
    conflict.refresh_from_db()
    assert conflict.withdrawn_at is not None
    assert "Withdrawn" in response.text
    assert not independence_problems(people.isla, people.amara_apprenticeship)


def test_an_assessor_declares_a_conflict_with_an_apprentice_assigned(client, people, booking):
    client.force_login(people.ian)
    form = client.get(reverse("booking:conflicts")).text
    assert "Amara Example" in form
    client.post(
        reverse("booking:conflicts"),
        {"apprenticeship": people.amara_apprenticeship.pk, "description": "A neighbour."},
    )
    conflict = ConflictOfInterest.objects.get()
    assert conflict.apprenticeship == people.amara_apprenticeship
    response = client.post(
        reverse("booking:conflicts"),
        {"apprenticeship": people.bea_apprenticeship.pk, "description": "Guessing."},
    )
    assert response.status_code == 200
    assert ConflictOfInterest.objects.count() == 1
