from datetime import UTC, date, datetime, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from icalendar import Calendar

from trellis.booking.models import ConflictOfInterest, DateRange, EpaDate
from trellis.booking.selectors import activities
from trellis.booking.services import (
    DayDetails,
    assessor_assign,
    conflict_declare,
    conflict_withdraw,
    dates_offer,
    epa_date_book,
    epa_date_cancel,
    epa_date_move,
)
from trellis.notices.models import Notice
from trellis.organisations.models import Membership, Organisation
from trellis.reviews.models import ProgressReview
from trellis.testing.factories import MembershipFactory, OrganisationFactory, UserFactory
from trellis.testing.gateway_factories import accepted, offered

pytestmark = pytest.mark.django_db

# Monday 23 Nov 2026: with 7 days' notice the earliest day is Monday 30 Nov 2026.
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def booking(people):
    return accepted(people.amara_apprenticeship)


@pytest.fixture
def assigned(people, booking):
    return assessor_assign(booking=booking, assigned_by=people.ada, assessor=people.ian)


def errors(excinfo) -> dict[str, str]:
    return {field: " ".join(texts) for field, texts in excinfo.value.message_dict.items()}


def details(booking, day: date, **changes) -> DayDetails:
    values = {
        "day": day,
        "starts_at": time(9, 30),
        "ends_at": time(12, 30),
        "activity": activities(booking.apprenticeship)[0],
        "location": "Riverside College, Room 4",
    }
    return DayDetails(**(values | changes))


def book(people, booking, day: date, **changes) -> EpaDate:
    return epa_date_book(
        booking=booking, booked_by=people.ada, details=details(booking, day, **changes)
    )


# --- The employer's dates ---------------------------------------------------------------------


def test_the_employer_contact_offers_dates_and_a_later_range_replaces_it(people, booking):
    first = dates_offer(
        booking=booking,
        given_by=people.erin,
        available_from=date(2026, 12, 1),
        available_until=date(2026, 12, 18),
        notes="  Mornings only. ",
    )
    assert (first.given_by, first.notes) == (people.erin, "Mornings only.")
    offered(booking, days_from=20, days_until=50)
    assert DateRange.objects.count() == 2
    booking.refresh_from_db()
    assert booking.revision == 3


@pytest.mark.parametrize("name", ["amara", "carl", "pat", "ada", "ian"])
def test_only_the_employer_contact_offers_dates(people, booking, name):
    with pytest.raises(PermissionDenied):
        dates_offer(
            booking=booking,
            given_by=getattr(people, name),
            available_from=date(2026, 12, 1),
            available_until=date(2026, 12, 18),
        )
    assert not DateRange.objects.exists()


@pytest.mark.parametrize(
    ("first", "last", "field", "words"),
    [
        (date(2026, 11, 22), date(2026, 12, 18), "available_from", "cannot be in the past"),
        (date(2026, 12, 18), date(2026, 12, 1), "available_until", "must not be before the first"),
        (date(2026, 11, 24), date(2026, 11, 29), "available_until", "must reach 30 Nov 2026"),
        (date(2026, 12, 1), date(2027, 12, 1), "available_until", "within the next year"),
    ],
)
def test_a_range_that_cannot_be_used_is_refused(people, booking, first, last, field, words):
    with pytest.raises(ValidationError) as refused:
        dates_offer(
            booking=booking, given_by=people.erin, available_from=first, available_until=last
        )
    assert words in errors(refused)[field]


# --- The assessor -----------------------------------------------------------------------------


