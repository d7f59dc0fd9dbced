from django import template

from trellis.caseload.access import has_caseload as _has_caseload

register = template.Library()


@register.filter
def has_caseload(user) -> bool:
    """Tell whether this person has a caseload page, for the main navigation."""
    return _has_caseload(user)
