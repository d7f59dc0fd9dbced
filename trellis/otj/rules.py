"""Off-the-job rules on plain values (no Django here): what is refused, what is due, and when."""

from collections.abc import Sequence
from datetime import date, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from trellis.apprenticeships.breaks import (
    BreakPeriod,
    break_covering,
    days_in_breaks,
    postpone_for_breaks,
)
from trellis.wording import day_label

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


# --- Refusals ---------------------------------------------------------------------------------
# Each returns None when the entry may be logged, or a message that says what to fix.

MINUTES_PER_DAY = 24 * 60
QUARTER_HOUR = 15


def hours_label(hours: Decimal | float | int) -> str:
    """Return hours without trailing zeros, such as 40, 52.5 or 1.25."""
    value = Decimal(str(hours)).quantize(HUNDREDTHS, ROUND_HALF_UP).normalize()
    return f"{value:f}"


def minutes_label(minutes: int) -> str:
    """Return a duration as hours and minutes, such as 1 hour 15 minutes."""
    hours, rest = divmod(abs(minutes), 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def refuse_future_date(*, day: date, today: date) -> str | None:
    """Refuse time that has not been spent yet."""
    if day > today:
        return (
            f"{day_label(day)} is in the future: log hours once they are done "
            f"(today is {day_label(today)})."
        )
    return None


def refuse_before_start(*, day: date, start: date) -> str | None:
    """Refuse time before the apprenticeship began."""
    if day < start:
        return (
            f"{day_label(day)} is before the apprenticeship started on {day_label(start)}: "
            "only training from the start counts."
        )
    return None


def refuse_after_withdrawal(*, day: date, withdrawn_on: date | None) -> str | None:
    """Refuse time after the last learning a withdrawal was dated at."""
    if withdrawn_on is not None and day > withdrawn_on:
        return (
            f"The apprentice withdrew, with their last learning on {day_label(withdrawn_on)}: "
            "log only time spent on or before then."
        )
    return None


def refuse_after_gateway(
    *, day: date, gateway_date: date | None, at_gateway: bool, counts_after_gateway: bool
) -> str | None:
    """Refuse time from gateway on, unless the funding rules let it count; once the
    apprentice is at gateway, refuse any more logging, since the EPAO has the hours as they
    stood."""
    if counts_after_gateway:
        return None
    if at_gateway:
        since = f" on {day_label(gateway_date)}" if gateway_date else ""
        return (
            f"Off-the-job training stopped at gateway{since}: the end-point assessment "
            "organisation has the hours as they stood then, so no more can be logged."
        )
    if gateway_date is not None and day >= gateway_date:
        return (
            f"Off-the-job training stops at gateway on {day_label(gateway_date)}: "
            "log only time spent before then."
        )
    return None


def refuse_during_break(*, day: date, breaks: Sequence[BreakPeriod]) -> str | None:
    """Refuse time during a break in learning, naming the break's dates."""
    period = break_covering(day, breaks)
    if period is None:
        return None
    if period.returned_on is None:
        span = f"since {day_label(period.starts)}"
    else:
        last_day = period.returned_on - timedelta(days=1)
        span = f"from {day_label(period.starts)} to {day_label(last_day)}"
    return (
        f"{day_label(day)} falls in a break in learning {span}: no training counts during a "
        "break. Choose a day outside it."
    )


def refuse_duration(*, minutes: int) -> str | None:
    """Refuse a duration that is not a positive number of quarter hours within a day."""
    if minutes <= 0:
        return "Log more than 0 minutes: the end time must be after the start time."
    if minutes > MINUTES_PER_DAY:
        return f"A day has at most 24 hours; {minutes_label(minutes)} is more than that."
    if minutes % QUARTER_HOUR:
        lower = minutes - minutes % QUARTER_HOUR
        upper = lower + QUARTER_HOUR
        return (
            f"Log time in quarter hours: {minutes_label(minutes)} is not one; round it to "
            f"{minutes_label(lower)} or {minutes_label(upper)}."
        )
    return None


def refuse_day_total(*, day: date, minutes: int, other_minutes_that_day: int) -> str | None:
    """Refuse an entry that takes the day's logged time past 24 hours."""
    total = minutes + other_minutes_that_day
    if total > MINUTES_PER_DAY:
        return (
            f"That makes {minutes_label(total)} on {day_label(day)} with the "
            f"{minutes_label(other_minutes_that_day)} already logged; a day has at most 24 "
            "hours. Log less time or correct the other entries."
        )
    return None


def refuse_overlap(
    *, day: date, start: time | None, end: time | None, others: Sequence[tuple[time, time]]
) -> str | None:
    """Refuse times that overlap another entry's times on the same day."""
    if start is None or end is None:
        return None
    for other_start, other_end in sorted(others):
        if start < other_end and other_start < end:
            return (
                f"These times overlap the entry from {other_start:%H:%M} to {other_end:%H:%M} "
                f"on {day_label(day)}: change the times so that they do not."
            )
    return None


def refuse_english_maths(*, is_english_maths: bool, counts_english_and_maths: bool) -> str | None:
    """Refuse English or maths up to level 2 unless the funding rules let it count."""
    if is_english_maths and not counts_english_and_maths:
        return (
            "English or maths up to level 2 does not count as off-the-job training under the "
            "funding rules for this start date: record it with the qualifications instead."
        )
    return None


def minutes_between(start: time, end: time) -> int:
    """Return the minutes from start to end on the same day (negative if end is earlier)."""
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


# --- Pace -------------------------------------------------------------------------------------


def forecast_at_pace(
    *,
    actual: Decimal,
    start: date,
    planned_end: date,
    today: date,
    breaks: Sequence[BreakPeriod] = (),
) -> Decimal | None:
    """Return the hours the apprentice will have by the planned end at the pace so far.

    The pace is the confirmed hours over the learning days so far (breaks left out); None
    while no learning day has passed.
    """
    until = min(max(today, start), planned_end)
    days_so_far = (until - start).days - days_in_breaks(start, until, breaks)
    if days_so_far <= 0:
        return None
    learning_days = (planned_end - start).days - days_in_breaks(start, planned_end, breaks)
    forecast = actual * Decimal(learning_days) / Decimal(days_so_far)
    return forecast.quantize(HUNDREDTHS, ROUND_HALF_UP)


def logging_stopped_on(
    *,
    at_gateway: bool,
    gateway_date: date | None,
    withdrawn_on: date | None,
    counts_after_gateway: bool,
) -> date | None:
    """Return the last day off-the-job time counts for; None while it still counts, or when
    the apprentice is at gateway with no gateway date recorded."""
    if withdrawn_on is not None:
        return withdrawn_on
    if at_gateway and not counts_after_gateway:
        return gateway_date
    return None


def logging_stopped(
    *,
    at_gateway: bool,
    gateway_date: date | None,
    withdrawn_on: date | None,
    counts_after_gateway: bool,
) -> str | None:
    """Say since when and why no more off-the-job time is logged; None while it still is.

    Time stops at gateway unless the funding rules let it count, and at a withdrawal's last
    day of learning; from then on the apprentice is neither behind nor ahead of a pace."""
    if withdrawn_on is not None:
        return (
            f"Off-the-job training stopped on {day_label(withdrawn_on)}, the last day of "
            "learning before the apprentice withdrew."
        )
    if at_gateway and not counts_after_gateway:
        since = f" on {day_label(gateway_date)}" if gateway_date else ""
        return (
            f"Off-the-job training stopped at gateway{since}: the end-point assessment "
            "organisation has the hours as they stood then."
        )
    return None


def behind_message(
    *, actual: Decimal, expected: Decimal, required: Decimal, forecast: Decimal | None
) -> str | None:
    """Say by how much and why the apprentice is behind; None when on track."""
    if actual >= expected:
        return None
    message = (
        f"{hours_label(expected - actual)} hours behind: {hours_label(actual)} confirmed "
        f"against {hours_label(expected)} expected by today"
    )
    if forecast is not None:
        message += (
            f"; at this pace {hours_label(forecast)} of {hours_label(required)} required by "
            "the planned end"
        )
    return message + "."
