"""Tests for the funding rules data file and the calculations over its periods."""

from datetime import date
from pathlib import Path

import pytest

from trellis.apprenticeships.funding import (
    FUNDING_RULES_FILE,
    FundingPeriod,
    FundingRules,
    NoFundingPeriodError,
    expected_otj_to_date,
    load_funding_rules,
    next_review_due,
    required_otj_hours,
    review_due_dates,
)
from trellis.gateway.readiness import CHECKS
from trellis.standards.datafile import StandardDataError

FILENAME = FUNDING_RULES_FILE.name
BEFORE_AUGUST_2022 = "Starts before 1 August 2022"
AUGUST_2022_TO_JULY_2025 = "Starts from 1 August 2022 to 31 July 2025"
FROM_AUGUST_2025 = "Starts from 1 August 2025"


@pytest.fixture(scope="module")
def rules() -> FundingRules:
    return load_funding_rules()


@pytest.fixture(scope="module")
def shipped_text() -> str:
    return FUNDING_RULES_FILE.read_text(encoding="utf-8")


def period_named(rules: FundingRules, name: str) -> FundingPeriod:
    return next(p for p in rules.periods if p.name == name)


def load_changed(tmp_path: Path, text: str, old: str, new: str) -> FundingRules:
    """Load the shipped file with the first `old` replaced by `new`."""
    assert old in text
    changed = tmp_path / FILENAME
    changed.write_text(text.replace(old, new, 1), encoding="utf-8")
    return load_funding_rules(changed)


# --- The shipped file -------------------------------------------------------------------------


def test_shipped_file_loads_with_three_periods(rules: FundingRules) -> None:
    assert [p.name for p in rules.periods] == [
        BEFORE_AUGUST_2022,
        AUGUST_2022_TO_JULY_2025,
        FROM_AUGUST_2025,
    ]
    assert rules.periods[-1].starts_until is None


def test_shipped_file_is_read_once(rules: FundingRules) -> None:
    assert load_funding_rules() is load_funding_rules()


def test_no_off_the_job_counts_after_gateway_or_for_english_and_maths(
    rules: FundingRules,
) -> None:
    for period in rules.periods:
        assert period.off_the_job.counts_after_gateway is False
        assert period.off_the_job.counts_english_and_maths_to_level_2 is False


def test_every_gateway_requirement_of_the_funding_rules_has_a_readiness_check(
    rules: FundingRules,
) -> None:
    codes = [requirement.code for requirement in rules.gateway_requirements]
    assert codes == ["otj-hours", "reviews-up-to-date", "epao-named"]
    for requirement in rules.gateway_requirements:
        assert requirement.code in CHECKS
        assert requirement.title
        assert requirement.source


@pytest.mark.parametrize(
    ("start", "name", "minimum_months"),
    [
        (date(2022, 7, 31), BEFORE_AUGUST_2022, 12),
        (date(2022, 8, 1), AUGUST_2022_TO_JULY_2025, 12),
        (date(2025, 7, 31), AUGUST_2022_TO_JULY_2025, 12),
        (date(2025, 8, 1), FROM_AUGUST_2025, 8),
    ],
)
def test_period_is_chosen_by_start_date_at_each_boundary(
    rules: FundingRules, start: date, name: str, minimum_months: int
) -> None:
    period = rules.for_start(start)
    assert period.name == name
    assert period.minimum_duration_months == minimum_months


def test_start_before_every_period_is_refused(rules: FundingRules) -> None:
    with pytest.raises(NoFundingPeriodError, match="covers a start on 30 April 2017"):
        rules.for_start(date(2017, 4, 30))
    assert issubclass(NoFundingPeriodError, ValueError)


# --- Progress reviews -------------------------------------------------------------------------


def test_twelve_weekly_reviews_fall_every_84_days(rules: FundingRules) -> None:
    period = rules.for_start(date(2023, 9, 1))
    assert review_due_dates(period, date(2023, 9, 1), date(2024, 8, 31)) == [
        date(2023, 11, 24),
        date(2024, 2, 16),
        date(2024, 5, 10),
        date(2024, 8, 2),
    ]


def test_review_due_dates_include_one_falling_on_until(rules: FundingRules) -> None:
    period = rules.for_start(date(2023, 9, 1))
    assert review_due_dates(period, date(2023, 9, 1), date(2023, 11, 24)) == [date(2023, 11, 24)]
    assert review_due_dates(period, date(2023, 9, 1), date(2023, 11, 23)) == []


