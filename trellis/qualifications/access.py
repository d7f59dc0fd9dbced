"""Who may read and record an apprenticeship's qualifications."""

from django.core.exceptions import PermissionDenied

from trellis.apprenticeships.access import get_apprenticeship_for_user, keeps_record
from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.parties import Party, party_of
from trellis.organisations.models import User


def can_record_qualifications(user: User, apprenticeship: Apprenticeship) -> bool:
    """Return whether this person records results: the consultant or the provider's admins."""
    return keeps_record(user, apprenticeship)


def can_set_employer_requirement(user: User, apprenticeship: Apprenticeship) -> bool:
    """Return whether this person may say the employer asks for English and maths."""
    return can_record_qualifications(user, apprenticeship) or (
        party_of(user, apprenticeship) == Party.EMPLOYER
    )


def get_apprenticeship_for_recording(user: User, pk: int) -> Apprenticeship:
    """Return the apprenticeship if this person records its qualifications; 404 unseen, 403 else."""
    apprenticeship = get_apprenticeship_for_user(user, pk)
    if not can_record_qualifications(user, apprenticeship):
        raise PermissionDenied(
            "Only the apprentice's training consultant or the provider's admins record "
            "qualifications."
        )
    return apprenticeship


def get_apprenticeship_for_employer_requirement(user: User, pk: int) -> Apprenticeship:
    """Return the apprenticeship if this person may set the employer's wish; 404 or 403."""
    apprenticeship = get_apprenticeship_for_user(user, pk)
    if not can_set_employer_requirement(user, apprenticeship):
        raise PermissionDenied(
            "Only the employer, the training consultant or the provider's admins say whether "
            "the employer asks for English and maths."
        )
    return apprenticeship
