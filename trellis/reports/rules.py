"""The dashboards' figures, worked out on plain values (no Django here)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

# Grades from lowest to highest, whichever a standard uses; an unknown grade sorts last.
GRADE_ORDER = ("fail", "pass", "merit", "distinction")


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


# How long a gateway submission has waited for the EPAO's decision, in bands of days.
WAITING_BANDS = ((0, 7, "Up to a week"), (8, 14, "1 to 2 weeks"), (15, 30, "2 to 4 weeks"))
WAITING_LONGEST_BAND = "Over 4 weeks"


def waiting_bands(ages_in_days: Iterable[int]) -> list[tuple[str, int]]:
    """Return how many waited for each band of days, shortest band first."""
    counts = {label: 0 for _, _, label in WAITING_BANDS} | {WAITING_LONGEST_BAND: 0}
    for age in ages_in_days:
        label = next(
            (label for low, high, label in WAITING_BANDS if low <= age <= high),
            WAITING_LONGEST_BAND,
        )
        counts[label] += 1
    return list(counts.items())


def weekly_counts(days: Iterable[date], first_monday: date, weeks: int) -> list[tuple[date, int]]:
    """Return, for each of `weeks` weeks from first_monday, how many of the days fall in it;
    days outside those weeks are left out."""
    counts = [0] * weeks
    for day in days:
        week = (day - first_monday).days // 7
        if 0 <= week < weeks:
            counts[week] += 1
    return [(first_monday + timedelta(weeks=n), count) for n, count in enumerate(counts)]


@dataclass(frozen=True)
class ModerationSummary:
    """What moderation did to the provisional results it looked at."""

    moderated: int
    changed: int
    grade_changes: dict[tuple[str, str], int]

    @property
    def changed_percent(self) -> int | None:
        return rate_percent(self.changed, self.moderated)


def moderation_summary(
    moderations: Iterable[tuple[str, str | None, str | None]],
) -> ModerationSummary:
    """Summarise (outcome, grade before, grade after) for each moderation: how many changed the
    scores, and each move of the overall grade with how often it happened."""
    moderated = changed = 0
    moves: dict[tuple[str, str], int] = {}
    for outcome, before, after in moderations:
        moderated += 1
        if outcome == "changed":
            changed += 1
        if before and after and before != after:
            moves[(before, after)] = moves.get((before, after), 0) + 1
    return ModerationSummary(moderated=moderated, changed=changed, grade_changes=moves)
