from django import template

from trellis.plans.rules import hours_text

register = template.Library()


@register.filter
def hours(value) -> str:
    """Show hours without trailing zeros, as 7.5 or 21."""
    return "" if value in (None, "") else hours_text(value)
