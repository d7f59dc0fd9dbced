"""Booking the end-point assessment over the API, under the same rules as the pages.

A booking is read by its EPAO's staff, its assessor, and those who read the apprentice's
record (the apprentice, their consultant, their employer's contacts and the provider's staff),
who reach it through the gateway's booking summary. The employer's contacts offer the dates;
the EPAO's admins assign the assessor and book, move and cancel days. To anyone else a booking
answers 404, as if it did not exist.
"""

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.responses import Status

from trellis.api.schemas import ErrorOut
from trellis.apprenticeships.access import get_apprenticeship_for_user
from trellis.booking import access, rules, selectors
from trellis.booking.ics import calendar_for
from trellis.booking.models import Booking, ConflictOfInterest, DateRange, EpaDate
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
from trellis.organisations.models import Organisation, User
from trellis.showcase import downloads

router = Router(tags=["booking"])
BOOKINGS = "/bookings"
BOOKING = BOOKINGS + "/{booking_id}"
DATE = "/booking-dates/{date_id}"
CONFLICTS = "/assessors/me/conflicts"
ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class DateRangeOut(Schema):
    available_from: date
    available_until: date
    notes: str
    given_by: str = Field(validation_alias="given_by.full_name")
    given_at: datetime


class EpaDateOut(Schema):
    id: int
    activity: str
    day: date
    starts_at: time
    ends_at: time
    location: str
    status: str = Field(description="booked, moved (replaced by a later day) or cancelled.")
    booked_by: str = Field(validation_alias="booked_by.full_name")
    booked_at: datetime
    replaces_id: int | None = Field(description="The day this one was moved from.")
    changed_by: str | None
    changed_at: datetime | None
    change_reason: str
    calendar: str = Field(description="The path to the day's calendar file (.ics).")

    @staticmethod
    def resolve_changed_by(epa_date: EpaDate) -> str | None:
        return epa_date.changed_by.full_name if epa_date.changed_by else None

    @staticmethod
    def resolve_calendar(epa_date: EpaDate) -> str:
        return f"/api/v1{BOOKINGS}/{epa_date.booking_id}/dates/{epa_date.pk}.ics"


class BookingRowOut(Schema):
    id: int
    apprenticeship_id: int
    apprentice: str
    employer: str
    epao: str
    assessor: str | None
    available_from: date | None
    available_until: date | None
    booked_days: list[date]


class ShowcaseOut(Schema):
    number: int
    pdf: str
    zip: str


class BookingOut(BookingRowOut):
    provider: str
    standard: str
    assessor_id: int | None = Field(description="The independent assessor, if any.")
    adviser_id: int | None = Field(description="The sector/specialist adviser, if any.")
    adviser: str | None
    assigned_at: datetime | None
    minimum_notice_days: int
    earliest_allowed: date = Field(description="The first day that gives the notice needed.")
    activities: list[str] = Field(description="What a booked day can be for.")
    date_range: DateRangeOut | None = Field(description="The employer's latest offer.")
    dates: list[EpaDateOut] = Field(description="The days booked, soonest first.")
    history: list[EpaDateOut] = Field(
        description="Every day ever booked, moved or cancelled, in the order booked."
    )
    showcase: ShowcaseOut | None = Field(
        description="The frozen Showcase, for the EPAO's staff, and for the assessor once the "
        "employer has offered dates."
    )
    can_manage: bool
    can_offer_dates: bool
    revision: int = Field(description="Send it back when assigning the assessor.")


class DateRangeIn(Schema):
    available_from: date
    available_until: date
    notes: str = Field("", description="Days or times to avoid, where the observations can be.")


class AssignIn(Schema):
    assessor_id: int
    adviser_id: int | None = None
    revision: int | None = Field(None, description="The revision you read; omit to skip.")


class DayIn(Schema):
    day: date
    starts_at: time
    ends_at: time
    activity: str
    location: str = Field(description="The workplace address, or the video call.")


class MoveIn(DayIn):
    reason: str = Field(description="Why it moves: everyone told reads it.")


class CancelIn(Schema):
    reason: str = Field(description="Why it is cancelled: everyone told reads it.")


