"""Who may read, change and sign a training plan: the one place these rules live."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from trellis.apprenticeships.access import get_apprenticeship_for_user, keeps_record
from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.parties import Party, party_of
from trellis.organisations.models import User
from trellis.plans.models import PlanActivity, PlanVersion
from trellis.plans.rules import CLOSED_STATUSES


def can_change_plan(user: User, apprenticeship: Apprenticeship) -> bool:
    """Tell whether this person writes the plan: its consultant or a provider admin."""
    return keeps_record(user, apprenticeship)


def get_apprenticeship_for_plan_reading(user: User, pk: int) -> Apprenticeship:
    """Return the apprenticeship whose plan this person may read; 404 if they cannot see it."""
    return get_apprenticeship_for_user(user, pk)


def get_apprenticeship_for_plan_change(user: User, pk: int) -> Apprenticeship:
    """Return the apprenticeship whose plan this person may change; 404 if unseen, else 403."""
    apprenticeship = get_apprenticeship_for_user(user, pk)
    if not can_change_plan(user, apprenticeship):
        raise PermissionDenied(
            "Only the apprentice's training consultant and the provider's admins can change "
            "the training plan."
        )
    return apprenticeship


def get_activity_for_plan_change(user: User, pk: int, activity_pk: int) -> PlanActivity:
    """Return an activity of this apprenticeship's plan that this person may change."""
    apprenticeship = get_apprenticeship_for_plan_change(user, pk)
    try:
        activity = PlanActivity.objects.select_related("plan_version").get(
            pk=activity_pk, plan_version__apprenticeship=apprenticeship
        )
    except PlanActivity.DoesNotExist:
        raise Http404("No such activity.") from None
    activity.plan_version.apprenticeship = apprenticeship
    return activity


def can_change_plan_now(user: User, apprenticeship: Apprenticeship) -> bool:
    """Tell whether to offer this person the plan's change links."""
    return can_change_plan(user, apprenticeship) and apprenticeship.status not in CLOSED_STATUSES


def can_sign_now(user: User, apprenticeship: Apprenticeship, version: PlanVersion | None) -> bool:
    """Tell whether to offer this person the button that signs the current version."""
    party = signing_party(user, apprenticeship)
    if version is None or party is None or apprenticeship.status in CLOSED_STATUSES:
        return False
    signed = {signature.party for signature in version.signatures.all()}
    return party not in signed and bool(version.activities.all())


def signing_party(user: User, apprenticeship: Apprenticeship) -> Party | None:
    """Return the party this person signs the plan as, or None if they do not sign it."""
    return party_of(user, apprenticeship)


def get_apprenticeship_for_plan_signing(user: User, pk: int) -> tuple[Apprenticeship, Party]:
    """Return the apprenticeship and the party this person signs as; 404 if unseen, 403 if none."""
    apprenticeship = get_apprenticeship_for_user(user, pk)
    party = signing_party(user, apprenticeship)
    if party is None:
        raise PermissionDenied(
            "Only the apprentice, their training consultant and their employer contact sign "
            "the training plan."
        )
    return apprenticeship, party
