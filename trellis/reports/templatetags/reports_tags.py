from django import template

from trellis.reports import access

register = template.Library()


@register.filter
def has_dashboard(user) -> bool:
    return access.has_dashboard(user)
