"""Who sees the provider dashboard: consultants (their own caseload) and provider staff."""

from django.core.exceptions import PermissionDenied

from trellis.apprenticeships.access import PROVIDER_WIDE_ROLES
from trellis.gateway.access import is_epao_staff
from trellis.organisations.models import User
from trellis.organisations.roles import Role
from trellis.organisations.selectors import roles_for_user

DASHBOARD_ROLES = (Role.CONSULTANT, *PROVIDER_WIDE_ROLES)


def has_dashboard(user: User) -> bool:
    return user.is_authenticated and roles_for_user(user).has(*DASHBOARD_ROLES)


def require_dashboard(user: User) -> None:
    if not has_dashboard(user):
        raise PermissionDenied("Only training consultants and provider staff see the dashboard.")


def has_employer_page(user: User) -> bool:
    return user.is_authenticated and roles_for_user(user).has(Role.EMPLOYER_CONTACT)


def require_employer_page(user: User) -> None:
    if not has_employer_page(user):
        raise PermissionDenied("This page is for employers' contacts.")


def has_epao_dashboard(user: User) -> bool:
    """EPAO admins and moderators: the staff who read all of the EPAO's work."""
    return user.is_authenticated and is_epao_staff(user)


def require_epao_dashboard(user: User) -> None:
    if not has_epao_dashboard(user):
        raise PermissionDenied("This dashboard is for an EPAO's admins and moderators.")


def has_ilr_export(user: User) -> bool:
    """Provider staff who look across the provider; a consultant's caseload is not a return."""
    return user.is_authenticated and roles_for_user(user).has(*PROVIDER_WIDE_ROLES)


def require_ilr_export(user: User) -> None:
    if not has_ilr_export(user):
        raise PermissionDenied(
            "Only provider admins, quality and safeguarding leads export the ILR."
        )
