from datetime import UTC, date, datetime, time

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from trellis.booking import selectors
from trellis.booking.models import Booking, EpaDate
from trellis.booking.services import DayDetails, assessor_assign, epa_date_book
from trellis.gateway.models import GatewayAttempt
from trellis.organisations.models import Membership
from trellis.testing.factories import ApprenticeshipFactory, MembershipFactory
from trellis.testing.gateway_factories import accepted, offered

pytestmark = pytest.mark.django_db

OUTSIDERS = ["ian", "isla", "paula", "otto", "carl", "pat", "amara", "erin"]
MONDAY = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def booking(people):
    found = accepted(people.amara_apprenticeship)
    offered(found)
    found.refresh_from_db()
    return found


def booking_url(booking, name="booking"):
    return reverse(f"booking:{name}", args=[booking.pk])


def activity(booking) -> str:
    return selectors.activities(booking.apprenticeship)[0]


def day_form(day: date, **extra) -> dict:
    return {
        "day": day.isoformat(),
        "starts_at": "09:30",
        "ends_at": "15:00",
        "location": "Riverside College, Main Building",
        **extra,
    }


def book(booking, people, day: date) -> EpaDate:
    if booking.assessor_id is None:
        assessor_assign(booking=booking, assigned_by=people.ada, assessor=people.ian)
    return epa_date_book(
        booking=booking,
        booked_by=people.ada,
        details=DayDetails(
            day=day,
            starts_at=time(9, 30),
            ends_at=time(15),
            activity=activity(booking),
            location="Riverside College",
        ),
    )


@pytest.mark.parametrize("name", ["ada", "mo"])
def test_the_epao_staff_see_the_bookings(client, people, booking, name):
    client.force_login(getattr(people, name))
    response = client.get(reverse("booking:bookings"))
    assert response.status_code == 200
    assert "Amara Example" in response.text
    assert "Dates offered" in response.text
    assert "3 Dec 2026 to 2 Jan 2027" in response.text
    response = client.get(booking_url(booking))
    assert response.status_code == 200
    assert "erin@trellis.example" in response.text
    assert "amara@trellis.example" in response.text
    assert ("Book the day" in response.text) == (name == "ada")
    assert ("Save the assessor" in response.text) == (name == "ada")


