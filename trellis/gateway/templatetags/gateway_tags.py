from django import template

from trellis.booking.access import is_assessor as _is_assessor
from trellis.gateway.access import is_epao_staff as _is_epao_staff
from trellis.gateway.access import sees_pipeline as _sees_pipeline
from trellis.organisations.roles import EPAO_STAFF_ROLES, Role
from trellis.organisations.selectors import roles_for_user

register = template.Library()

RECORD_ROLES = tuple(role for role in Role if role not in EPAO_STAFF_ROLES)


@register.filter
def sees_pipeline(user) -> bool:
    """Tell whether this person has the provider's gateway pipeline, for the navigation."""
    return _sees_pipeline(user)


@register.filter
def is_epao_staff(user) -> bool:
    """Tell whether this person works the EPAO's gateway queue and bookings."""
    return _is_epao_staff(user)


@register.filter
def is_assessor(user) -> bool:
    return _is_assessor(user)


@register.filter
def reads_records(user) -> bool:
    """Tell whether this person reads apprentices' records: everyone but EPAO staff, who see
    only what the gateway submission gives them."""
    roles = roles_for_user(user)
    return not roles.distinct_roles() or roles.has(*RECORD_ROLES)
