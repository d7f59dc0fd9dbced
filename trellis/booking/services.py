"""Booking the end-point assessment: the employer's dates, the assessor, the booked days, and
moving or cancelling them with the history kept. Everyone concerned is told, with a calendar
file for each booked, moved or cancelled day."""

from dataclasses import dataclass, replace
from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from trellis.booking import access, rules, selectors
from trellis.booking.ics import calendar_for
from trellis.booking.models import Booking, ConflictOfInterest, DateRange, EpaDate
from trellis.gateway.notifications import Message, Recipient, epao_admins, parties, send
from trellis.organisations.models import Organisation, User
from trellis.organisations.roles import Role
from trellis.organisations.selectors import roles_for_user
from trellis.wording import day_label

MAX_TEXT = 2000


def _locked(booking: Booking) -> Booking:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("apprenticeship__standard_version", "apprenticeship__apprentice")
        .get(pk=booking.pk)
    )


def _require_revision(booking: Booking, revision: int | None) -> None:
    if revision is not None and revision != booking.revision:
        raise ValidationError(
            "Someone else has changed this booking since you opened it: reload the page to see "
            "what changed."
        )


def _bump(booking: Booking) -> None:
    booking.revision += 1
    booking.save(update_fields=["revision"])


def dates_offer(
    *,
    booking: Booking,
    given_by: User,
    available_from: date,
    available_until: date,
    notes: str = "",
) -> DateRange:
    """Record the range of dates the employer can offer; a later range replaces it."""
    access.require_can_offer_dates(given_by, booking)
    notes = notes.strip()
    with transaction.atomic():
        booking = _locked(booking)
        now = timezone.now()
        problems = rules.range_problems(
            available_from,
            available_until,
            now=now,
            minimum_notice_days=selectors.minimum_notice_days(booking.apprenticeship),
        )
        if len(notes) > MAX_TEXT:
            problems["notes"] = f"Keep the notes within {MAX_TEXT} characters."
        if problems:
            raise ValidationError(problems)
        offered = DateRange.objects.create(
            booking=booking,
            available_from=available_from,
            available_until=available_until,
            notes=notes,
            given_by=given_by,
            given_at=now,
        )
        _bump(booking)
        transaction.on_commit(lambda: _tell_range(offered.pk))
    return offered


def assessor_assign(
    *,
    booking: Booking,
    assigned_by: User,
    assessor: User,
    adviser: User | None = None,
    revision: int | None = None,
) -> Booking:
    """Assign an independent assessor (and, optionally, a sector/specialist adviser), refusing
    anyone tied to the apprentice's provider or employer, involved with the apprentice, or who
    declared a conflict of interest."""
    access.require_can_manage(assigned_by, booking)
    with transaction.atomic():
        booking = _locked(booking)
        _require_revision(booking, revision)
        problems: dict[str, str] = {}
        for field, person, role in (
            ("assessor", assessor, Role.ASSESSOR),
            ("adviser", adviser, None),
        ):
            if person is None:
                continue
            if role is not None and booking.epao_id not in roles_for_user(person).organisation_ids(
                role
            ):
                problems[field] = f"{person.full_name} is not an assessor of {booking.epao.name}."
                continue
            found = selectors.independence_problems(person, booking.apprenticeship)
            if found:
                problems[field] = " ".join(found) + " Choose someone independent."
        if adviser is not None and adviser.pk == assessor.pk:
            problems["adviser"] = "The adviser must be someone other than the assessor."
        if problems:
            raise ValidationError(problems)
        previous_assessor_id = booking.assessor_id
        changed = previous_assessor_id != assessor.pk
        booking.assessor = assessor
        booking.adviser = adviser
        booking.assigned_at = timezone.now()
        booking.assigned_by = assigned_by
        booking.revision += 1
        booking.save()
        if changed:
            transaction.on_commit(lambda: _tell_assigned(booking.pk, previous_assessor_id))
    return booking


