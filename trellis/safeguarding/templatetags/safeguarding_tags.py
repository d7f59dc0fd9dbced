from django import template

from trellis.safeguarding import access

register = template.Library()


@register.filter
def is_safeguarding_lead(user) -> bool:
    """Tell whether this person leads safeguarding somewhere, for the main navigation."""
    return bool(getattr(user, "is_authenticated", False)) and access.is_safeguarding_lead(user)
