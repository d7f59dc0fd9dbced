"""Reads for the off-the-job training ledger."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from trellis.apprenticeships.models import Apprenticeship


@dataclass(frozen=True)
class OtjTotals:
    """The ledger's totals in hours, and the day by which the actual hours were due.

    on_track_until: at an even pace over the practical period (breaks excluded), the day by
    which the confirmed hours would have been due; the apprentice is behind once it is past.
    """

    required: Decimal
    planned: Decimal
    actual: Decimal
    on_track_until: date | None


def otj_totals(apprenticeship: Apprenticeship) -> OtjTotals:
    """Return the apprenticeship's required, planned and confirmed off-the-job hours."""
    return OtjTotals(Decimal(0), Decimal(0), Decimal(0), None)  # TODO(issue 4): placeholder until this part is built
