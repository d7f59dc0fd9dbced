"""Off-the-job pace on plain values (no Django here): what is due by a day, and when."""

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from trellis.apprenticeships.breaks import BreakPeriod, days_in_breaks, postpone_for_breaks

HUNDREDTHS = Decimal("0.01")


def expected_to_date(
    *,
    required: Decimal,
    start: date,
    planned_end: date,
    today: date,
    breaks: Sequence[BreakPeriod] = (),
) -> Decimal:
    """Return the hours due by today if the required hours are spread evenly over learning.

    Days in a break in learning count for nothing, so the expectation stands still during one.
    """
    total_days = (planned_end - start).days
    if total_days <= 0:
        raise ValueError("The planned end date must be after the start date.")
    until = min(max(today, start), planned_end)
    learning_days = (until - start).days - days_in_breaks(start, until, breaks)
    share = Decimal(max(learning_days, 0)) / Decimal(total_days)
    return (required * min(share, Decimal(1))).quantize(HUNDREDTHS, ROUND_HALF_UP)


def on_track_until(
    *,
    actual: Decimal,
    required: Decimal,
    start: date,
    planned_end: date,
    breaks: Sequence[BreakPeriod] = (),
) -> date | None:
    """Return the last day on which `actual` hours keep up with an even pace.

    The apprentice is behind once the day is past. None means there is no pace to keep:
    nothing is required, or a break still open stops the clock before the day comes.
    """
    if required <= 0:
        return None
    total_days = (planned_end - start).days
    if total_days <= 0:
        raise ValueError("The planned end date must be after the start date.")
    covered_days = int(Decimal(total_days) * min(actual / required, Decimal(1)))
    return postpone_for_breaks(start + timedelta(days=covered_days), breaks, since=start)