class ConflictOut(Schema):
    id: int
    organisation_id: int | None
    organisation: str | None
    apprenticeship_id: int | None
    apprentice: str | None
    description: str
    declared_at: datetime
    withdrawn_at: datetime | None

    @staticmethod
    def resolve_organisation(conflict: ConflictOfInterest) -> str | None:
        return conflict.organisation.name if conflict.organisation else None

    @staticmethod
    def resolve_apprentice(conflict: ConflictOfInterest) -> str | None:
        apprenticeship = conflict.apprenticeship
        return apprenticeship.apprentice.full_name if apprenticeship else None


class ConflictIn(Schema):
    organisation_id: int | None = Field(None, description="An organisation you are tied to.")
    apprenticeship_id: int | None = Field(
        None, description="Or one of the apprentices assigned to you."
    )
    description: str = Field(description="Who, and how you are connected.")


def _readable_booking(user: User, booking_id: int) -> Booking:
    """Return the booking if this person reads it (404 otherwise, as if it did not exist)."""
    staff = access.bookings_for_epao(user) | access.bookings_for_assessor(user)
    found = staff.filter(pk=booking_id).first()
    if found is not None:
        return found
    apprenticeship_id = (
        Booking.objects.filter(pk=booking_id).values_list("apprenticeship_id", flat=True).first()
    )
    if apprenticeship_id is None:
        raise Http404("No such booking.")
    apprenticeship = get_apprenticeship_for_user(user, apprenticeship_id)
    current = access.current_booking(apprenticeship.pk)
    if current is None or current.pk != booking_id:
        raise Http404("No such booking.")
    return current


def _readable_date(user: User, date_id: int) -> EpaDate:
    booking_id = EpaDate.objects.filter(pk=date_id).values_list("booking_id", flat=True).first()
    if booking_id is None:
        raise Http404("No such date.")
    booking = _readable_booking(user, booking_id)
    epa_date = EpaDate.objects.get(pk=date_id)
    epa_date.booking = booking
    return epa_date


def _sees_showcase(user: User, booking: Booking, *, has_range: bool) -> bool:
    if booking.epao_id in access.epao_ids_read_by(user):
        return True
    return booking.assessor_id == user.pk and access.assessor_sees_showcase(
        booking, has_range=has_range
    )


def _row(booking: Booking) -> dict:
    offered = selectors.current_range(booking)
    return {
        "id": booking.pk,
        "apprenticeship_id": booking.apprenticeship_id,
        "apprentice": booking.apprenticeship.apprentice.full_name,
        "employer": booking.apprenticeship.employer.name,
        "epao": booking.epao.name,
        "assessor": booking.assessor.full_name if booking.assessor else None,
        "available_from": offered.available_from if offered else None,
        "available_until": offered.available_until if offered else None,
        "booked_days": [day.day for day in selectors.live_dates(booking)],
    }


def _booking_out(user: User, booking: Booking) -> dict:
    apprenticeship = booking.apprenticeship
    version = apprenticeship.standard_version
    offered = selectors.current_range(booking)
    notice_days = selectors.minimum_notice_days(apprenticeship)
    snapshot = booking.attempt.showcase_snapshot
    showcase = None
    if snapshot is not None and _sees_showcase(user, booking, has_range=offered is not None):
        path = f"/api/v1{BOOKINGS}/{booking.pk}/showcase"
        showcase = {"number": snapshot.number, "pdf": f"{path}/pdf", "zip": f"{path}/zip"}
    return {
        **_row(booking),
        "provider": apprenticeship.provider.name,
        "standard": f"{version.standard.title} ({version.standard.reference})",
        "assessor_id": booking.assessor_id,
        "adviser_id": booking.adviser_id,
        "adviser": booking.adviser.full_name if booking.adviser else None,
        "assigned_at": booking.assigned_at,
        "minimum_notice_days": notice_days,
        "earliest_allowed": rules.earliest_allowed(timezone.now(), notice_days),
        "activities": selectors.activities(apprenticeship),
        "date_range": offered,
        "dates": list(selectors.live_dates(booking).select_related("booked_by", "changed_by")),
        "history": list(selectors.date_history(booking)),
        "showcase": showcase,
        "can_manage": access.can_manage(user, booking),
        "can_offer_dates": access.can_offer_dates(user, booking),
        "revision": booking.revision,
    }


