"""One apprentice's off-the-job hours over time against the even pace, on plain values (no
Django here): the figures at the end of each month and the chart drawn from them."""

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from itertools import accumulate

from trellis.apprenticeships.breaks import BreakPeriod, break_covering
from trellis.otj.rules import HUNDREDTHS, expected_to_date, hours_label
from trellis.reports import charts
from trellis.wording import day_label


@dataclass(frozen=True)
class TrajectoryRow:
    """The hours by the end of one day: confirmed and logged (None after today) and expected."""

    day: date
    notes: tuple[str, ...]
    confirmed: Decimal | None
    logged: Decimal | None
    expected: Decimal

    @property
    def day_label(self) -> str:
        return day_label(self.day)


@dataclass(frozen=True)
class Trajectory:
    """The off-the-job hours from the start to today, and the expectation to the planned end;
    once logging has stopped, both end on the day it stopped."""

    required: Decimal
    start: date
    planned_end: date
    today: date
    breaks: tuple[BreakPeriod, ...]
    rows: list[TrajectoryRow]
    # The expected hours at each day where the pace changes (the start, each break's first and
    # last day, the planned end): straight lines between them draw the rule exactly.
    expected_line: list[tuple[date, Decimal]]
    # The break in learning the apprentice is on today, if any.
    current_break: BreakPeriod | None = None
    # The last day off-the-job time counted for (gateway, or a withdrawal's last day), if past.
    stopped_on: date | None = None

    @property
    def counted_until(self) -> date:
        """Return the last day whose hours the chart shows: today, or the day logging stopped."""
        return self.stopped_on if self.stopped_on is not None else self.today

    @cached_property
    def today_row(self) -> TrajectoryRow:
        return next(row for row in self.rows if row.day == self.counted_until)

    @cached_property
    def awaiting(self) -> Decimal:
        """Return the hours logged by today that still await confirmation."""
        row = self.today_row
        return (row.logged or 0) - (row.confirmed or 0)

    @property
    def last_day(self) -> date:
        if self.stopped_on is not None:
            return self.stopped_on
        return max(self.planned_end, self.today)


def cumulative_hours(minutes_by_day: Mapping[date, int], days: Sequence[date]) -> list[Decimal]:
    """Return, for each day, the hours logged on or before it."""
    logged_days = sorted(minutes_by_day)
    totals = list(accumulate(minutes_by_day[day] for day in logged_days))
    hours = []
    for day in days:
        count = bisect_right(logged_days, day)
        minutes = totals[count - 1] if count else 0
        hours.append((Decimal(minutes) / 60).quantize(HUNDREDTHS))
    return hours


def pace_changes(
    start: date, planned_end: date, last_day: date, breaks: Sequence[BreakPeriod]
) -> list[date]:
    """Return the days where the expected hours change pace, from the start to the last day,
    both included."""
    days = {start, planned_end, last_day}
    for period in breaks:
        days.add(period.starts)
        if period.returned_on is not None:
            days.add(period.returned_on)
    return sorted(day for day in days if start <= day <= last_day)


def _notes(
    day: date, *, start: date, today: date, stopped_on: date | None, planned_end: date, breaks
) -> tuple[str, ...]:
    notes = []
    if day == start:
        notes.append("start")
    if day == stopped_on:
        notes.append("logging stopped")
    elif day == today:
        notes.append("today")
    if day == planned_end:
        notes.append("planned end")
    if break_covering(day, breaks) is not None:
        notes.append("break in learning")
    return tuple(notes)


