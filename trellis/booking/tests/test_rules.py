from datetime import UTC, date, datetime, time

import pytest

from trellis.booking.rules import (
    AssessorFacts,
    earliest_allowed,
    independence_problems,
    notice_day,
    range_problems,
    refuse_notice,
    refuse_outside_range,
    refuse_times,
)

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


def refused(day: date, now: datetime = NOW, days: int = 7) -> str | None:
    return refuse_notice(day, now=now, minimum_notice_days=days)


# --- Notice -----------------------------------------------------------------------------------


def test_seven_days_notice_is_allowed():
    assert refused(date(2026, 11, 30)) is None
    assert refused(date(2026, 12, 14)) is None


def test_six_days_notice_is_refused_naming_the_earliest_day():
    assert refused(date(2026, 11, 29)) == (
        "The employer must have at least 7 days' notice; 29 Nov 2026 gives 6. The earliest date "
        "allowed is Monday 30 Nov 2026."
    )


def test_a_day_in_the_past_gives_no_notice():
    assert "20 Nov 2026 gives 0." in refused(date(2026, 11, 20))


def test_the_standard_can_ask_for_more_notice():
    assert refused(date(2026, 12, 6), days=14) is not None
    assert refused(date(2026, 12, 7), days=14) is None


def test_notice_across_a_month_end():
    now = datetime(2027, 1, 25, 9, tzinfo=UTC)
    assert refused(date(2027, 2, 1), now) is None
    assert "The earliest date allowed is Monday 1 Feb 2027." in refused(date(2027, 1, 31), now)


def test_notice_the_evening_before_the_clocks_go_back_counts_from_that_day():
    # 22:30 UTC on 24 Oct 2026 is 23:30 BST, still 24 Oct in the UK.
    now = datetime(2026, 10, 24, 22, 30, tzinfo=UTC)
    assert notice_day(now) == date(2026, 10, 24)
    assert earliest_allowed(now, 7) == date(2026, 10, 31)
    assert refused(date(2026, 10, 31), now) is None
    assert "The earliest date allowed is Saturday 31 Oct 2026." in refused(date(2026, 10, 30), now)


def test_notice_just_after_midnight_uk_time_counts_from_the_uk_day():
    # 23:30 UTC on 24 Oct 2026 is 00:30 BST on 25 Oct, the day the clocks go back.
    now = datetime(2026, 10, 24, 23, 30, tzinfo=UTC)
    assert notice_day(now) == date(2026, 10, 25)
    assert earliest_allowed(now, 7) == date(2026, 11, 1)
    assert "The earliest date allowed is Sunday 1 Nov 2026." in refused(date(2026, 10, 31), now)
    assert refused(date(2026, 11, 1), now) is None


def test_notice_either_side_of_the_clocks_going_forward():
    # 23:30 UTC on 27 Mar 2027 is 23:30 GMT; the clocks go forward at 01:00 on 28 Mar.
    before = datetime(2027, 3, 27, 23, 30, tzinfo=UTC)
    assert earliest_allowed(before, 7) == date(2027, 4, 3)
    # 23:30 UTC on 28 Mar 2027 is 00:30 BST on 29 Mar.
    after = datetime(2027, 3, 28, 23, 30, tzinfo=UTC)
    assert notice_day(after) == date(2027, 3, 29)
    assert earliest_allowed(after, 7) == date(2027, 4, 5)
    assert "The earliest date allowed is Monday 5 Apr 2027." in refused(date(2027, 4, 4), after)


def test_a_moment_without_a_time_zone_is_refused():
    with pytest.raises(ValueError):
        refused(date(2026, 12, 1), datetime(2026, 11, 23, 12))


# --- Range ------------------------------------------------------------------------------------


def test_a_day_inside_the_range_including_its_ends_is_allowed():
    span = {"available_from": date(2026, 12, 1), "available_until": date(2026, 12, 31)}
    assert refuse_outside_range(date(2026, 12, 1), **span) is None
    assert refuse_outside_range(date(2026, 12, 31), **span) is None


