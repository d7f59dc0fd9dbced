"""Demo records for this part of the apprenticeship record, dated relative to today."""

from collections.abc import Sequence
from datetime import date

from trellis.apprenticeships.models import Apprenticeship


def demo_seed_records(*, apprenticeships: Sequence[Apprenticeship], today: date) -> None:
    """Add demo records to the demo apprenticeships."""
