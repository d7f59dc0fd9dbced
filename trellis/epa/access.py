"""Who may see and do what in the end-point assessment: the one place these rules live.

The assigned assessor works on their own assessments only; the adviser reads them and writes
advice; the EPAO's moderators and admins read their organisation's, moderate and confirm.
The apprentice and their employer's contacts see the provisional grades together once the
assessor finalises; the provider sees the final result. Nobody outside the EPAO ever reads
the assessor's working notes, scores' justifications or desk review.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from trellis.apprenticeships.access import apprenticeships_visible_to
from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.parties import Party, party_of
from trellis.epa.models import Assessment
from trellis.organisations.models import User
from trellis.organisations.roles import Role
from trellis.organisations.selectors import roles_for_user

EPAO_ROLES = (Role.EPAO_ADMIN, Role.MODERATOR)


def _assessments() -> QuerySet[Assessment]:
    return Assessment.objects.select_related(
        "apprenticeship__apprentice",
        "apprenticeship__employer",
        "apprenticeship__provider",
        "apprenticeship__standard_version__standard",
        "booking__epao",
        "booking__assessor",
        "booking__adviser",
        "booking__attempt__showcase_snapshot",
    )


def epao_ids(user: User, *roles: Role) -> set[int]:
    return roles_for_user(user).organisation_ids(*(roles or EPAO_ROLES))


def working_filter(user: User) -> Q:
    """The assessments this person works on: as the assigned assessor or adviser, or as the
    EPAO's moderator or admin."""
    roles = roles_for_user(user)
    assessor_epaos = roles.organisation_ids(Role.ASSESSOR)
    return (
        Q(booking__assessor=user, booking__epao_id__in=assessor_epaos)
        | Q(booking__adviser=user)
        | Q(booking__epao_id__in=roles.organisation_ids(*EPAO_ROLES))
    )


def assessments_worked_on_by(user: User) -> QuerySet[Assessment]:
    return _assessments().filter(working_filter(user))


def get_assessment_for_work(user: User, pk: int) -> Assessment:
    """Return the assessment if this person works on it (assessor, adviser, EPAO); else 404."""
    try:
        return assessments_worked_on_by(user).get(pk=pk)
    except Assessment.DoesNotExist:
        raise Http404("No such assessment.") from None


def is_assessor_of(user: User, assessment: Assessment) -> bool:
    booking = assessment.booking
    return booking.assessor_id == user.pk and booking.epao_id in epao_ids(user, Role.ASSESSOR)


def is_adviser_of(user: User, assessment: Assessment) -> bool:
    return assessment.booking.adviser_id == user.pk


def is_moderator_of(user: User, assessment: Assessment) -> bool:
    return assessment.booking.epao_id in epao_ids(user, Role.MODERATOR)


def can_confirm(user: User, assessment: Assessment) -> bool:
    return assessment.booking.epao_id in epao_ids(user)


def require_assessor(user: User, assessment: Assessment) -> None:
    if not is_assessor_of(user, assessment):
        raise PermissionDenied("Only the assigned assessor records the assessment.")


def require_open(assessment: Assessment) -> None:
    if not assessment.is_open:
        raise PermissionDenied(
            "This assessment has been finalised: its record can no longer be changed."
        )


def require_moderator(user: User, assessment: Assessment) -> None:
    if not is_moderator_of(user, assessment):
        raise PermissionDenied("Only the EPAO's moderators moderate a result.")


def require_can_confirm(user: User, assessment: Assessment) -> None:
    if not can_confirm(user, assessment):
        raise PermissionDenied("Only the EPAO's moderators and admins confirm a final grade.")


def require_epao_admin(user: User, assessment: Assessment) -> None:
    if assessment.booking.epao_id not in epao_ids(user, Role.EPAO_ADMIN):
        raise PermissionDenied("Only the EPAO's admins do this.")


def sees_provisional(user: User, apprenticeship: Apprenticeship) -> bool:
    """The apprentice and their employer's contacts see the provisional grades together."""
    return party_of(user, apprenticeship) in (Party.APPRENTICE, Party.EMPLOYER)


def get_result_for_party(user: User, assessment_pk: int) -> Assessment:
    """Return a result the apprentice, employer or provider may read: final to all of them,
    provisional to the apprentice and employer only; otherwise 404."""
    try:
        found = _assessments().get(
            pk=assessment_pk,
            apprenticeship__in=apprenticeships_visible_to(user),
            status__in=[Assessment.Status.PROVISIONAL, Assessment.Status.FINAL],
        )
    except Assessment.DoesNotExist:
        raise Http404("No such result.") from None
    if found.status == Assessment.Status.PROVISIONAL and not sees_provisional(
        user, found.apprenticeship
    ):
        raise Http404("No such result.")
    return found


def results_for_apprenticeship(user: User, apprenticeship: Apprenticeship) -> list[Assessment]:
    """Return the results of an apprenticeship this person reads on its record."""
    shown = [Assessment.Status.FINAL]
    if sees_provisional(user, apprenticeship):
        shown.append(Assessment.Status.PROVISIONAL)
    return list(
        Assessment.objects.filter(apprenticeship=apprenticeship, status__in=shown).order_by(
            "-number"
        )
    )
