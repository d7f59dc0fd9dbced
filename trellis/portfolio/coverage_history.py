"""How an apprentice's KSB coverage stood at the end of each month since the start, worked out
from the decisions that stood on each day, on plain values (no Django here).

An item counts from an assessed decision until the next decision on it (a correction or a
reassessment, which counts from its own day) or until it stops being assessed (reopened), and
it counts with that decision's judgements. At today's end this is the rule that keeps the
stored coverage (`rules.coverage` over the decisions that stand on assessed items), so the
history ends where the coverage page stands.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from trellis.portfolio import rules
from trellis.reports import charts
from trellis.wording import day_label


@dataclass(frozen=True)
class DecisionMade:
    """A decision on an item: assessed with its judgements, or returned."""

    item_id: int
    at: datetime
    assessed: bool
    # (KSB id, "working_towards" or "secure") for each KSB judged.
    judgements: tuple[tuple[int, str], ...]
    occurred_on: date


@dataclass(frozen=True)
class ItemLeft:
    """The moment an item stopped being assessed without a decision: it was reopened."""

    item_id: int
    at: datetime


@dataclass(frozen=True)
class CoveragePoint:
    """How many KSBs stood where at the end of one day."""

    day: date
    notes: tuple[str, ...]
    secure: int
    working_towards: int
    none: int

    @property
    def day_label(self) -> str:
        return day_label(self.day)

    @property
    def with_evidence(self) -> int:
        return self.secure + self.working_towards


def standings(
    days: Sequence[date], decisions: Iterable[DecisionMade], departures: Iterable[ItemLeft]
) -> list[dict[int, rules.KsbStanding]]:
    """Return, for each of the days in order, where each KSB with accepted evidence stood at
    the end of the day (`rules.coverage` over the decisions standing then)."""
    # Events in the order they happened; at the same instant a decision comes first, since an
    # item leaves coverage only after it was assessed.
    events = sorted(
        [(d.at, 0, n, d) for n, d in enumerate(decisions)]
        + [(d.at, 1, n, d) for n, d in enumerate(departures)],
        key=lambda event: event[:3],
    )
    standing: dict[int, DecisionMade] = {}
    results = []
    position = 0
    for day in days:
        while position < len(events) and events[position][0].date() <= day:
            event = events[position][3]
            if isinstance(event, DecisionMade) and event.assessed:
                standing[event.item_id] = event
            else:
                standing.pop(event.item_id, None)
            position += 1
        results.append(
            rules.coverage(
                rules.AcceptedJudgement(
                    ksb_id=ksb_id,
                    item_id=decision.item_id,
                    judgement=judgement,
                    occurred_on=decision.occurred_on,
                )
                for decision in standing.values()
                for ksb_id, judgement in decision.judgements
            )
        )
    return results


def coverage_history(
    *,
    start: date,
    today: date,
    ksb_ids: Iterable[int],
    decisions: Iterable[DecisionMade],
    departures: Iterable[ItemLeft] = (),
) -> list[CoveragePoint]:
    """Return how many of the KSBs were secure, working towards and without evidence at the end
    of the start day, of each month since and of today. `at` times must be local to the
    pages' time zone, since a day's end is read from their dates."""
    ksb_ids = set(ksb_ids)
    days = charts.sample_days(start, today)
    points = []
    for day, standing in zip(days, standings(days, decisions, departures), strict=True):
        states = [stand.state for ksb_id, stand in standing.items() if ksb_id in ksb_ids]
        secure = states.count(rules.SECURE)
        towards = states.count(rules.WORKING_TOWARDS)
        notes = tuple(note for note, on in (("start", start), ("today", today)) if on == day)
        points.append(
            CoveragePoint(
                day=day,
                notes=notes,
                secure=secure,
                working_towards=towards,
                none=len(ksb_ids) - secure - towards,
            )
        )
    return points


def coverage_summary(points: Sequence[CoveragePoint], total: int) -> str:
    """Say in one sentence what the chart shows."""
    first, today = points[0], points[-1]
    return (
        f"KSB coverage since {first.day_label}: by today {today.secure} of {total} KSBs secure "
        f"and {today.working_towards} working towards."
    )


def coverage_chart(
    points: Sequence[CoveragePoint], *, total: int, planned_end: date
) -> charts.LineChart:
    """Return the chart: KSBs secure, and secure or working towards, against all the KSBs."""
    start, today = points[0].day, points[-1].day
    return charts.line_chart(
        summary=coverage_summary(points, total),
        first=start,
        last=max(planned_end, today),
        series=[
            charts.Series(
                label="Secure",
                style="solid",
                marker="circle",
                points=[(p.day, p.secure) for p in points],
            ),
            charts.Series(
                label="Secure or working towards",
                style="dashed",
                marker="square",
                points=[(p.day, p.with_evidence) for p in points],
            ),
        ],
        levels=[charts.Level(total, f"All {total} KSBs")],
        moments=[charts.Moment(today, "Today"), charts.Moment(planned_end, "Planned end")],
        y_title="KSBs",
    )