@dataclass(frozen=True)
class DayDetails:
    day: date
    starts_at: time
    ends_at: time
    activity: str
    location: str


def _day_problems(booking: Booking, details: DayDetails, now) -> dict[str, str]:
    problems: dict[str, str] = {}
    offered = selectors.current_range(booking)
    if offered is None:
        return {"day": "The employer has not offered dates yet: a day is chosen from their range."}
    problem = rules.refuse_outside_range(
        details.day, available_from=offered.available_from, available_until=offered.available_until
    ) or rules.refuse_notice(
        details.day,
        now=now,
        minimum_notice_days=selectors.minimum_notice_days(booking.apprenticeship),
    )
    if problem:
        problems["day"] = problem
    problem = rules.refuse_times(details.starts_at, details.ends_at)
    if problem:
        problems["ends_at"] = problem
    if not details.activity.strip():
        problems["activity"] = "Say what happens on the day."
    if not details.location.strip():
        problems["location"] = "Say where: the workplace address, or the video call."
    elif len(details.location) > 300:
        problems["location"] = "Keep the place within 300 characters."
    return problems


def _day_create(booking: Booking, details: DayDetails, by: User, now, **history) -> EpaDate:
    return EpaDate.objects.create(
        booking=booking,
        activity=details.activity.strip(),
        day=details.day,
        starts_at=details.starts_at,
        ends_at=details.ends_at,
        location=details.location.strip(),
        booked_by=by,
        booked_at=now,
        **history,
    )


def epa_date_book(*, booking: Booking, booked_by: User, details: DayDetails) -> EpaDate:
    """Book a day inside the employer's range with at least the minimum notice."""
    access.require_can_manage(booked_by, booking)
    with transaction.atomic():
        booking = _locked(booking)
        if booking.assessor_id is None:
            raise ValidationError("Assign an independent assessor before booking a day.")
        _require_still_independent(booking)
        now = timezone.now()
        problems = _day_problems(booking, details, now)
        if problems:
            raise ValidationError(problems)
        booked = _day_create(booking, details, booked_by, now)
        _bump(booking)
        transaction.on_commit(lambda: _tell_date(booked.pk, "booked"))
    return booked


def _require_still_independent(booking: Booking) -> None:
    """Refuse to book while the assigned assessor is no longer independent (a conflict of
    interest declared, or a tie to the apprentice recorded, since they were assigned)."""
    found = selectors.independence_problems(booking.assessor, booking.apprenticeship)
    if found:
        raise ValidationError(
            f"{booking.assessor.full_name} is no longer independent of this apprentice: "
            + " ".join(found)
            + " Assign another assessor before booking a day."
        )


def _live(epa_date: EpaDate) -> EpaDate:
    epa_date = EpaDate.objects.select_for_update().get(pk=epa_date.pk)
    if epa_date.status != EpaDate.Status.BOOKED:
        raise ValidationError(
            f"This day is {epa_date.get_status_display().lower()} already: change the day that "
            "replaced it."
        )
    return epa_date


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why, so that everyone told understands the change."})
    if len(reason) > MAX_TEXT:
        raise ValidationError({"reason": f"Keep the reason within {MAX_TEXT} characters."})
    return reason


def epa_date_move(
    *, epa_date: EpaDate, moved_by: User, details: DayDetails, reason: str
) -> EpaDate:
    """Move a booked day: the old one is kept as moved, and a new one replaces it with the
    same calendar event, so calendars move the event."""
    access.require_can_manage(moved_by, epa_date.booking)
    reason = _reason(reason)
    with transaction.atomic():
        booking = _locked(epa_date.booking)
        old = _live(epa_date)
        _require_still_independent(booking)
        now = timezone.now()
        problems = _day_problems(booking, details, now)
        if problems:
            raise ValidationError(problems)
        old.status = EpaDate.Status.MOVED
        old.changed_by = moved_by
        old.changed_at = now
        old.change_reason = reason
        old.save()
        new = _day_create(
            booking,
            details,
            moved_by,
            now,
            replaces=old,
            calendar_uid=old.calendar_uid,
            calendar_sequence=old.calendar_sequence + 1,
        )
        _bump(booking)
        transaction.on_commit(lambda: _tell_date(new.pk, "moved"))
    return new


