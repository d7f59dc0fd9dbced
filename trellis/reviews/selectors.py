"""Reads for progress reviews."""

from dataclasses import dataclass
from datetime import date

from trellis.apprenticeships.models import Apprenticeship


@dataclass(frozen=True)
class ReviewSchedule:
    """When the last review was held and when the next is due.

    next_due is None while a break in learning is open, and once reviews stop (gateway,
    withdrawal, completion).
    """

    last_review_on: date | None
    next_due: date | None


def review_schedule(apprenticeship: Apprenticeship) -> ReviewSchedule:
    """Return when the apprenticeship's last review was held and when the next falls due."""
    return ReviewSchedule(last_review_on=None, next_due=None)  # TODO(issue 4): placeholder until this part is built
