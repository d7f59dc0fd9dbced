"""The dashboards' figures, worked out on plain values (no Django here)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from statistics import median

# Grades from lowest to highest, whichever a standard uses; an unknown grade sorts last.
GRADE_ORDER = ("fail", "pass", "merit", "distinction")
# A spreadsheet would run a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label, its value and its length against the longest bar."""

    label: str
    value: int
    percent: int


def bars(values: Sequence[tuple[str, int]]) -> list[Bar]:
    """Return the bars of a chart, the longest at 100%; a bar above zero is never invisible."""
    largest = max((value for _, value in values), default=0)
    return [
        Bar(
            label,
            value,
            0 if value <= 0 or largest <= 0 else max(round(100 * value / largest), 1),
        )
        for label, value in values
    ]


def grades_in_order(grades: Iterable[str]) -> list[str]:
    """Return the distinct grades from lowest to highest."""
    known = {grade: position for position, grade in enumerate(GRADE_ORDER)}
    return sorted(set(grades), key=lambda grade: (known.get(grade, len(known)), grade))


def rate_percent(part: int, whole: int) -> int | None:
    """Return part of whole as a whole percentage, or None when there is nothing to divide."""
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class CohortOutcome:
    """How the apprentices who started in one year have fared so far."""

    year: int
    started: int
    in_learning: int
    completed: int
    withdrawn: int
    grades: dict[str, int]

    @property
    def leavers(self) -> int:
        return self.completed + self.withdrawn

    @property
    def achievement_percent(self) -> int | None:
        """Achievers out of those who have left, as the achievement rate is counted."""
        return rate_percent(self.completed, self.leavers)


@dataclass(frozen=True)
class Durations:
    """How many days a step took: how many cases, the median and the range."""

    count: int
    median_days: float | None = None
    shortest: int | None = None
    longest: int | None = None


def durations(pairs: Iterable[tuple[datetime | None, datetime | None]]) -> Durations:
    """Return the days from each start to its end, leaving out any pair missing either."""
    days = [(end.date() - start.date()).days for start, end in pairs if start and end]
    if not days:
        return Durations(count=0)
    return Durations(
        count=len(days), median_days=median(days), shortest=min(days), longest=max(days)
    )


def spreadsheet_safe(value: object) -> object:
    """Return a text cell that a spreadsheet shows as text, never runs; other values as given."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