def epa_date_cancel(*, epa_date: EpaDate, cancelled_by: User, reason: str) -> EpaDate:
    """Cancel a booked day, keeping it in the history and removing it from calendars."""
    access.require_can_manage(cancelled_by, epa_date.booking)
    reason = _reason(reason)
    with transaction.atomic():
        booking = _locked(epa_date.booking)
        day = _live(epa_date)
        day.status = EpaDate.Status.CANCELLED
        day.changed_by = cancelled_by
        day.changed_at = timezone.now()
        day.change_reason = reason
        day.calendar_sequence += 1
        day.save()
        _bump(booking)
        transaction.on_commit(lambda: _tell_date(day.pk, "cancelled"))
    return day


def conflict_declare(
    *,
    assessor: User,
    description: str,
    organisation: Organisation | None = None,
    apprenticeship_id: int | None = None,
) -> ConflictOfInterest:
    """Record an assessor's conflict of interest with an organisation or one apprentice they
    were assigned."""
    epaos = access.assessor_epao_ids(assessor)
    if not epaos:
        raise ValidationError("Only independent assessors declare conflicts of interest here.")
    description = description.strip()
    problems: dict[str, str] = {}
    if (organisation is None) == (apprenticeship_id is None):
        problems["organisation"] = "Name either an organisation or one of your apprentices."
    if (
        apprenticeship_id is not None
        and not access.bookings_for_assessor(assessor)
        .filter(apprenticeship_id=apprenticeship_id)
        .exists()
    ):
        problems["apprenticeship"] = "Choose one of the apprentices assigned to you."
    if not description:
        problems["description"] = "Describe the interest: who, and how you are connected."
    elif len(description) > MAX_TEXT:
        problems["description"] = f"Keep the description within {MAX_TEXT} characters."
    if problems:
        raise ValidationError(problems)
    return ConflictOfInterest.objects.create(
        assessor=assessor,
        epao_id=min(epaos),
        organisation=organisation,
        apprenticeship_id=apprenticeship_id,
        description=description,
        declared_at=timezone.now(),
    )


def conflict_withdraw(*, conflict: ConflictOfInterest, withdrawn_by: User) -> ConflictOfInterest:
    if conflict.assessor_id != withdrawn_by.pk:
        raise ValidationError("Only the assessor who declared it withdraws a conflict of interest.")
    if conflict.withdrawn_at is None:
        conflict.withdrawn_at = timezone.now()
        conflict.save(update_fields=["withdrawn_at"])
    return conflict


# --- Telling people ---------------------------------------------------------------------------


def _booking(pk: int) -> Booking:
    return Booking.objects.select_related(
        "apprenticeship__apprentice",
        "apprenticeship__employer",
        "apprenticeship__consultant",
        "epao",
        "assessor",
        "adviser",
    ).get(pk=pk)


def _assessment_people(booking: Booking) -> list[Recipient]:
    people = parties(booking.apprenticeship)
    mine = reverse("booking:assessment", args=[booking.pk])
    people += [Recipient(person, mine) for person in (booking.assessor, booking.adviser) if person]
    return people


def _tell_range(range_pk: int) -> None:
    offered = DateRange.objects.select_related("booking").get(pk=range_pk)
    booking = _booking(offered.booking_id)
    name = booking.apprenticeship.apprentice.full_name
    url = reverse("booking:booking", args=[booking.pk])
    send(
        [Recipient(user, url) for user in epao_admins(booking.epao_id)],
        Message(
            subject=f"Dates offered for {name}'s assessment",
            body=(
                f"{booking.apprenticeship.employer.name} can offer "
                f"{day_label(offered.available_from)} to {day_label(offered.available_until)} "
                f"for {name}'s end-point assessment."
            ),
        ),
    )


