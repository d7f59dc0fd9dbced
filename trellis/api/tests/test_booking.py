from datetime import time, timedelta

import pytest
from django.utils import timezone

from trellis.booking.models import ConflictOfInterest, DateRange, EpaDate
from trellis.booking.services import DayDetails, assessor_assign, epa_date_book
from trellis.testing.gateway_factories import accepted, offered

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Not found."}


@pytest.fixture
def api(client, auth_headers):
    def send(method, user, path, payload=None):
        return getattr(client, method)(
            path, payload, content_type="application/json", headers=auth_headers(user)
        )

    return send


@pytest.fixture
def booking(people):
    return accepted(people.amara_apprenticeship)


@pytest.fixture
def assigned(people, booking):
    offered(booking)
    return assessor_assign(booking=booking, assigned_by=people.ada, assessor=people.ian)


def in_days(days: int):
    return timezone.localdate() + timedelta(days=days)


def day_payload(days: int, **extra) -> dict:
    return {
        "day": in_days(days).isoformat(),
        "starts_at": "09:30",
        "ends_at": "12:00",
        "activity": "Observation",
        "location": "Riverside College, main site",
        **extra,
    }


def booked_day(people, booking, days: int = 20) -> EpaDate:
    return epa_date_book(
        booking=booking,
        booked_by=people.ada,
        details=DayDetails(
            day=in_days(days),
            starts_at=time(9, 30),
            ends_at=time(12),
            activity="Observation",
            location="Riverside College",
        ),
    )


def path(booking) -> str:
    return f"/api/v1/bookings/{booking.pk}"


# --- Reading --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ada", "mo", "amara", "carl", "erin", "pat"])
def test_a_booking_is_read_by_its_epao_and_the_apprenticeships_parties(api, people, booking, name):
    response = api("get", getattr(people, name), path(booking))

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["apprentice"] == "Amara Example"
    assert body["epao"] == "Fair Assessment Ltd"
    assert body["assessor"] is None
    assert body["date_range"] is None
    assert body["minimum_notice_days"] == 7
    assert body["earliest_allowed"] == in_days(7).isoformat()
    assert body["can_offer_dates"] is (name == "erin")
    assert body["can_manage"] is (name == "ada")


@pytest.mark.parametrize("name", ["bea", "cora", "evan", "paula", "otto", "ian", "isla"])
def test_a_booking_is_not_found_to_anyone_else(api, people, booking, name):
    response = api("get", getattr(people, name), path(booking))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_a_missing_booking_answers_like_a_hidden_one(api, people):
    assert api("get", people.ada, "/api/v1/bookings/999999").json() == NOT_FOUND


def test_the_list_is_the_epaos_bookings_or_the_assessors_own(api, people, assigned):
    assert [row["id"] for row in api("get", people.ada, "/api/v1/bookings").json()] == [assigned.pk]
    assert [row["id"] for row in api("get", people.ian, "/api/v1/bookings").json()] == [assigned.pk]
    assert api("get", people.isla, "/api/v1/bookings").json() == []
    assert api("get", people.carl, "/api/v1/bookings").json() == []


def test_the_assessor_reads_their_booking_and_the_showcase_once_dates_are_offered(
    api, people, assigned
):
    body = api("get", people.ian, path(assigned)).json()

    assert body["assessor"] == "Ian Example"
    assert body["date_range"]["notes"] == "Not on Fridays."
    assert body["showcase"]["pdf"] == f"{path(assigned)}/showcase/pdf"
    assert api("get", people.ian, body["showcase"]["pdf"]).status_code == 200
    assert api("get", people.isla, f"{path(assigned)}/showcase/pdf").json() == NOT_FOUND
    assert api("get", people.erin, path(assigned)).json()["showcase"] is None


# --- The employer's dates -------------------------------------------------------------------------