def test_calendar_month_reviews_are_counted_from_the_start(rules: FundingRules) -> None:
    period = rules.for_start(date(2026, 1, 31))
    assert review_due_dates(period, date(2026, 1, 31), date(2027, 1, 31)) == [
        date(2026, 4, 30),
        date(2026, 7, 31),
        date(2026, 10, 31),
        date(2027, 1, 31),
    ]


def test_calendar_month_reviews_clamp_to_february(rules: FundingRules) -> None:
    period = rules.for_start(date(2025, 11, 30))
    assert review_due_dates(period, date(2025, 11, 30), date(2026, 6, 1)) == [
        date(2026, 2, 28),
        date(2026, 5, 30),
    ]


def test_next_review_is_one_cadence_after_the_start_when_none_held(rules: FundingRules) -> None:
    weekly = rules.for_start(date(2023, 9, 1))
    monthly = rules.for_start(date(2026, 1, 31))
    assert next_review_due(weekly, date(2023, 9, 1), None) == date(2023, 11, 24)
    assert next_review_due(monthly, date(2026, 1, 31), None) == date(2026, 4, 30)


def test_next_review_is_one_cadence_after_the_last_review(rules: FundingRules) -> None:
    weekly = rules.for_start(date(2023, 9, 1))
    monthly = rules.for_start(date(2026, 1, 31))
    assert next_review_due(weekly, date(2023, 9, 1), date(2023, 11, 20)) == date(2024, 2, 12)
    assert next_review_due(monthly, date(2026, 1, 31), date(2026, 4, 30)) == date(2026, 7, 30)


# --- Required off-the-job hours ---------------------------------------------------------------

# A 12-month practical period from 1 Sep 2023 to 31 Aug 2024 is 365 days: 365 / 7 = 52.14 weeks,
# less 5.6 weeks' leave = 46.54 weeks.
START_2023 = date(2023, 9, 1)
END_2024 = date(2024, 8, 31)
START_2025 = date(2025, 9, 1)
END_2026 = date(2026, 8, 31)


def test_before_august_2022_requires_a_fifth_of_contracted_hours(rules: FundingRules) -> None:
    period = rules.for_start(date(2021, 9, 1))
    # 2021-09-01 to 2022-08-31 is 364 days: (52 - 5.6 * 364 / 365) weeks * 37.5 h * 20%.
    hours = required_otj_hours(
        period,
        start=date(2021, 9, 1),
        planned_end=date(2022, 8, 31),
        contracted_weekly_hours=37.5,
        published_minimum_hours=None,
    )
    assert hours == 348.12


def test_full_time_from_august_2022_requires_six_hours_a_week(rules: FundingRules) -> None:
    period = rules.for_start(START_2023)
    hours = required_otj_hours(
        period,
        start=START_2023,
        planned_end=END_2024,
        contracted_weekly_hours=37.5,
        published_minimum_hours=None,
    )
    # (365 / 7 - 5.6) weeks * 6 h = 46.542857 * 6.
    assert hours == 279.26


def test_thirty_hours_a_week_counts_as_full_time(rules: FundingRules) -> None:
    period = rules.for_start(START_2023)
    hours = required_otj_hours(
        period,
        start=START_2023,
        planned_end=END_2024,
        contracted_weekly_hours=30,
        published_minimum_hours=None,
    )
    assert hours == 279.26


def test_part_time_from_august_2022_requires_a_fifth_of_contracted_hours(
    rules: FundingRules,
) -> None:
    period = rules.for_start(START_2023)
    hours = required_otj_hours(
        period,
        start=START_2023,
        planned_end=END_2024,
        contracted_weekly_hours=20,
        published_minimum_hours=None,
    )
    # 46.542857 weeks * 20 h * 20%.
    assert hours == 186.17


def test_longer_programmes_deduct_leave_in_proportion(rules: FundingRules) -> None:
    period = rules.for_start(START_2023)
    # 1 Sep 2023 to 1 Mar 2025 is 547 days: (547 / 7 - 5.6 * 547 / 365) weeks * 6 h.
    hours = required_otj_hours(
        period,
        start=START_2023,
        planned_end=date(2025, 3, 1),
        contracted_weekly_hours=37.5,
        published_minimum_hours=None,
    )
    assert hours == 418.5