def _tell_assigned(booking_pk: int, previous_assessor_id: int | None) -> None:
    """Tell the new assessor, with a calendar file for each day already booked, and take those
    days out of the calendar of the assessor they replace."""
    booking = _booking(booking_pk)
    name = booking.apprenticeship.apprentice.full_name
    url = reverse("booking:assessment", args=[booking.pk])
    days = list(booking.dates.filter(status=EpaDate.Status.BOOKED).order_by("day", "starts_at"))
    send(
        [Recipient(booking.assessor, url)],
        Message(
            subject=f"Assessment assigned to you: {name}",
            body=(
                f"{booking.epao.name} assigned you as the independent assessor of {name} "
                f"({booking.apprenticeship.employer.name}). Declare any conflict of interest "
                "in Trellis now."
            ),
        ),
    )
    for epa_date in days:
        subject, body = _date_message(epa_date, name, "booked")
        send([Recipient(booking.assessor, url)], _with_calendar(epa_date, name, subject, body))
    previous = User.objects.filter(pk=previous_assessor_id, is_active=True).first()
    if previous is None:
        return
    schedule = reverse("booking:schedule")
    send(
        [Recipient(previous, schedule)],
        Message(
            subject=f"No longer your assessment: {name}",
            body=(
                f"{booking.epao.name} assigned another assessor to {name}'s end-point "
                "assessment, so it is no longer in your schedule."
            ),
        ),
    )
    for epa_date in days:
        body = f"{epa_date.activity} for {name} on {_when(epa_date)} is no longer yours to assess."
        send(
            [Recipient(previous, schedule)],
            _with_calendar(
                epa_date, name, f"Assessment day off your calendar: {name}", body, withdrawn=True
            ),
        )


def _when(epa_date: EpaDate) -> str:
    return (
        f"{epa_date.day:%A} {day_label(epa_date.day)}, {epa_date.starts_at:%H:%M} to "
        f"{epa_date.ends_at:%H:%M}, at {epa_date.location}"
    )


def _date_message(epa_date: EpaDate, name: str, what: str) -> tuple[str, str]:
    """Return the subject and body telling that a day was booked, moved or cancelled."""
    if what == "booked":
        return (
            f"End-point assessment booked: {name}",
            f"{epa_date.activity} for {name}: {_when(epa_date)}.",
        )
    if what == "moved":
        return (
            f"End-point assessment moved: {name}",
            f"{epa_date.activity} for {name} has moved from {_when(epa_date.replaces)} to "
            f"{_when(epa_date)}. Why: {epa_date.replaces.change_reason}",
        )
    return (
        f"End-point assessment cancelled: {name}",
        f"{epa_date.activity} for {name} on {_when(epa_date)} is cancelled. Why: "
        f"{epa_date.change_reason}",
    )


def _with_calendar(
    epa_date: EpaDate, name: str, subject: str, body: str, *, withdrawn: bool = False
) -> Message:
    summary = f"End-point assessment: {name} ({epa_date.activity})"
    return Message(
        subject=subject,
        body=body,
        calendar=calendar_for(epa_date, summary=summary, description=body, withdrawn=withdrawn),
    )


def _tell_date(date_pk: int, what: str) -> None:
    epa_date = EpaDate.objects.select_related("replaces").get(pk=date_pk)
    booking = _booking(epa_date.booking_id)
    name = booking.apprenticeship.apprentice.full_name
    subject, body = _date_message(epa_date, name, what)
    assessor = booking.assessor.full_name if booking.assessor else "to be assigned"
    message = _with_calendar(epa_date, name, subject, body)
    send(
        _assessment_people(booking),
        replace(message, body=f"{body}\nIndependent assessor: {assessor}."),
    )