def test_the_employer_contact_offers_dates_through_the_gateway_summary(
    api, people, booking, mailoutbox, django_capture_on_commit_callbacks
):
    gateway = f"/api/v1/apprenticeships/{people.amara_apprenticeship.pk}/gateway"
    booking_id = api("get", people.erin, gateway).json()["booking"]["id"]
    payload = {
        "available_from": in_days(10).isoformat(),
        "available_until": in_days(30).isoformat(),
        "notes": "Mornings only.",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = api("post", people.erin, f"/api/v1/bookings/{booking_id}/date-ranges", payload)

    assert response.status_code == 201, response.json()
    assert response.json()["given_by"] == "Erin Example"
    assert response.json()["notes"] == "Mornings only."
    assert any("Dates offered" in email.subject for email in mailoutbox)
    summary = api("get", people.carl, gateway).json()["booking"]
    assert summary["available_from"] == payload["available_from"]


def test_a_range_too_soon_is_refused_by_field(api, people, booking):
    response = api(
        "post",
        people.erin,
        f"{path(booking)}/date-ranges",
        {"available_from": in_days(1).isoformat(), "available_until": in_days(3).isoformat()},
    )

    assert response.status_code == 422
    assert "7 days' notice" in response.json()["errors"]["available_until"][0]
    assert not DateRange.objects.exists()


@pytest.mark.parametrize("name", ["ada", "carl", "amara"])
def test_only_the_employer_contact_offers_dates(api, people, booking, name):
    payload = {
        "available_from": in_days(10).isoformat(),
        "available_until": in_days(30).isoformat(),
    }

    response = api("post", getattr(people, name), f"{path(booking)}/date-ranges", payload)

    assert response.status_code == 403
    assert not DateRange.objects.exists()


def test_an_outsider_offering_dates_gets_not_found(api, people, booking):
    payload = {
        "available_from": in_days(10).isoformat(),
        "available_until": in_days(30).isoformat(),
    }

    response = api("post", people.evan, f"{path(booking)}/date-ranges", payload)

    assert response.json() == NOT_FOUND


# --- The assessor ---------------------------------------------------------------------------------


def test_the_epao_admin_assigns_an_independent_assessor(
    api, people, booking, mailoutbox, django_capture_on_commit_callbacks
):
    payload = {"assessor_id": people.ian.pk, "adviser_id": None, "revision": booking.revision}

    with django_capture_on_commit_callbacks(execute=True):
        response = api("post", people.ada, f"{path(booking)}/assessor", payload)

    assert response.status_code == 200, response.json()
    assert response.json()["assessor"] == "Ian Example"
    assert response.json()["assessor_id"] == people.ian.pk
    assert [email.to for email in mailoutbox] == [["ian@trellis.example"]]
    stale = api("post", people.ada, f"{path(booking)}/assessor", payload)
    assert stale.status_code == 422
    assert "Someone else has changed this booking" in stale.json()["detail"]


def test_an_assessor_who_is_not_independent_is_refused(api, people, booking):
    ConflictOfInterest.objects.create(
        assessor=people.ian,
        epao=people.epao,
        organisation=people.employer,
        description="My sister runs Riverside College.",
        declared_at=timezone.now(),
    )

    conflicted = api(
        "post", people.ada, f"{path(booking)}/assessor", {"assessor_id": people.ian.pk}
    )
    not_an_assessor = api(
        "post", people.ada, f"{path(booking)}/assessor", {"assessor_id": people.carl.pk}
    )
    nobody = api("post", people.ada, f"{path(booking)}/assessor", {"assessor_id": 999999})

    assert conflicted.status_code == 422
    assert "Choose someone independent" in conflicted.json()["errors"]["assessor_id"][0]
    assert not_an_assessor.status_code == 422
    assert (
        "not an assessor of Fair Assessment Ltd"
        in not_an_assessor.json()["errors"]["assessor_id"][0]
    )
    assert nobody.status_code == 422
    assert "assessor_id" in nobody.json()["errors"]
    booking.refresh_from_db()
    assert booking.assessor is None


@pytest.mark.parametrize("name", ["mo", "erin", "carl"])
def test_readers_may_not_assign(api, people, booking, name):
    response = api(
        "post", getattr(people, name), f"{path(booking)}/assessor", {"assessor_id": people.ian.pk}
    )

    assert response.status_code == 403
    booking.refresh_from_db()
    assert booking.assessor is None


# --- Booked days ----------------------------------------------------------------------------------


def test_the_epao_admin_books_a_day_and_everyone_gets_a_calendar(
    api, people, assigned, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api("post", people.ada, f"{path(assigned)}/dates", day_payload(10))

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "booked"
    assert body["day"] == in_days(10).isoformat()
    assert body["calendar"] == f"{path(assigned)}/dates/{body['id']}.ics"
    booked = [email for email in mailoutbox if "booked" in email.subject]
    assert {email.to[0] for email in booked} >= {"ian@trellis.example", "erin@trellis.example"}
    assert all(email.attachments[0][0] == "end-point-assessment.ics" for email in booked)


def test_a_day_with_six_days_notice_is_refused_on_day_naming_the_earliest(api, people, booking):
    offered(booking, days_from=1, days_until=30)
    assessor_assign(booking=booking, assigned_by=people.ada, assessor=people.ian)

    response = api("post", people.ada, f"{path(booking)}/dates", day_payload(6))
    seven = api("post", people.ada, f"{path(booking)}/dates", day_payload(7))

    assert response.status_code == 422
    message = response.json()["errors"]["day"][0]
    assert "at least 7 days' notice" in message
    assert f"The earliest date allowed is {in_days(7):%A}" in message
    assert seven.status_code == 201, seven.json()


def test_a_day_outside_the_range_or_badly_timed_is_refused_by_field(api, people, assigned):
    response = api(
        "post", people.ada, f"{path(assigned)}/dates", day_payload(60, ends_at="09:00", location="")
    )

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "Choose a day the employer offered" in errors["day"][0]
    assert errors["ends_at"] == ["The end time must be after the start time."]
    assert "location" in errors
    assert not EpaDate.objects.exists()


@pytest.mark.parametrize("name", ["mo", "ian", "erin"])
def test_readers_may_not_book(api, people, assigned, name):
    response = api("post", getattr(people, name), f"{path(assigned)}/dates", day_payload(10))

    assert response.status_code == 403
    assert not EpaDate.objects.exists()


def test_moving_a_day_keeps_the_old_one_in_the_history(api, people, assigned):
    old = booked_day(people, assigned)

    missing_reason = api(
        "post", people.ada, f"/api/v1/booking-dates/{old.pk}/move", day_payload(25, reason="")
    )
    response = api(
        "post",
        people.ada,
        f"/api/v1/booking-dates/{old.pk}/move",
        day_payload(25, reason="The observation room is being painted."),
    )

    assert missing_reason.status_code == 422
    assert "reason" in missing_reason.json()["errors"]
    assert response.status_code == 201, response.json()
    assert response.json()["replaces_id"] == old.pk
    body = api("get", people.erin, path(assigned)).json()
    assert [day["day"] for day in body["dates"]] == [in_days(25).isoformat()]
    assert [(day["id"], day["status"]) for day in body["history"]] == [
        (old.pk, "moved"),
        (response.json()["id"], "booked"),
    ]
    assert body["history"][0]["change_reason"] == "The observation room is being painted."
    assert body["history"][0]["changed_by"] == "Ada Example"


def test_cancelling_a_day_keeps_it_and_its_calendar_cancels_the_event(api, people, assigned):
    day = booked_day(people, assigned)

    response = api("post", people.ada, f"/api/v1/booking-dates/{day.pk}/cancel", {"reason": "Ill."})
    again = api("post", people.ada, f"/api/v1/booking-dates/{day.pk}/cancel", {"reason": "Ill."})
    calendar = api("get", people.amara, f"{path(assigned)}/dates/{day.pk}.ics")

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "cancelled"
    assert again.status_code == 422
    assert calendar.status_code == 200
    assert calendar["Content-Type"].startswith("text/calendar")
    assert b"METHOD:CANCEL" in calendar.content
    assert api("get", people.ada, path(assigned)).json()["dates"] == []


@pytest.mark.parametrize("name", ["ian", "mo", "erin"])
def test_readers_may_not_move_or_cancel(api, people, assigned, name):
    day = booked_day(people, assigned)
    user = getattr(people, name)

    move = api("post", user, f"/api/v1/booking-dates/{day.pk}/move", day_payload(25, reason="x"))
    cancel = api("post", user, f"/api/v1/booking-dates/{day.pk}/cancel", {"reason": "x"})

    assert move.status_code == 403
    assert cancel.status_code == 403
    day.refresh_from_db()
    assert day.status == EpaDate.Status.BOOKED


@pytest.mark.parametrize("name", ["isla", "evan", "paula"])
def test_outsiders_get_not_found_for_days_and_calendars(api, people, assigned, name):
    day = booked_day(people, assigned)
    user = getattr(people, name)

    assert api("post", user, f"/api/v1/booking-dates/{day.pk}/cancel", {"reason": "x"}).json() == (
        NOT_FOUND
    )
    assert api("get", user, f"{path(assigned)}/dates/{day.pk}.ics").json() == NOT_FOUND


def test_a_calendar_for_a_booked_day(api, people, assigned):
    day = booked_day(people, assigned)

    response = api("get", people.ian, f"{path(assigned)}/dates/{day.pk}.ics")

    assert response.status_code == 200
    assert b"BEGIN:VEVENT" in response.content
    assert b"METHOD:REQUEST" in response.content
    assert b"Amara Example" in response.content
    assert api("get", people.ian, f"{path(assigned)}/dates/999999.ics").json() == NOT_FOUND


# --- Conflicts of interest ------------------------------------------------------------------------


def test_an_assessor_declares_lists_and_withdraws_a_conflict(api, people):
    declared = api(
        "post",
        people.isla,
        "/api/v1/assessors/me/conflicts",
        {"organisation_id": people.employer.pk, "description": "I used to work there."},
    )

    assert declared.status_code == 201, declared.json()
    assert declared.json()["organisation"] == "Riverside College"
    conflict_id = declared.json()["id"]
    listed = api("get", people.isla, "/api/v1/assessors/me/conflicts").json()
    assert [row["id"] for row in listed] == [conflict_id]
    assert api("get", people.ian, "/api/v1/assessors/me/conflicts").json() == []
    withdraw = f"/api/v1/assessors/me/conflicts/{conflict_id}/withdraw"
    assert api("post", people.ian, withdraw).json() == NOT_FOUND
    withdrawn = api("post", people.isla, withdraw)
    assert withdrawn.status_code == 200
    assert withdrawn.json()["withdrawn_at"] is not None


def test_a_conflict_needs_one_party_and_a_description(api, people):
    both = api(
        "post",
        people.isla,
        "/api/v1/assessors/me/conflicts",
        {"description": "", "organisation_id": None, "apprenticeship_id": None},
    )
    not_mine = api(
        "post",
        people.isla,
        "/api/v1/assessors/me/conflicts",
        {"apprenticeship_id": people.amara_apprenticeship.pk, "description": "Neighbour."},
    )
    not_an_assessor = api(
        "post",
        people.carl,
        "/api/v1/assessors/me/conflicts",
        {"organisation_id": people.employer.pk, "description": "x"},
    )

    assert both.status_code == 422
    assert set(both.json()["errors"]) == {"organisation_id", "description"}
    assert not_mine.status_code == 422
    assert "apprenticeship_id" in not_mine.json()["errors"]
    assert not_an_assessor.status_code == 422
    assert not ConflictOfInterest.objects.exists()