@pytest.mark.parametrize("name", OUTSIDERS)
def test_nobody_else_reaches_the_bookings(client, people, booking, name):
    client.force_login(getattr(people, name))
    for url in (
        reverse("booking:bookings"),
        booking_url(booking),
        reverse("booking:calendar"),
        reverse("booking:assessors"),
        reverse("booking:assessor_schedule", args=[people.ian.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        booking_url(booking, "assign"), {"assessor": people.ian.pk, "revision": booking.revision}
    )
    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.assessor is None


def test_the_moderator_may_not_act(client, people, booking):
    client.force_login(people.mo)
    response = client.post(
        booking_url(booking, "assign"), {"assessor": people.ian.pk, "revision": booking.revision}
    )
    assert response.status_code == 403
    response = client.post(booking_url(booking, "book_date"), day_form(date(2026, 12, 7)))
    assert response.status_code == 403
    epa_date = book(booking, people, date(2026, 12, 7))
    assert client.get(reverse("booking:move_date", args=[epa_date.pk])).status_code == 403
    cancel = reverse("booking:cancel_date", args=[epa_date.pk])
    assert client.post(cancel, {"reason": "Ill."}).status_code == 403
    epa_date.refresh_from_db()
    assert epa_date.status == EpaDate.Status.BOOKED


def test_the_admin_assigns_an_independent_assessor_seeing_their_workload(client, people, booking):
    client.force_login(people.ada)
    page = client.get(booking_url(booking)).text
    assert "Ian Example: 0 apprentices, 0 days booked in the next 30 days" in page
    response = client.post(
        booking_url(booking, "assign"),
        {"assessor": people.ian.pk, "adviser": people.isla.pk, "revision": booking.revision},
        follow=True,
    )
    booking.refresh_from_db()
    assert (booking.assessor, booking.adviser) == (people.ian, people.isla)
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert said[0].startswith("Ian Example is the independent assessor")


def test_an_assessor_tied_to_the_provider_is_marked_and_refused(client, people, booking):
    MembershipFactory(
        user=people.isla, organisation=people.provider, role=Membership.RoleChoice.CONSULTANT
    )
    client.force_login(people.ada)
    page = client.get(booking_url(booking)).text
    assert "(not independent)" in page
    assert "Not independent of Amara Example" in page
    response = client.post(
        booking_url(booking, "assign"), {"assessor": people.isla.pk, "revision": booking.revision}
    )
    assert response.status_code == 200
    assert "Northway Training" in response.text
    assert "Choose someone independent." in response.text
    booking.refresh_from_db()
    assert booking.assessor is None


def test_a_day_at_six_days_notice_is_refused_naming_the_earliest(
    client, people, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    time_machine.move_to(datetime(2026, 11, 21, 12, tzinfo=UTC), tick=False)
    found = accepted(people.amara_apprenticeship)
    offered(found, days_from=7, days_until=30)
    assessor_assign(booking=found, assigned_by=people.ada, assessor=people.ian)
    time_machine.move_to(MONDAY, tick=False)
    client.force_login(people.ada)
    page = client.get(booking_url(found)).text
    assert "the earliest date allowed is Monday 30 Nov 2026" in page
    response = client.post(
        booking_url(found, "book_date"), day_form(date(2026, 11, 29), activity=activity(found))
    )
    assert response.status_code == 200
    assert "The earliest date allowed is Monday 30 Nov 2026." in response.text
    assert not EpaDate.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            booking_url(found, "book_date"),
            day_form(date(2026, 11, 30), activity=activity(found)),
            follow=True,
        )
    booked = EpaDate.objects.get()
    assert booked.day == date(2026, 11, 30)
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert said[0].startswith("Booked:")
    assert any(email.attachments for email in mailoutbox)


def test_errors_show_on_the_fields(client, people, booking):
    client.force_login(people.ada)
    assessor_assign(booking=booking, assigned_by=people.ada, assessor=people.ian)
    response = client.post(
        booking_url(booking, "book_date"),
        day_form(date(2026, 12, 7), activity=activity(booking), ends_at="09:00", location=" "),
    )
    assert response.status_code == 200
    assert "form-group--error" in response.text
    assert not EpaDate.objects.exists()


def test_moving_and_cancelling_keep_the_history(client, people, booking):
    first = book(booking, people, date(2026, 12, 7))
    client.force_login(people.ada)
    move_url = reverse("booking:move_date", args=[first.pk])
    assert client.get(move_url).status_code == 200
    response = client.post(
        move_url,
        day_form(date(2026, 12, 9), activity=activity(booking), reason="The manager is away."),
        follow=True,
    )
    first.refresh_from_db()
    assert first.status == EpaDate.Status.MOVED
    moved = first.replaced_by
    assert moved.day == date(2026, 12, 9)
    assert "Moved from 7 Dec 2026" in response.text
    assert "The manager is away." in response.text

    cancel_url = reverse("booking:cancel_date", args=[moved.pk])
    assert client.get(cancel_url).status_code == 200
    response = client.post(cancel_url, {"reason": ""})
    assert "Say why" in response.text
    response = client.post(cancel_url, {"reason": "The apprentice is ill."}, follow=True)
    moved.refresh_from_db()
    assert moved.status == EpaDate.Status.CANCELLED
    assert EpaDate.objects.count() == 2
    assert "Cancelled by Ada Example" in response.text
    assert "The apprentice is ill." in response.text
    assert client.get(move_url, follow=True).redirect_chain


def test_the_calendar_shows_a_booked_day(client, people, booking):
    book(booking, people, date(2026, 12, 7))
    client.force_login(people.mo)
    response = client.get(reverse("booking:calendar"), {"month": "2026-12"})
    assert response.status_code == 200
    assert "Calendar: December 2026" in response.text
    assert "Amara Example" in response.text
    assert activity(booking) in response.text
    assert "Ian Example" in response.text
    assert booking_url(booking) in response.text
    assert "?month=2027-01" in response.text and "?month=2026-11" in response.text
    response = client.get(reverse("booking:calendar"), {"month": "2027-01"})
    assert "Amara Example" not in response.text
    assert client.get(reverse("booking:calendar"), {"month": "junk"}).status_code == 200


def test_the_assessors_workload_and_schedule(client, people, booking):
    book(booking, people, date(2026, 12, 7))
    client.force_login(people.ada)
    response = client.get(reverse("booking:assessors"))
    assert response.status_code == 200
    assert "Ian Example" in response.text and "Isla Example" in response.text
    assert "Mon 7 Dec 2026" in response.text
    schedule = client.get(reverse("booking:assessor_schedule", args=[people.ian.pk]))
    assert schedule.status_code == 200
    assert "Amara Example" in schedule.text
    assert client.get(reverse("booking:assessor_schedule", args=[people.pat.pk])).status_code == 404


def _more_bookings(people, count: int) -> None:
    for _ in range(count):
        apprenticeship = ApprenticeshipFactory(
            provider=people.provider,
            employer=people.employer,
            epao=people.epao,
            standard_version=people.amara_apprenticeship.standard_version,
        )
        attempt = GatewayAttempt.objects.create(
            apprenticeship=apprenticeship,
            number=1,
            status=GatewayAttempt.Status.ACCEPTED,
            started_at=timezone.now(),
            epao=people.epao,
            submitted_at=timezone.now(),
        )
        Booking.objects.create(
            apprenticeship=apprenticeship,
            attempt=attempt,
            epao=people.epao,
            created_at=timezone.now(),
            assessor=people.ian,
        )


def test_the_bookings_list_takes_the_same_queries_however_long(
    client, people, booking, django_assert_max_num_queries
):
    book(booking, people, date(2026, 12, 7))
    client.force_login(people.ada)
    _more_bookings(people, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("booking:bookings")).status_code == 200
    _more_bookings(people, 27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("booking:bookings"))
    assert response.text.count("Assessor assigned") == 29