def _by_field(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """Name the fields of a service's refusal as the API's input names them."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {names.get(key, key): messages for key, messages in error.message_dict.items()}
    )


def _person(user_id: int | None, field: str) -> User | None:
    if user_id is None:
        return None
    person = User.objects.filter(pk=user_id, is_active=True).first()
    if person is None:
        raise ValidationError({field: "No such person: choose one of the EPAO's assessors."})
    return person


@router.get(BOOKINGS, response={200: list[BookingRowOut]})
def booking_list(request: HttpRequest):
    """The bookings of your EPAO, or, for an assessor, those assigned to you (none for
    anyone else): the employer's dates and the days booked."""
    bookings = access.bookings_for_epao(request.auth) | access.bookings_for_assessor(request.auth)
    return [_row(booking) for booking in bookings.order_by("-created_at", "-pk")]


@router.get(BOOKING, response={200: BookingOut, 404: ErrorOut})
def booking_detail(request: HttpRequest, booking_id: int):
    """One booking: the employer's dates, the assessor and adviser, and every day booked with
    its history."""
    return _booking_out(request.auth, _readable_booking(request.auth, booking_id))


@router.post(f"{BOOKING}/date-ranges", response={201: DateRangeOut, **ERRORS})
def booking_date_range_add(request: HttpRequest, booking_id: int, payload: DateRangeIn):
    """Offer the range of dates the assessment can take place in (the employer's contacts); a
    later range replaces it."""
    booking = _readable_booking(request.auth, booking_id)
    offered: DateRange = dates_offer(booking=booking, given_by=request.auth, **payload.dict())
    return Status(201, offered)


@router.post(f"{BOOKING}/assessor", response={200: BookingOut, **ERRORS})
def booking_assessor_assign(request: HttpRequest, booking_id: int, payload: AssignIn):
    """Assign the independent assessor and, optionally, a sector/specialist adviser (the
    EPAO's admins). Anyone tied to the provider or employer, or involved with the apprentice,
    is refused."""
    booking = _readable_booking(request.auth, booking_id)
    access.require_can_manage(request.auth, booking)
    try:
        assessor_assign(
            booking=booking,
            assigned_by=request.auth,
            assessor=_person(payload.assessor_id, "assessor_id"),
            adviser=_person(payload.adviser_id, "adviser_id"),
            revision=payload.revision,
        )
    except ValidationError as error:
        raise _by_field(error, {"assessor": "assessor_id", "adviser": "adviser_id"}) from None
    return _booking_out(request.auth, _readable_booking(request.auth, booking_id))


@router.post(f"{BOOKING}/dates", response={201: EpaDateOut, **ERRORS})
def booking_date_add(request: HttpRequest, booking_id: int, payload: DayIn):
    """Book a day inside the employer's range, with at least the notice the standard needs
    (the EPAO's admins). Everyone concerned is told, with a calendar file."""
    booking = _readable_booking(request.auth, booking_id)
    booked = epa_date_book(
        booking=booking, booked_by=request.auth, details=DayDetails(**payload.dict())
    )
    return Status(201, booked)


@router.post(f"{DATE}/move", response={201: EpaDateOut, **ERRORS})
def booking_date_move(request: HttpRequest, date_id: int, payload: MoveIn):
    """Move a booked day, saying why: the old day is kept as moved, and the new one replaces
    it in everyone's calendar."""
    epa_date = _readable_date(request.auth, date_id)
    details = DayDetails(**payload.dict(exclude={"reason"}))
    moved = epa_date_move(
        epa_date=epa_date, moved_by=request.auth, details=details, reason=payload.reason
    )
    return Status(201, moved)


@router.post(f"{DATE}/cancel", response={200: EpaDateOut, **ERRORS})
def booking_date_cancel(request: HttpRequest, date_id: int, payload: CancelIn):
    """Cancel a booked day, saying why: it is kept in the history and leaves calendars."""
    epa_date = _readable_date(request.auth, date_id)
    return epa_date_cancel(epa_date=epa_date, cancelled_by=request.auth, reason=payload.reason)


@router.get(
    f"{BOOKING}/dates/{{date_id}}.ics",
    response={200: None, 404: ErrorOut},
    openapi_extra={"responses": {200: {"content": {"text/calendar": {}}}}},
)
def booking_date_calendar(request: HttpRequest, booking_id: int, date_id: int) -> HttpResponse:
    """Download the day as a calendar file: a cancelled day cancels the event."""
    booking = _readable_booking(request.auth, booking_id)
    epa_date = EpaDate.objects.filter(booking=booking, pk=date_id).first()
    if epa_date is None:
        raise Http404("No such date.")
    name = booking.apprenticeship.apprentice.full_name
    calendar = calendar_for(
        epa_date,
        summary=f"End-point assessment: {name} ({epa_date.activity})",
        description=f"{epa_date.activity} for {name}, at {epa_date.location}.",
    )
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="epa-{epa_date.day}.ics"'
    return response


def _showcase_snapshot(request: HttpRequest, booking_id: int):
    booking = _readable_booking(request.auth, booking_id)
    has_range = selectors.current_range(booking) is not None
    snapshot = booking.attempt.showcase_snapshot
    if snapshot is None or not _sees_showcase(request.auth, booking, has_range=has_range):
        raise Http404("No Showcase to read yet.")
    return snapshot


@router.get(
    f"{BOOKING}/showcase/pdf",
    response={200: None, 404: ErrorOut},
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def booking_showcase_pdf(request: HttpRequest, booking_id: int) -> HttpResponse:
    """Download the frozen Showcase as one PDF (the EPAO's staff; the assessor once the
    employer has offered dates)."""
    return downloads.pdf_response(_showcase_snapshot(request, booking_id))


@router.get(
    f"{BOOKING}/showcase/zip",
    response={200: None, 404: ErrorOut},
    openapi_extra={"responses": {200: {"content": {"application/zip": {}}}}},
)
def booking_showcase_zip(request: HttpRequest, booking_id: int) -> HttpResponse:
    """Download the frozen Showcase's PDF and every file it lists, as one zip."""
    return downloads.zip_response(_showcase_snapshot(request, booking_id))


@router.get(CONFLICTS, response={200: list[ConflictOut]})
def conflict_list(request: HttpRequest):
    """The conflicts of interest you declared as an assessor, withdrawn ones included."""
    return list(
        ConflictOfInterest.objects.filter(assessor=request.auth).select_related(
            "organisation", "apprenticeship__apprentice"
        )
    )


@router.post(CONFLICTS, response={201: ConflictOut, **ERRORS})
def conflict_add(request: HttpRequest, payload: ConflictIn):
    """Declare a conflict of interest with an organisation or one of your apprentices: you
    will not be assigned where it applies."""
    organisation = None
    if payload.organisation_id is not None:
        organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
        if organisation is None:
            raise ValidationError({"organisation_id": "No such organisation."})
    try:
        conflict = conflict_declare(
            assessor=request.auth,
            description=payload.description,
            organisation=organisation,
            apprenticeship_id=payload.apprenticeship_id,
        )
    except ValidationError as error:
        raise _by_field(
            error, {"organisation": "organisation_id", "apprenticeship": "apprenticeship_id"}
        ) from None
    return Status(201, conflict)


@router.post(f"{CONFLICTS}/{{conflict_id}}/withdraw", response={200: ConflictOut, **ERRORS})
def conflict_withdraw_endpoint(request: HttpRequest, conflict_id: int):
    """Withdraw a conflict of interest you declared."""
    conflict = (
        ConflictOfInterest.objects.filter(pk=conflict_id, assessor=request.auth)
        .select_related("organisation", "apprenticeship__apprentice")
        .first()
    )
    if conflict is None:
        raise Http404("No such conflict of interest.")
    return conflict_withdraw(conflict=conflict, withdrawn_by=request.auth)