def trajectory(
    *,
    required: Decimal,
    start: date,
    planned_end: date,
    today: date,
    breaks: Sequence[BreakPeriod] = (),
    stopped_on: date | None = None,
    confirmed_minutes: Mapping[date, int],
    awaiting_minutes: Mapping[date, int],
) -> Trajectory | None:
    """Return the hours confirmed, logged and expected by the end of the start day, each month
    end and today, and expected by the planned end; None before the apprenticeship starts.

    Hours count on the day the training was done. Expected hours follow `expected_to_date`,
    so a break in learning holds them still. Once logging has stopped (`stopped_on`, at
    gateway or a withdrawal's last day), the figures end on that day: nothing more is logged
    or expected after it.
    """
    if today < start:
        return None
    if stopped_on is not None:
        stopped_on = min(max(stopped_on, start), today)
    pace = {"required": required, "start": start, "planned_end": planned_end, "breaks": breaks}
    counted_until = stopped_on or today
    current_break = break_covering(counted_until, breaks)
    # Nothing is expected after the day logging stopped, nor after today during a break not
    # yet over: nobody knows when learning resumes.
    open_break = current_break is not None and current_break.returned_on is None
    expecting_more = stopped_on is None and not open_break
    horizon = max(planned_end, today) if expecting_more else counted_until
    days = sorted({*charts.sample_days(start, counted_until), min(planned_end, horizon)})
    logged_minutes = {
        day: confirmed_minutes.get(day, 0) + awaiting_minutes.get(day, 0)
        for day in {*confirmed_minutes, *awaiting_minutes}
    }
    confirmed = cumulative_hours(confirmed_minutes, days)
    logged = cumulative_hours(logged_minutes, days)
    rows = [
        TrajectoryRow(
            day=day,
            notes=_notes(
                day,
                start=start,
                today=today,
                stopped_on=stopped_on,
                planned_end=planned_end,
                breaks=breaks,
            ),
            confirmed=confirmed[n] if day <= counted_until else None,
            logged=logged[n] if day <= counted_until else None,
            expected=expected_to_date(today=day, **pace),
        )
        for n, day in enumerate(days)
    ]
    return Trajectory(
        required=required,
        start=start,
        planned_end=planned_end,
        today=today,
        breaks=tuple(breaks),
        rows=rows,
        expected_line=[
            (day, expected_to_date(today=day, **pace))
            for day in pace_changes(start, planned_end, horizon, breaks)
        ],
        current_break=None if stopped_on else current_break,
        stopped_on=stopped_on,
    )


def trajectory_summary(trajectory: Trajectory) -> str:
    """Say in one sentence what the chart shows."""
    row = trajectory.today_row
    if trajectory.stopped_on is not None:
        summary = (
            f"Off-the-job hours from {day_label(trajectory.start)} until logging stopped on "
            f"{day_label(trajectory.stopped_on)}: {hours_label(row.confirmed)} of "
            f"{hours_label(trajectory.required)} required hours confirmed; "
            f"{hours_label(row.expected)} expected by then"
        )
    else:
        summary = (
            f"Off-the-job hours since {day_label(trajectory.start)}: "
            f"{hours_label(row.confirmed)} of {hours_label(trajectory.required)} required hours "
            f"confirmed; {hours_label(row.expected)} expected by today"
        )
    if trajectory.current_break is not None:
        summary += (
            ", held there by the break in learning since "
            f"{day_label(trajectory.current_break.starts)}"
        )
    if trajectory.awaiting:
        summary += f"; {hours_label(trajectory.awaiting)} more awaiting confirmation"
    return summary + f". The planned end is {day_label(trajectory.planned_end)}."


def trajectory_chart(trajectory: Trajectory) -> charts.LineChart:
    """Return the chart: confirmed (and awaiting) hours against the expected, to the required."""
    counted_until = trajectory.counted_until
    to_date = [row for row in trajectory.rows if row.day <= counted_until]
    series = [
        charts.Series(
            label="Confirmed",
            style="solid",
            marker="circle",
            points=[(row.day, row.confirmed) for row in to_date],
        )
    ]
    if trajectory.awaiting:
        series.append(
            charts.Series(
                label="Confirmed and awaiting confirmation",
                style="dotted",
                points=[(row.day, row.logged) for row in to_date],
            )
        )
    series.append(
        charts.Series(
            label="Expected at an even pace", style="dashed", points=trajectory.expected_line
        )
    )
    last_day = trajectory.last_day
    return charts.line_chart(
        summary=trajectory_summary(trajectory),
        first=trajectory.start,
        last=last_day,
        series=series,
        levels=[
            charts.Level(trajectory.required, f"Required: {hours_label(trajectory.required)} hours")
        ],
        moments=_moments(trajectory),
        # A break not yet over is shaded up to today (or the day logging stopped): when it
        # ends is not known yet.
        spans=[
            charts.Span(period.starts, period.returned_on or counted_until)
            for period in trajectory.breaks
        ],
        span_label="Break in learning",
        y_title="Hours",
    )


def _moments(trajectory: Trajectory) -> list[charts.Moment]:
    if trajectory.stopped_on is None:
        return [
            charts.Moment(trajectory.today, "Today"),
            charts.Moment(trajectory.planned_end, "Planned end"),
        ]
    moments = [charts.Moment(trajectory.stopped_on, "Logging stopped")]
    if trajectory.planned_end < trajectory.stopped_on:
        moments.append(charts.Moment(trajectory.planned_end, "Planned end"))
    return moments