def test_an_independent_assessor_and_adviser_are_assigned(
    people, booking, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        done = assessor_assign(
            booking=booking, assigned_by=people.ada, assessor=people.ian, adviser=people.isla
        )
    assert (done.assessor, done.adviser, done.assigned_by) == (people.ian, people.isla, people.ada)
    assert [mail.to for mail in mailoutbox] == [[people.ian.email]]
    assert Notice.objects.filter(recipient=people.ian).count() == 1


@pytest.mark.parametrize("name", ["mo", "ian", "carl", "pat"])
def test_only_the_epao_s_admins_assign(people, booking, name):
    with pytest.raises(PermissionDenied):
        assessor_assign(booking=booking, assigned_by=getattr(people, name), assessor=people.ian)


def test_an_assessor_of_another_epao_is_refused(people, booking):
    other = OrganisationFactory(name="Other Assessments", kind=Organisation.Kind.EPAO)
    stranger = MembershipFactory(
        user=UserFactory(full_name="Sam Stranger"),
        organisation=other,
        role=Membership.RoleChoice.ASSESSOR,
    ).user
    with pytest.raises(ValidationError) as refused:
        assessor_assign(booking=booking, assigned_by=people.ada, assessor=stranger)
    assert errors(refused)["assessor"] == "Sam Stranger is not an assessor of Fair Assessment Ltd."


@pytest.mark.parametrize(
    ("where", "role", "words"),
    [
        ("provider", Membership.RoleChoice.CONSULTANT, "the apprentice's training provider"),
        ("employer", Membership.RoleChoice.EMPLOYER_CONTACT, "the apprentice's employer"),
    ],
)
def test_an_assessor_who_belongs_to_the_provider_or_employer_is_refused(
    people, booking, where, role, words
):
    MembershipFactory(user=people.ian, organisation=getattr(people, where), role=role)
    with pytest.raises(ValidationError) as refused:
        assessor_assign(booking=booking, assigned_by=people.ada, assessor=people.ian)
    problem = errors(refused)["assessor"]
    assert f"belongs to {getattr(people, where).name}, {words}" in problem
    assert problem.endswith("Choose someone independent.")
    booking.refresh_from_db()
    assert booking.assessor is None


def test_an_assessor_who_recorded_a_review_of_the_apprentice_is_refused(people, booking):
    ProgressReview.objects.filter(apprenticeship=booking.apprenticeship).update(
        recorded_by=people.ian
    )
    with pytest.raises(ValidationError) as refused:
        assessor_assign(booking=booking, assigned_by=people.ada, assessor=people.ian)
    assert (
        "has recorded involvement with the apprentice: recorded a progress review"
        in (errors(refused)["assessor"])
    )
    assessor_assign(booking=booking, assigned_by=people.ada, assessor=people.isla)


def test_an_assessor_who_declared_a_conflict_with_the_provider_is_refused(people, booking):
    conflict = conflict_declare(
        assessor=people.ian,
        description="I trained at Northway Training last year.",
        organisation=people.provider,
    )
    with pytest.raises(ValidationError) as refused:
        assessor_assign(booking=booking, assigned_by=people.ada, assessor=people.ian)
    assert (
        "declared a conflict of interest: “I trained at Northway Training last year.”"
        in (errors(refused)["assessor"])
    )
    conflict_withdraw(conflict=conflict, withdrawn_by=people.ian)
    assert assessor_assign(booking=booking, assigned_by=people.ada, assessor=people.ian)


def test_an_assigned_assessor_declares_a_conflict_with_the_apprentice(people, assigned):
    apprenticeship_id = assigned.apprenticeship_id
    with pytest.raises(ValidationError) as refused:
        conflict_declare(
            assessor=people.isla, description="I know her.", apprenticeship_id=apprenticeship_id
        )
    assert "Choose one of the apprentices assigned to you." in errors(refused)["apprenticeship"]

    conflict_declare(
        assessor=people.ian,
        description="Amara is my neighbour.",
        apprenticeship_id=apprenticeship_id,
    )
    assert ConflictOfInterest.objects.get().epao == people.epao
    with pytest.raises(ValidationError) as refused:
        assessor_assign(
            booking=assigned,
            assigned_by=people.ada,
            assessor=people.ian,
            revision=assigned.revision,
        )
    assert "“Amara is my neighbour.”" in errors(refused)["assessor"]


def test_only_assessors_declare_conflicts(people):
    with pytest.raises(ValidationError):
        conflict_declare(assessor=people.carl, description="x", organisation=people.provider)


def test_the_adviser_is_someone_other_than_the_assessor_and_independent(people, booking):
    with pytest.raises(ValidationError) as refused:
        assessor_assign(
            booking=booking, assigned_by=people.ada, assessor=people.ian, adviser=people.ian
        )
    assert errors(refused)["adviser"] == "The adviser must be someone other than the assessor."
    with pytest.raises(ValidationError) as refused:
        assessor_assign(
            booking=booking, assigned_by=people.ada, assessor=people.ian, adviser=people.carl
        )
    assert "the apprentice's training provider" in errors(refused)["adviser"]


def test_an_assignment_on_a_stale_page_is_refused(people, booking):
    with pytest.raises(ValidationError) as refused:
        assessor_assign(
            booking=booking,
            assigned_by=people.ada,
            assessor=people.ian,
            revision=booking.revision + 1,
        )
    assert "Someone else has changed this booking" in " ".join(refused.value.messages)


# --- Booking a day ----------------------------------------------------------------------------


def test_a_day_needs_an_assessor_first(people, booking):
    offered(booking)
    with pytest.raises(ValidationError) as refused:
        book(people, booking, date(2026, 12, 7))
    assert refused.value.messages == ["Assign an independent assessor before booking a day."]


def test_a_day_needs_the_employer_s_range_first(people, assigned):
    with pytest.raises(ValidationError) as refused:
        book(people, assigned, date(2026, 12, 7))
    assert "The employer has not offered dates yet" in errors(refused)["day"]


def test_a_day_outside_the_range_is_refused_naming_the_range(people, assigned):
    offered(assigned, days_from=10, days_until=40)
    with pytest.raises(ValidationError) as refused:
        book(people, assigned, date(2027, 1, 3))
    assert errors(refused)["day"] == (
        "Choose a day the employer offered: from 3 Dec 2026 to 2 Jan 2027."
    )


def test_six_days_notice_is_refused_and_seven_allowed(people, assigned):
    offered(assigned, days_from=1, days_until=40)
    with pytest.raises(ValidationError) as refused:
        book(people, assigned, date(2026, 11, 29))
    assert errors(refused)["day"] == (
        "The employer must have at least 7 days' notice; 29 Nov 2026 gives 6. The earliest date "
        "allowed is Monday 30 Nov 2026."
    )
    assert not EpaDate.objects.exists()
    booked = book(people, assigned, date(2026, 11, 30))
    assert (booked.day, booked.status, booked.booked_by) == (
        date(2026, 11, 30),
        EpaDate.Status.BOOKED,
        people.ada,
    )


def test_the_day_s_details_are_checked(people, assigned):
    offered(assigned)
    with pytest.raises(ValidationError) as refused:
        book(people, assigned, date(2026, 12, 7), ends_at=time(9), activity=" ", location="")
    assert set(errors(refused)) == {"ends_at", "activity", "location"}


@pytest.mark.parametrize("name", ["mo", "ian", "erin", "carl"])
def test_only_the_epao_s_admins_book(people, assigned, name):
    offered(assigned)
    with pytest.raises(PermissionDenied):
        epa_date_book(
            booking=assigned,
            booked_by=getattr(people, name),
            details=details(assigned, date(2026, 12, 7)),
        )


def test_moving_a_day_keeps_the_old_one_and_the_calendar_event(people, assigned):
    offered(assigned)
    first = book(people, assigned, date(2026, 12, 7))
    with pytest.raises(ValidationError) as refused:
        epa_date_move(
            epa_date=first,
            moved_by=people.ada,
            details=details(assigned, date(2026, 12, 9)),
            reason=" ",
        )
    assert "Say why" in errors(refused)["reason"]

    moved = epa_date_move(
        epa_date=first,
        moved_by=people.ada,
        details=details(assigned, date(2026, 12, 9)),
        reason="The assessor is unwell.",
    )
    first.refresh_from_db()
    assert first.status == EpaDate.Status.MOVED
    assert (first.change_reason, first.changed_by) == ("The assessor is unwell.", people.ada)
    assert moved.replaces == first
    assert moved.status == EpaDate.Status.BOOKED
    assert moved.day == date(2026, 12, 9)
    assert moved.calendar_uid == first.calendar_uid
    assert moved.calendar_sequence == first.calendar_sequence + 1
    with pytest.raises(ValidationError) as refused:
        epa_date_move(
            epa_date=first,
            moved_by=people.ada,
            details=details(assigned, date(2026, 12, 10)),
            reason="Again.",
        )
    assert "This day is moved already" in " ".join(refused.value.messages)


def test_a_move_keeps_to_the_notice_rule(people, assigned):
    offered(assigned, days_from=1, days_until=40)
    first = book(people, assigned, date(2026, 12, 7))
    with pytest.raises(ValidationError) as refused:
        epa_date_move(
            epa_date=first,
            moved_by=people.ada,
            details=details(assigned, date(2026, 11, 27)),
            reason="Sooner suits everyone.",
        )
    assert "The earliest date allowed is Monday 30 Nov 2026." in errors(refused)["day"]
    first.refresh_from_db()
    assert first.status == EpaDate.Status.BOOKED


def test_cancelling_a_day_keeps_it(people, assigned):
    offered(assigned)
    day = book(people, assigned, date(2026, 12, 7))
    cancelled = epa_date_cancel(epa_date=day, cancelled_by=people.ada, reason="Apprentice ill.")
    assert cancelled.pk == day.pk
    assert cancelled.status == EpaDate.Status.CANCELLED
    assert cancelled.change_reason == "Apprentice ill."
    assert cancelled.calendar_sequence == day.calendar_sequence + 1
    assert EpaDate.objects.count() == 1


# --- Telling people ---------------------------------------------------------------------------


def calendars(mailoutbox, subject: str) -> dict[str, Calendar]:
    found = {}
    for mail in mailoutbox:
        if mail.subject != subject:
            continue
        ((name, content, mimetype),) = mail.attachments
        assert (name, mimetype) == ("end-point-assessment.ics", "text/calendar")
        found[mail.to[0]] = Calendar.from_ical(content)
    return found


def event_of(calendar: Calendar):
    (event,) = calendar.walk("VEVENT")
    return event


def test_booking_moving_and_cancelling_send_calendar_files_to_everyone(
    people, assigned, mailoutbox, django_capture_on_commit_callbacks
):
    offered(assigned)
    mailoutbox.clear()
    everyone = {people.amara.email, people.erin.email, people.carl.email, people.ian.email}

    with django_capture_on_commit_callbacks(execute=True):
        first = book(people, assigned, date(2026, 12, 7))
    booked = calendars(mailoutbox, "End-point assessment booked: Amara Example")
    assert set(booked) == everyone
    event = event_of(booked[people.erin.email])
    assert str(booked[people.erin.email]["method"]) == "REQUEST"
    assert event.decoded("dtstart") == datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
    uid = str(event["uid"])
    assert uid == f"{first.calendar_uid}@trellis"
    assert Notice.objects.filter(title="End-point assessment booked: Amara Example").count() == 4

    with django_capture_on_commit_callbacks(execute=True):
        moved = epa_date_move(
            epa_date=first,
            moved_by=people.ada,
            details=details(assigned, date(2026, 12, 9)),
            reason="The assessor is unwell.",
        )
    moved_mail = calendars(mailoutbox, "End-point assessment moved: Amara Example")
    assert set(moved_mail) == everyone
    event = event_of(moved_mail[people.amara.email])
    assert str(event["uid"]) == uid
    assert int(event["sequence"]) == 1
    assert event.decoded("dtstart").date() == date(2026, 12, 9)
    body = next(mail.body for mail in mailoutbox if "moved" in mail.subject)
    assert "Why: The assessor is unwell." in body

    with django_capture_on_commit_callbacks(execute=True):
        epa_date_cancel(epa_date=moved, cancelled_by=people.ada, reason="Apprentice ill.")
    cancelled = calendars(mailoutbox, "End-point assessment cancelled: Amara Example")
    assert set(cancelled) == everyone
    calendar = cancelled[people.ian.email]
    assert str(calendar["method"]) == "CANCEL"
    assert str(event_of(calendar)["uid"]) == uid
    assert int(event_of(calendar)["sequence"]) == 2
    assert str(event_of(calendar)["status"]) == "CANCELLED"


def test_a_new_assessor_gets_the_booked_days_and_the_one_replaced_loses_them(
    people, assigned, mailoutbox, django_capture_on_commit_callbacks
):
    offered(assigned)
    with django_capture_on_commit_callbacks(execute=True):
        day = book(people, assigned, date(2026, 12, 7))
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assessor_assign(
            booking=assigned,
            assigned_by=people.ada,
            assessor=people.isla,
        )

    to_isla = [mail for mail in mailoutbox if mail.to == [people.isla.email]]
    assert [mail.subject for mail in to_isla] == [
        "Assessment assigned to you: Amara Example",
        "End-point assessment booked: Amara Example",
    ]
    calendar = calendars(to_isla, "End-point assessment booked: Amara Example")[people.isla.email]
    assert str(calendar["method"]) == "REQUEST"
    assert str(event_of(calendar)["uid"]) == f"{day.calendar_uid}@trellis"

    to_ian = [mail for mail in mailoutbox if mail.to == [people.ian.email]]
    assert [mail.subject for mail in to_ian] == [
        "No longer your assessment: Amara Example",
        "Assessment day off your calendar: Amara Example",
    ]
    (calendar,) = calendars(to_ian, "Assessment day off your calendar: Amara Example").values()
    assert str(calendar["method"]) == "CANCEL"
    assert str(event_of(calendar)["uid"]) == f"{day.calendar_uid}@trellis"
    assert {mail.to[0] for mail in mailoutbox} == {people.isla.email, people.ian.email}
    day.refresh_from_db()
    assert day.status == EpaDate.Status.BOOKED


def test_no_day_is_booked_or_moved_once_the_assessor_declares_a_conflict(people, assigned):
    offered(assigned)
    first = book(people, assigned, date(2026, 12, 7))
    conflict_declare(
        assessor=people.ian,
        description="Amara is my neighbour.",
        apprenticeship_id=assigned.apprenticeship_id,
    )
    with pytest.raises(ValidationError) as refused:
        book(people, assigned, date(2026, 12, 8))
    message = " ".join(refused.value.messages)
    assert "Ian Example is no longer independent of this apprentice" in message
    assert "“Amara is my neighbour.”" in message
    assert "Assign another assessor before booking a day." in message
    with pytest.raises(ValidationError):
        epa_date_move(
            epa_date=first,
            moved_by=people.ada,
            details=details(assigned, date(2026, 12, 9)),
            reason="The assessor asked.",
        )
    assert list(EpaDate.objects.values_list("status", flat=True)) == [EpaDate.Status.BOOKED]
    epa_date_cancel(epa_date=first, cancelled_by=people.ada, reason="Assessor not independent.")
