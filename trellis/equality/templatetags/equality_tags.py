from django import template

from trellis.equality import access

register = template.Library()


@register.filter
def has_equality_report(user) -> bool:
    return access.has_report(user)