@pytest.mark.parametrize(("published", "expected"), [(278, 278), (150, 187), (None, 187)])
def test_from_august_2025_the_published_minimum_applies_never_below_187(
    rules: FundingRules, published: int | None, expected: float
) -> None:
    period = rules.for_start(START_2025)
    hours = required_otj_hours(
        period,
        start=START_2025,
        planned_end=END_2026,
        contracted_weekly_hours=37.5,
        published_minimum_hours=published,
    )
    assert hours == expected


def test_prior_learning_reduces_the_required_hours(rules: FundingRules) -> None:
    period = rules.for_start(START_2025)
    hours = required_otj_hours(
        period,
        start=START_2025,
        planned_end=END_2026,
        contracted_weekly_hours=37.5,
        published_minimum_hours=278,
        prior_learning_reduction_hours=40,
    )
    assert hours == 238


def test_prior_learning_never_takes_the_required_hours_below_nothing(
    rules: FundingRules,
) -> None:
    period = rules.for_start(START_2025)
    hours = required_otj_hours(
        period,
        start=START_2025,
        planned_end=END_2026,
        contracted_weekly_hours=37.5,
        published_minimum_hours=278,
        prior_learning_reduction_hours=300,
    )
    assert hours == 0


def test_planned_end_must_follow_the_start(rules: FundingRules) -> None:
    period = rules.for_start(START_2023)
    with pytest.raises(ValueError, match="planned end date must be after the start"):
        required_otj_hours(
            period,
            start=START_2023,
            planned_end=START_2023,
            contracted_weekly_hours=37.5,
            published_minimum_hours=None,
        )


# --- Expected off-the-job hours to date -------------------------------------------------------


def test_expected_hours_half_way_are_half_the_required() -> None:
    # 1 Sep 2025 to 31 Aug 2026 is 364 days; 2 Mar 2026 is day 182.
    assert expected_otj_to_date(278, START_2025, END_2026, date(2026, 3, 2)) == 139


@pytest.mark.parametrize(
    ("today", "expected"),
    [(date(2025, 8, 1), 0), (START_2025, 0), (END_2026, 278), (date(2027, 1, 1), 278)],
)
def test_expected_hours_stay_between_nothing_and_the_required(today: date, expected: float) -> None:
    assert expected_otj_to_date(278, START_2025, END_2026, today) == expected


# --- Invalid data files -----------------------------------------------------------------------


def test_overlapping_periods_are_refused(tmp_path: Path, shipped_text: str) -> None:
    with pytest.raises(StandardDataError) as caught:
        load_changed(tmp_path, shipped_text, "starts_from = 2022-08-01", "starts_from = 2022-07-01")
    assert f"{FILENAME}: periods[1].starts_from: overlaps periods[0]" in str(caught.value)
    assert "must be 2022-08-01" in str(caught.value)


def test_a_gap_between_periods_is_refused(tmp_path: Path, shipped_text: str) -> None:
    with pytest.raises(StandardDataError) as caught:
        load_changed(tmp_path, shipped_text, "starts_from = 2025-08-01", "starts_from = 2025-09-01")
    assert f"{FILENAME}: periods[2].starts_from: leaves a gap after periods[1]" in str(caught.value)


def test_only_the_last_period_may_be_open_ended(tmp_path: Path, shipped_text: str) -> None:
    with pytest.raises(StandardDataError) as caught:
        load_changed(tmp_path, shipped_text, "starts_until = 2025-07-31\n", "")
    assert f"{FILENAME}: periods[1].starts_until: is missing" in str(caught.value)


def test_both_review_cadences_are_refused(tmp_path: Path, shipped_text: str) -> None:
    with pytest.raises(StandardDataError) as caught:
        both = "every_weeks = 12\nevery_calendar_months = 3"
        load_changed(tmp_path, shipped_text, "every_weeks = 12", both)
    assert (
        f"{FILENAME}: periods[0].reviews: must set exactly one of every_weeks and "
        "every_calendar_months"
    ) in str(caught.value)


def test_a_negative_percent_is_refused(tmp_path: Path, shipped_text: str) -> None:
    with pytest.raises(StandardDataError) as caught:
        load_changed(tmp_path, shipped_text, "percent = 20", "percent = -20")
    assert f"{FILENAME}: periods[0].off_the_job.percent: must be at least 0" in str(caught.value)


