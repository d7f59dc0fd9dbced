"""Who may see and do what in booking an end-point assessment: the one place these rules live.

The EPAO's admins run the bookings of their organisation (moderators read them); an assessor
sees only the bookings assigned to them, and the frozen Showcase only once the employer has
offered dates; the employer's contacts offer the dates.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from trellis.apprenticeships.access import get_apprenticeship_for_user
from trellis.apprenticeships.parties import Party, party_of
from trellis.booking.models import Booking, EpaDate
from trellis.gateway.access import epao_ids_administered_by, epao_ids_read_by
from trellis.organisations.models import User
from trellis.organisations.roles import Role
from trellis.organisations.selectors import roles_for_user


def _bookings() -> QuerySet[Booking]:
    return Booking.objects.select_related(
        "apprenticeship__apprentice",
        "apprenticeship__employer",
        "apprenticeship__provider",
        "apprenticeship__standard_version__standard",
        "attempt__showcase_snapshot",
        "epao",
        "assessor",
        "adviser",
    )


def bookings_for_epao(user: User) -> QuerySet[Booking]:
    return _bookings().filter(epao_id__in=epao_ids_read_by(user))


def get_booking_for_epao(user: User, pk: int) -> Booking:
    try:
        return bookings_for_epao(user).get(pk=pk)
    except Booking.DoesNotExist:
        raise Http404("No such booking.") from None


def assessor_epao_ids(user: User) -> set[int]:
    return roles_for_user(user).organisation_ids(Role.ASSESSOR)


def is_assessor(user: User) -> bool:
    return bool(assessor_epao_ids(user))


def bookings_for_assessor(user: User) -> QuerySet[Booking]:
    return _bookings().filter(assessor=user, epao_id__in=assessor_epao_ids(user))


def get_booking_for_assessor(user: User, pk: int) -> Booking:
    try:
        return bookings_for_assessor(user).get(pk=pk)
    except Booking.DoesNotExist:
        raise Http404("No such assessment.") from None


def can_manage(user: User, booking: Booking) -> bool:
    return booking.epao_id in epao_ids_administered_by(user)


def require_can_manage(user: User, booking: Booking) -> None:
    if not can_manage(user, booking):
        raise PermissionDenied("Only the EPAO's admins assign assessors and book dates.")


def get_booking_for_party(user: User, apprenticeship_pk: int) -> Booking | None:
    """Return the apprenticeship's current booking for someone who reads its record (the
    apprentice, consultant, employer contacts, provider staff), or None if there is none."""
    apprenticeship = get_apprenticeship_for_user(user, apprenticeship_pk)
    return current_booking(apprenticeship.pk)


def current_booking(apprenticeship_pk: int) -> Booking | None:
    return _bookings().filter(apprenticeship_id=apprenticeship_pk).order_by("-created_at").first()


def can_offer_dates(user: User, booking: Booking) -> bool:
    return party_of(user, booking.apprenticeship) == Party.EMPLOYER


def require_can_offer_dates(user: User, booking: Booking) -> None:
    if not can_offer_dates(user, booking):
        raise PermissionDenied("Only the employer's contacts offer the dates for assessment.")


def assessor_sees_showcase(booking: Booking, *, has_range: bool) -> bool:
    """The assessor reads the frozen Showcase once the employer has offered dates."""
    return booking.assessor_id is not None and has_range


def get_date_for_epao(user: User, pk: int) -> EpaDate:
    try:
        return EpaDate.objects.select_related("booking").get(
            pk=pk, booking__epao_id__in=epao_ids_read_by(user)
        )
    except EpaDate.DoesNotExist:
        raise Http404("No such date.") from None
