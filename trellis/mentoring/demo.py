"""Demo records for this part of the portfolio, dated relative to today."""

from collections.abc import Sequence
from datetime import date

from trellis.apprenticeships.models import Apprenticeship


def demo_seed_records(*, apprenticeships: Sequence[Apprenticeship], today: date) -> None:
    """Add this part's demo records."""
