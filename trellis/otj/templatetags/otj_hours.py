from django import template

from trellis.otj.rules import hours_label

register = template.Library()


@register.filter
def hours(value) -> str:
    """Print hours without trailing zeros: 40, 52.5, 1.25."""
    return "" if value is None else hours_label(value)
