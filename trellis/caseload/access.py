"""Who has a caseload, and which apprenticeships are in it: the one place these rules live."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from trellis.apprenticeships.access import PROVIDER_WIDE_ROLES, visible_apprenticeships_filter
from trellis.organisations.models import User
from trellis.organisations.roles import Role
from trellis.organisations.selectors import roles_for_user

CASELOAD_ROLES = (Role.CONSULTANT, Role.EMPLOYER_CONTACT, *PROVIDER_WIDE_ROLES)


def has_caseload(user: User) -> bool:
    """Tell whether this person looks after apprentices and so has a caseload page."""
    return roles_for_user(user).has(*CASELOAD_ROLES)


def require_caseload(user: User) -> None:
    if not has_caseload(user):
        raise PermissionDenied(
            "Only training consultants, employer contacts and provider staff have a caseload."
        )


def sees_whole_provider(user: User) -> bool:
    """Tell whether this person looks across the provider and so may filter by consultant."""
    return roles_for_user(user).has(*PROVIDER_WIDE_ROLES)


def sees_several_employers(user: User) -> bool:
    """Tell whether this person's caseload spans employers, so the employer is worth showing."""
    roles = roles_for_user(user)
    return roles.has(Role.CONSULTANT, *PROVIDER_WIDE_ROLES) or (
        len(roles.organisation_ids(Role.EMPLOYER_CONTACT)) > 1
    )


def caseload_filter(user: User) -> Q:
    """Return the condition matching the apprenticeships in this person's caseload.

    Each role adds the apprentices it looks after; the result is never wider than what the
    person may see at all.
    """
    roles = roles_for_user(user)
    condition = Q(pk__in=[])
    if roles.has(Role.CONSULTANT):
        condition |= Q(consultant=user)
    if roles.has(Role.EMPLOYER_CONTACT):
        condition |= Q(employer_id__in=roles.organisation_ids(Role.EMPLOYER_CONTACT))
    if roles.has(*PROVIDER_WIDE_ROLES):
        condition |= Q(provider_id__in=roles.organisation_ids(*PROVIDER_WIDE_ROLES))
    return condition & visible_apprenticeships_filter(user)
