"""Who may read, record, correct and sign progress reviews: the one place these rules live."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from trellis.apprenticeships.access import get_apprenticeship_for_user
from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.parties import SIGNING_PARTIES, Party, party_of
from trellis.organisations.models import User
from trellis.reviews.models import ProgressReview


def get_review_for_user(user: User, pk: int, review_id: int) -> ProgressReview:
    """Return the review if this person may see its apprenticeship; otherwise raise 404."""
    apprenticeship = get_apprenticeship_for_user(user, pk)
    try:
        review = ProgressReview.objects.select_related("corrects", "recorded_by").get(
            pk=review_id, apprenticeship=apprenticeship
        )
    except ProgressReview.DoesNotExist:
        raise Http404("No such progress review.") from None
    review.apprenticeship = apprenticeship
    return review


def can_record(user: User, apprenticeship: Apprenticeship) -> bool:
    """Tell whether this person records, changes and corrects the apprenticeship's reviews."""
    return user.pk == apprenticeship.consultant_id


def require_can_record(user: User, apprenticeship: Apprenticeship) -> None:
    if not can_record(user, apprenticeship):
        raise PermissionDenied("Only the apprentice's training consultant records reviews.")


def can_edit(user: User, review: ProgressReview) -> bool:
    """Tell whether this person may still change the review: the consultant, before anyone signs."""
    return can_record(user, review.apprenticeship) and not review.signatures.exists()


def signing_party(user: User, review: ProgressReview) -> Party | None:
    """Return the party this person would sign as, or None if they may not sign it now."""
    if review.is_locked:
        return None
    party = party_of(user, review.apprenticeship)
    signed = {signature.party for signature in review.signatures.all()}
    if party not in SIGNING_PARTIES or party in signed:
        return None
    return party
