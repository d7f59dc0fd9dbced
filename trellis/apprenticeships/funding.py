"""Apprenticeship funding rules that change by start date, read from a TOML data file.

Pure Python: the periods are frozen pydantic models, and the calculations (progress review
dates, required and expected off-the-job hours) are plain functions over a period.
"""

from __future__ import annotations

import functools
import itertools
import tomllib
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from trellis.apprenticeships.rules import add_months
from trellis.standards.datafile import (
    Flag,
    Percent,
    PositiveCount,
    Problem,
    SemanticProblems,
    Slug,
    StandardDataError,
    Text,
    validation_problems,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
FUNDING_RULES_FILE = DATA_DIR / "funding_rules.toml"
DAYS_PER_WEEK = 7
DAYS_PER_YEAR = 365
# Statutory annual leave in England: 5.6 weeks a year.
STATUTORY_LEAVE_WEEKS = 5.6

OtjMethod = Literal["percent_of_contracted_hours", "hours_per_week", "published_minimum"]

# The settings each off-the-job method needs; any other setting is refused for that method.
OTJ_SETTINGS: dict[str, tuple[str, ...]] = {
    "percent_of_contracted_hours": ("percent",),
    "hours_per_week": ("hours_per_week", "full_time_weekly_hours", "part_time_percent"),
    "published_minimum": ("minimum_hours",),
}
ALL_OTJ_SETTINGS = tuple(dict.fromkeys(itertools.chain.from_iterable(OTJ_SETTINGS.values())))


class NoFundingPeriodError(ValueError):
    """No funding period covers the start date asked about."""


# --- Schema -----------------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(_Model):
    """A rule that names where it comes from and whether it was read from that source."""

    source: Text
    confirmed: Flag


class ReviewCadence(Sourced):
    """How often a three-way progress review is due: in weeks or in calendar months."""

    every_weeks: PositiveCount | None = None
    every_calendar_months: PositiveCount | None = None

    @model_validator(mode="after")
    def _check_exactly_one_cadence(self) -> Self:
        if (self.every_weeks is None) == (self.every_calendar_months is None):
            raise SemanticProblems(
                [("", "must set exactly one of every_weeks and every_calendar_months")]
            )
        return self

    def due_after(self, base: date, cadences: int = 1) -> date:
        """Return the date `cadences` review intervals after base."""
        if self.every_weeks is not None:
            return base + timedelta(weeks=self.every_weeks * cadences)
        assert self.every_calendar_months is not None
        return add_months(base, self.every_calendar_months * cadences)


class OffTheJobRule(Sourced):
    """How the required off-the-job training hours are worked out, and what never counts."""

    method: OtjMethod
    percent: Percent | None = None
    hours_per_week: PositiveCount | None = None
    full_time_weekly_hours: PositiveCount | None = None
    part_time_percent: Percent | None = None
    minimum_hours: PositiveCount | None = None
    counts_after_gateway: Flag
    counts_english_and_maths_to_level_2: Flag

    @model_validator(mode="after")
    def _check_settings_fit_method(self) -> Self:
        needed = OTJ_SETTINGS[self.method]
        problems: list[Problem] = []
        for setting in ALL_OTJ_SETTINGS:
            is_set = getattr(self, setting) is not None
            if setting in needed and not is_set:
                problems.append((setting, f"is missing; method {self.method!r} needs it"))
            elif setting not in needed and is_set:
                problems.append((setting, f"does not apply to method {self.method!r}"))
        if problems:
            raise SemanticProblems(problems)
        return self


class MinimumDuration(Sourced):
    """The shortest practical period before gateway the funding rules allow."""

    months: PositiveCount


class TrainingPlanRule(Sourced):
    """What the signed training plan must hold, and by when."""

    epao_named_months_before_end: PositiveCount


class _DatedPeriod(Sourced):
    """Rules for apprentices who start within one range of dates (both ends inclusive)."""

    name: Text
    starts_from: date
    starts_until: date | None = None

    @model_validator(mode="after")
    def _check_dates_in_order(self) -> Self:
        if self.starts_until is not None and self.starts_until < self.starts_from:
            raise SemanticProblems([("starts_until", "must not be before starts_from")])
        return self

    def covers(self, start: date) -> bool:
        """Tell whether an apprentice starting on this date falls in this period."""
        return self.starts_from <= start and (
            self.starts_until is None or start <= self.starts_until
        )


DatedPeriodT = TypeVar("DatedPeriodT", bound=_DatedPeriod)


class EnglishMathsRule(_DatedPeriod):
    """Who must achieve English and maths, and to which level, before gateway."""

    # Apprentices this age or older at the start need them only if their employer asks;
    # None means everyone needs them.
    optional_from_age: PositiveCount | None = None
    required_level: PositiveCount

    def required(self, *, age_at_start: int, employer_requires: bool) -> bool:
        """Tell whether an apprentice of this age at the start must achieve them."""
        if self.optional_from_age is None or age_at_start < self.optional_from_age:
            return True
        return employer_requires


class FundingPeriod(_DatedPeriod):
    """The funding rules for apprentices who start within one range of dates."""

    reviews: ReviewCadence
    off_the_job: OffTheJobRule
    minimum_duration: MinimumDuration
    training_plan: TrainingPlanRule

    @property
    def minimum_duration_months(self) -> int:
        return self.minimum_duration.months

    def epao_named_by(self, planned_end: date) -> date:
        """Return the last day by which the training plan must name the EPAO."""
        return add_months(planned_end, -self.training_plan.epao_named_months_before_end)


class GatewayRequirement(Sourced):
    """Something the funding rules ask before gateway, whatever the standard."""

    code: Slug
    title: Text


class FundingRules(_Model):
    """Every funding period, in date order, with no gaps or overlaps between them."""

    periods: tuple[FundingPeriod, ...] = Field(min_length=1)
    english_maths: tuple[EnglishMathsRule, ...] = Field(min_length=1)
    gateway_requirements: tuple[GatewayRequirement, ...] = ()

    @model_validator(mode="after")
    def _check_periods_contiguous(self) -> Self:
        problems = [
            *_contiguity_problems(self.periods),
            *_contiguity_problems(self.english_maths, "english_maths"),
        ]
        if problems:
            raise SemanticProblems(problems)
        return self

    def for_start(self, start: date) -> FundingPeriod:
        """Return the period whose rules apply to an apprentice starting on this date."""
        return _covering(self.periods, start)

    def english_maths_for_start(self, start: date) -> EnglishMathsRule:
        """Return the English and maths rule for an apprentice starting on this date."""
        return _covering(self.english_maths, start)


def _covering(periods: Sequence[DatedPeriodT], start: date) -> DatedPeriodT:
    for period in periods:
        if period.covers(start):
            return period
    raise NoFundingPeriodError(
        f"No funding period covers a start on {_day(start)}: the funding rules cover starts "
        f"from {_day(periods[0].starts_from)}."
    )


def _contiguity_problems(
    periods: Sequence[_DatedPeriod], name: str = "periods"
) -> Iterator[Problem]:
    """Yield problems where a period does not begin the day after the one before ends."""
    for index, (earlier, later) in enumerate(itertools.pairwise(periods), start=1):
        if earlier.starts_until is None:
            yield (
                f"{name}[{index - 1}].starts_until",
                "is missing; only the last period may be open-ended",
            )
            continue
        expected = earlier.starts_until + timedelta(days=1)
        if later.starts_from < expected:
            yield (
                f"{name}[{index}].starts_from",
                f"overlaps {name}[{index - 1}], which runs until {earlier.starts_until}; "
                f"must be {expected}",
            )
        elif later.starts_from > expected:
            yield (
                f"{name}[{index}].starts_from",
                f"leaves a gap after {name}[{index - 1}], which runs until "
                f"{earlier.starts_until}; must be {expected}",
            )


def _day(value: date) -> str:
    return f"{value.day} {value.strftime('%B %Y')}"


# --- Reading ----------------------------------------------------------------------------------


def load_funding_rules(path: Path | None = None) -> FundingRules:
    """Read, check and return the funding rules file (the shipped one unless path is given)."""
    if path is None:
        return _load_shipped_funding_rules()
    return _parse_funding_rules_file(path)


@functools.cache
def _load_shipped_funding_rules() -> FundingRules:
    return _parse_funding_rules_file(FUNDING_RULES_FILE)


def _parse_funding_rules_file(path: Path) -> FundingRules:
    """Read, check and return the funding rules file at path."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise StandardDataError(path.name, [("", f"cannot be read: {error}")]) from None
    try:
        raw: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise StandardDataError(path.name, [("", f"not valid TOML: {error}")]) from None
    try:
        return FundingRules.model_validate(raw)
    except ValidationError as error:
        raise StandardDataError(path.name, validation_problems(error)) from None


# --- Progress reviews -------------------------------------------------------------------------


def review_due_dates(period: FundingPeriod, start: date, until: date) -> list[date]:
    """Return every progress review due date after start, up to and including until."""
    # Each date is counted from the start, not from the date before, so that a start on the
    # 31st comes back to the 31st in long months rather than drifting to the 28th.
    due_dates: list[date] = []
    due = period.reviews.due_after(start)
    while due <= until:
        due_dates.append(due)
        due = period.reviews.due_after(start, len(due_dates) + 1)
    return due_dates


def next_review_due(period: FundingPeriod, start: date, last_review: date | None) -> date:
    """Return when the next progress review is due: one interval after the last, or the start."""
    return period.reviews.due_after(last_review or start)


# --- Off-the-job training ---------------------------------------------------------------------


def required_otj_hours(
    period: FundingPeriod,
    *,
    start: date,
    planned_end: date,
    contracted_weekly_hours: float,
    published_minimum_hours: int | None,
    annual_leave_weeks: float = STATUTORY_LEAVE_WEEKS,
    prior_learning_reduction_hours: float = 0,
) -> float:
    """Return the off-the-job hours the apprentice must do over the practical period."""
    if planned_end <= start:
        raise ValueError("The planned end date must be after the start date.")
    if contracted_weekly_hours <= 0:
        raise ValueError("Contracted weekly hours must be greater than 0.")
    rule = period.off_the_job
    working_weeks = _working_weeks(start, planned_end, annual_leave_weeks)
    if rule.method == "percent_of_contracted_hours":
        assert rule.percent is not None
        # Starts before 1 August 2022: a share of the hours the apprentice is paid to work.
        hours = rule.percent / 100 * contracted_weekly_hours * working_weeks
    elif rule.method == "hours_per_week":
        assert rule.hours_per_week is not None and rule.full_time_weekly_hours is not None
        assert rule.part_time_percent is not None
        if contracted_weekly_hours >= rule.full_time_weekly_hours:
            # Full-time: a flat weekly average, however many hours over the threshold.
            hours = rule.hours_per_week * working_weeks
        else:
            # Part-time: a share of contracted hours, so fewer hours mean less off-the-job.
            hours = rule.part_time_percent / 100 * contracted_weekly_hours * working_weeks
    else:
        assert rule.minimum_hours is not None
        # The standard publishes its own figure; the funding rules set a floor beneath it.
        hours = max(published_minimum_hours or rule.minimum_hours, rule.minimum_hours)
    return round(max(hours - prior_learning_reduction_hours, 0), 2)


def _working_weeks(start: date, planned_end: date, annual_leave_weeks: float) -> float:
    """Return the weeks from start to planned end, less annual leave, never below 0."""
    days = (planned_end - start).days
    # Leave accrues by the year, so a practical period other than a year takes its share.
    leave_weeks = annual_leave_weeks * days / DAYS_PER_YEAR
    return max(days / DAYS_PER_WEEK - leave_weeks, 0)


def expected_otj_to_date(required: float, start: date, planned_end: date, today: date) -> float:
    """Return the off-the-job hours due by today if the required hours are spread evenly."""
    if planned_end <= start:
        raise ValueError("The planned end date must be after the start date.")
    elapsed = (today - start).days / (planned_end - start).days
    return round(required * min(max(elapsed, 0), 1), 2)