def test_a_setting_the_method_does_not_use_is_refused(tmp_path: Path, shipped_text: str) -> None:
    with pytest.raises(StandardDataError) as caught:
        extra = "minimum_hours = 187\npercent = 20"
        load_changed(tmp_path, shipped_text, "minimum_hours = 187", extra)
    assert (
        f"{FILENAME}: periods[2].off_the_job.percent: does not apply to method 'published_minimum'"
    ) in str(caught.value)


def test_a_setting_the_method_needs_is_required(tmp_path: Path, shipped_text: str) -> None:
    with pytest.raises(StandardDataError) as caught:
        load_changed(tmp_path, shipped_text, "full_time_weekly_hours = 30\n", "")
    assert f"{FILENAME}: periods[1].off_the_job.full_time_weekly_hours: is missing" in str(
        caught.value
    )


def test_an_unreadable_file_is_refused_naming_it(tmp_path: Path) -> None:
    with pytest.raises(StandardDataError, match=f"{FILENAME}: cannot be read"):
        load_funding_rules(tmp_path / FILENAME)


# --- The training plan names the EPAO ---------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "planned_end", "named_by"),
    [
        (date(2023, 9, 4), date(2025, 3, 4), date(2024, 9, 4)),
        (date(2025, 9, 1), date(2027, 3, 31), date(2026, 9, 30)),
        (date(2025, 9, 1), date(2026, 8, 31), date(2026, 2, 28)),
    ],
)
def test_the_epao_must_be_named_six_months_before_the_planned_end(
    rules: FundingRules, start: date, planned_end: date, named_by: date
) -> None:
    assert rules.for_start(start).epao_named_by(planned_end) == named_by


def test_the_months_before_the_end_come_from_the_data(tmp_path: Path, shipped_text: str) -> None:
    changed = load_changed(
        tmp_path,
        shipped_text,
        'epao_named_months_before_end = 6\nsource = "Apprenticeship funding rules 2025/26',
        'epao_named_months_before_end = 9\nsource = "Apprenticeship funding rules 2025/26',
    )
    assert changed.for_start(date(2025, 9, 1)).epao_named_by(date(2027, 3, 31)) == date(2026, 6, 30)


def test_a_period_without_its_training_plan_rule_is_refused(
    tmp_path: Path, shipped_text: str
) -> None:
    with pytest.raises(StandardDataError) as raised:
        load_changed(tmp_path, shipped_text, "[periods.training_plan]", "[periods.unknown_rule]")
    assert "training_plan" in str(raised.value)


# --- English and maths ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "age", "employer_requires", "required"),
    [
        # Before 11 February 2025 everyone needs them, whatever their age.
        (date(2025, 2, 10), 17, False, True),
        (date(2025, 2, 10), 19, False, True),
        (date(2023, 9, 4), 45, False, True),
        # From 11 February 2025: 16 to 18 still need them; 19+ only if the employer asks.
        (date(2025, 2, 11), 18, False, True),
        (date(2025, 2, 11), 19, False, False),
        (date(2025, 2, 11), 19, True, True),
        (date(2026, 9, 1), 16, False, True),
        (date(2026, 9, 1), 52, False, False),
        (date(2026, 9, 1), 52, True, True),
    ],
)
def test_english_and_maths_are_required_by_age_at_start_and_start_date(
    rules: FundingRules, start: date, age: int, employer_requires: bool, required: bool
) -> None:
    rule = rules.english_maths_for_start(start)
    assert rule.required(age_at_start=age, employer_requires=employer_requires) is required
    assert rule.required_level == 2


def test_english_and_maths_rules_before_any_period_are_refused(rules: FundingRules) -> None:
    with pytest.raises(NoFundingPeriodError, match="cover starts from 1 May 2017"):
        rules.english_maths_for_start(date(2017, 4, 30))


def test_a_gap_between_english_and_maths_periods_is_refused(
    tmp_path: Path, shipped_text: str
) -> None:
    with pytest.raises(StandardDataError) as raised:
        load_changed(tmp_path, shipped_text, "starts_from = 2025-02-11", "starts_from = 2025-02-12")
    message = str(raised.value)
    assert "english_maths[1].starts_from" in message
    assert "leaves a gap" in message
