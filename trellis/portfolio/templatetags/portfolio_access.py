from django import template

from trellis.portfolio.access import can_read_portfolio

register = template.Library()


@register.filter
def portfolio_readable_by(apprenticeship, user) -> bool:
    """Tell whether the record's Portfolio tab leads anywhere for this person."""
    return can_read_portfolio(user, apprenticeship)
