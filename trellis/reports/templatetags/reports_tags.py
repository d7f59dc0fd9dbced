from django import template

from trellis.reports import access

register = template.Library()


@register.filter
def has_dashboard(user) -> bool:
    return access.has_dashboard(user)


@register.filter
def has_employer_page(user) -> bool:
    return access.has_employer_page(user)


@register.filter
def has_epao_dashboard(user) -> bool:
    return access.has_epao_dashboard(user)
