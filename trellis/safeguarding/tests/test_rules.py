from datetime import UTC, date, datetime, timedelta

import pytest

from trellis.safeguarding import rules
from trellis.safeguarding.rules import OpenCase, dashboard_key

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 10, 30, tzinfo=UTC)


def test_immediate_risk_makes_a_concern_urgent_from_the_start():
    assert rules.urgency_when_raised(immediate_risk=True) == "urgent"


def test_without_immediate_risk_the_urgency_waits_for_triage():
    assert rules.urgency_when_raised(immediate_risk=False) == ""


@pytest.mark.parametrize("day", [TODAY, TODAY - timedelta(days=1), date(2020, 1, 1)])
def test_today_or_earlier_is_a_day_a_concern_can_be_about(day):
    assert rules.refuse_happened_on(day, today=TODAY) is None


def test_a_day_in_the_future_is_refused():
    problem = rules.refuse_happened_on(TODAY + timedelta(days=1), today=TODAY)
    assert problem == "Say when it happened: today or an earlier day, not a day in the future."


def test_an_empty_or_blank_text_is_refused_naming_what_to_write():
    assert rules.refuse_text("", what="the note", limit=10) == "Write the note."
    assert rules.refuse_text("  \n ", what="the note", limit=10) == "Write the note."


def test_a_text_at_the_limit_is_accepted_and_one_over_refused_with_its_length():
    assert rules.refuse_text("x" * 10, what="the note", limit=10) is None
    assert rules.refuse_text("x" * 10_001, what="the note", limit=10_000) == (
        "Keep the note to 10,000 characters: it has 10,001."
    )


def test_an_entry_between_the_day_of_the_concern_and_now_is_accepted():
    assert rules.refuse_entry_time(NOW, now=NOW, earliest=TODAY) is None
    start_of_day = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)
    assert rules.refuse_entry_time(start_of_day, now=NOW, earliest=date(2026, 11, 20)) is None


def test_an_entry_in_the_future_is_refused():
    problem = rules.refuse_entry_time(NOW + timedelta(minutes=1), now=NOW, earliest=TODAY)
    assert problem == "Say when it happened: it cannot be in the future."


def test_an_entry_before_the_day_of_the_concern_is_refused_naming_that_day():
    late_the_day_before = datetime(2026, 11, 19, 23, 59, tzinfo=UTC)
    problem = rules.refuse_entry_time(late_the_day_before, now=NOW, earliest=date(2026, 11, 20))
    assert problem == (
        "Say when it happened: on or after 20 Nov 2026, the day the concern is about."
    )


def test_a_referral_from_the_day_of_the_concern_to_today_is_accepted():
    earliest = date(2026, 11, 1)
    assert rules.refuse_referral_date(earliest, today=TODAY, earliest=earliest) is None
    assert rules.refuse_referral_date(TODAY, today=TODAY, earliest=earliest) is None


def test_a_referral_in_the_future_is_refused():
    problem = rules.refuse_referral_date(
        TODAY + timedelta(days=1), today=TODAY, earliest=date(2026, 11, 1)
    )
    assert problem == (
        "Give the day the referral was made: today or earlier, not a day in the future."
    )


def test_a_referral_before_the_day_of_the_concern_is_refused():
    problem = rules.refuse_referral_date(
        date(2026, 10, 31), today=TODAY, earliest=date(2026, 11, 1)
    )
    assert problem == (
        "Give the day the referral was made: on or after 1 Nov 2026, the day the concern is about."
    )


def _case(name, *, urgency="", triaged=False, risk=False, days_ago=0):
    case = OpenCase(
        urgency=urgency,
        awaiting_triage=not triaged,
        immediate_risk=risk,
        raised_at=NOW - timedelta(days=days_ago),
    )
    return name, case


def _ordered(*cases):
    return [name for name, case in sorted(cases, key=lambda item: dashboard_key(item[1]))]


def test_awaiting_triage_comes_before_any_triaged_case_even_an_urgent_older_one():
    assert _ordered(
        _case("triaged urgent", urgency="urgent", triaged=True, days_ago=30),
        _case("awaiting", days_ago=0),
    ) == ["awaiting", "triaged urgent"]


def test_among_those_awaiting_triage_immediate_risk_comes_first_even_when_newer():
    assert _ordered(
        _case("no risk, old", days_ago=10),
        _case("risk, new", urgency="urgent", risk=True, days_ago=0),
    ) == ["risk, new", "no risk, old"]


def test_among_those_awaiting_triage_with_the_same_risk_the_oldest_comes_first():
    assert _ordered(
        _case("new", days_ago=1),
        _case("old", days_ago=5),
        _case("middle", days_ago=3),
    ) == ["old", "middle", "new"]


def test_triaged_cases_go_by_urgency_then_the_oldest_first():
    assert _ordered(
        _case("low", urgency="low", triaged=True, days_ago=50),
        _case("high new", urgency="high", triaged=True, days_ago=1),
        _case("medium", urgency="medium", triaged=True, days_ago=2),
        _case("urgent", urgency="urgent", triaged=True, days_ago=0),
        _case("high old", urgency="high", triaged=True, days_ago=9),
    ) == ["urgent", "high old", "high new", "medium", "low"]


def test_a_triaged_case_reporting_immediate_risk_goes_by_the_urgency_the_lead_gave():
    assert _ordered(
        _case("was at risk, now low", urgency="low", triaged=True, risk=True, days_ago=9),
        _case("high", urgency="high", triaged=True, days_ago=0),
    ) == ["high", "was at risk, now low"]


def test_age_in_days_counts_whole_days():
    assert rules.age_in_days(TODAY, today=TODAY) == 0
    assert rules.age_in_days(TODAY - timedelta(days=1), today=TODAY) == 1
    assert rules.age_in_days(date(2026, 10, 24), today=TODAY) == 30


@pytest.mark.parametrize(
    ("days", "label"), [(-1, "Today"), (0, "Today"), (1, "1 day"), (2, "2 days"), (45, "45 days")]
)
def test_age_label(days, label):
    assert rules.age_label(days) == label


def test_the_emergency_advice_says_to_call_999_first():
    assert "999" in rules.EMERGENCY_ADVICE
    assert "immediate danger" in rules.EMERGENCY_ADVICE