@pytest.mark.parametrize("day", [date(2026, 11, 30), date(2027, 1, 1)])
def test_a_day_outside_the_range_is_refused_naming_the_range(day):
    problem = refuse_outside_range(
        day, available_from=date(2026, 12, 1), available_until=date(2026, 12, 31)
    )
    assert problem == "Choose a day the employer offered: from 1 Dec 2026 to 31 Dec 2026."


def test_the_end_time_must_follow_the_start_time():
    assert refuse_times(time(9), time(12)) is None
    assert refuse_times(time(9), time(9)) == "The end time must be after the start time."


def problems(first: date, last: date) -> dict[str, str]:
    return range_problems(first, last, now=NOW, minimum_notice_days=7)


def test_a_good_range_has_no_problems():
    assert problems(date(2026, 11, 23), date(2026, 11, 30)) == {}
    assert problems(date(2026, 12, 1), date(2027, 11, 24)) == {}


def test_a_range_cannot_start_in_the_past():
    assert problems(date(2026, 11, 22), date(2026, 12, 31)) == {
        "available_from": "The first date cannot be in the past: today is 23 Nov 2026."
    }


def test_a_range_cannot_end_before_it_starts():
    assert problems(date(2026, 12, 10), date(2026, 12, 9)) == {
        "available_until": "The last date must not be before the first."
    }


def test_a_range_must_reach_a_day_with_enough_notice():
    assert problems(date(2026, 11, 24), date(2026, 11, 29)) == {
        "available_until": "The employer must have at least 7 days' notice of the assessment, "
        "so the range must reach 30 Nov 2026 or later."
    }


def test_a_range_must_stay_within_a_year():
    assert problems(date(2026, 12, 1), date(2027, 11, 25)) == {
        "available_until": "Offer dates within the next year."
    }


# --- Independence -----------------------------------------------------------------------------

PROVIDER, EMPLOYER, EPAO = 1, 2, 3


def facts(**changes) -> AssessorFacts:
    values = {
        "name": "Ian Assessor",
        "organisations": {EPAO: "Fair Assessment Ltd"},
        "provider_id": PROVIDER,
        "employer_id": EMPLOYER,
    }
    return AssessorFacts(**(values | changes))


def test_an_assessor_with_no_ties_is_independent():
    assert independence_problems(facts()) == []


def test_an_assessor_who_belongs_to_the_provider_is_not_independent():
    found = independence_problems(
        facts(organisations={EPAO: "Fair Assessment Ltd", PROVIDER: "Northgate Training"})
    )
    assert found == [
        "Ian Assessor belongs to Northgate Training, the apprentice's training provider."
    ]


def test_an_assessor_who_belongs_to_the_employer_is_not_independent():
    found = independence_problems(
        facts(organisations={EPAO: "Fair Assessment Ltd", EMPLOYER: "Brightside Care"})
    )
    assert found == ["Ian Assessor belongs to Brightside Care, the apprentice's employer."]


def test_recorded_involvement_makes_an_assessor_not_independent():
    found = independence_problems(facts(involvement=["assessed evidence, last on 3 Mar 2026"]))
    assert found == [
        "Ian Assessor has recorded involvement with the apprentice: assessed evidence, last on "
        "3 Mar 2026."
    ]


def test_a_declared_conflict_makes_an_assessor_not_independent():
    found = independence_problems(facts(conflicts=["“My sister manages the care home.”"]))
    assert found == [
        "Ian Assessor declared a conflict of interest: “My sister manages the care home.”"
    ]


def test_every_tie_is_listed():
    found = independence_problems(
        facts(
            organisations={PROVIDER: "Northgate Training", EMPLOYER: "Brightside Care"},
            involvement=["wrote evidence, last on 1 Feb 2026"],
            conflicts=["“Former colleague.”"],
        )
    )
    assert len(found) == 4
