"""Who may see and change which apprenticeship: the one place these rules live."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from trellis.apprenticeships.models import Apprenticeship
from trellis.organisations.models import User
from trellis.organisations.roles import Role
from trellis.organisations.selectors import roles_for_user

PROVIDER_WIDE_ROLES = (Role.PROVIDER_ADMIN, Role.QUALITY_LEAD, Role.SAFEGUARDING_LEAD)
# EPAO staff reach an apprenticeship only once it has been put forward for assessment, and
# then only through the gateway submission (trellis.gateway.access), never its record here.
EPAO_VISIBLE_STATUSES = (
    Apprenticeship.Status.GATEWAY,
    Apprenticeship.Status.IN_EPA,
    Apprenticeship.Status.COMPLETED,
)


def visible_apprenticeships_filter(user: User) -> Q:
    """Return the condition matching every apprenticeship this person may see."""
    roles = roles_for_user(user)
    condition = Q(pk__in=[])
    if roles.has(Role.APPRENTICE):
        condition |= Q(apprentice=user)
    if roles.has(Role.EMPLOYER_CONTACT):
        condition |= Q(employer_id__in=roles.organisation_ids(Role.EMPLOYER_CONTACT))
    if roles.has(Role.CONSULTANT):
        condition |= Q(consultant=user, provider_id__in=roles.organisation_ids(Role.CONSULTANT))
    if roles.has(*PROVIDER_WIDE_ROLES):
        condition |= Q(provider_id__in=roles.organisation_ids(*PROVIDER_WIDE_ROLES))
    return condition


def apprenticeships_visible_to(user: User) -> QuerySet[Apprenticeship]:
    """Return the apprenticeships this person may see, with what list pages show."""
    return Apprenticeship.objects.filter(visible_apprenticeships_filter(user)).select_related(
        "apprentice", "employer", "provider", "epao", "consultant", "standard_version__standard"
    )


def get_apprenticeship_for_user(user: User, pk: int) -> Apprenticeship:
    """Return the apprenticeship if this person may see it; otherwise raise 404."""
    try:
        return apprenticeships_visible_to(user).get(pk=pk)
    except Apprenticeship.DoesNotExist:
        raise Http404("No such apprenticeship.") from None


def provider_ids_managed_by(user: User) -> set[int]:
    """Return the providers in which this person may enrol apprentices."""
    return roles_for_user(user).organisation_ids(Role.PROVIDER_ADMIN)


def can_enrol(user: User) -> bool:
    return bool(provider_ids_managed_by(user))


def require_can_enrol(user: User) -> None:
    if not can_enrol(user):
        raise PermissionDenied("Only a provider admin can enrol apprentices.")


def get_apprenticeship_for_editing(user: User, pk: int) -> Apprenticeship:
    """Return the apprenticeship if this person may change it; 404 if unseen, 403 if read-only."""
    apprenticeship = get_apprenticeship_for_user(user, pk)
    if apprenticeship.provider_id not in provider_ids_managed_by(user):
        raise PermissionDenied("Only the provider's admins can change an enrolment.")
    return apprenticeship


def can_edit(user: User, apprenticeship: Apprenticeship) -> bool:
    return apprenticeship.provider_id in provider_ids_managed_by(user)


def can_view_history(user: User, apprenticeship: Apprenticeship) -> bool:
    """Return whether this person may read the record's change history."""
    roles = roles_for_user(user)
    return apprenticeship.consultant_id == user.pk or apprenticeship.provider_id in (
        roles.organisation_ids(Role.PROVIDER_ADMIN, Role.QUALITY_LEAD)
    )


def keeps_record(user: User, apprenticeship: Apprenticeship) -> bool:
    """Tell whether this person keeps the apprentice's record: their consultant or a provider
    admin, who write the plan, the ledger's reductions, qualifications and status changes."""
    return apprenticeship.consultant_id == user.pk or apprenticeship.provider_id in (
        provider_ids_managed_by(user)
    )
