from datetime import date, timedelta
from decimal import Decimal

import pytest

from trellis.caseload import rules

TODAY = date(2026, 11, 23)


def facts(**overrides) -> rules.CaseloadFacts:
    values = {
        "today": TODAY,
        "start": date(2026, 1, 5),
        "planned_end": date(2027, 7, 5),
        "on_break": False,
        "in_learning": True,
        "active": True,
        "epao_named": True,
        "epao_named_by": date(2027, 1, 5),
        "next_review_due": TODAY + timedelta(days=30),
        "otj_on_track_until": TODAY,
        "otj_actual": Decimal("100"),
        "otj_expected": Decimal("100"),
        "plan_agreed": True,
    }
    return rules.CaseloadFacts(**{**values, **overrides})


def codes(flags) -> list[str]:
    return [flag.code for flag in flags]


def test_a_row_with_nothing_wrong_has_no_flags():
    assert rules.caseload_flags(facts()) == []


def test_time_elapsed_counts_whole_months_and_the_share_of_days():
    elapsed = rules.time_elapsed(date(2026, 1, 5), date(2027, 7, 5), date(2026, 8, 4))
    assert (elapsed.months, elapsed.total_months) == (6, 18)
    assert rules.time_elapsed(date(2026, 1, 5), date(2027, 7, 5), date(2026, 8, 5)).months == 7
    assert elapsed.percent == round(100 * 211 / 546)


def test_time_elapsed_stays_within_the_practical_period():
    before = rules.time_elapsed(date(2026, 1, 5), date(2027, 7, 5), date(2025, 12, 1))
    after = rules.time_elapsed(date(2026, 1, 5), date(2027, 7, 5), date(2028, 1, 1))
    assert (before.months, before.percent) == (0, 0)
    assert (after.months, after.total_months, after.percent) == (18, 18, 100)


def test_months_between_clamps_at_the_end_of_short_months():
    assert rules.months_between(date(2026, 1, 31), date(2026, 2, 28)) == 1
    assert rules.months_between(date(2026, 1, 31), date(2026, 2, 27)) == 0


@pytest.mark.parametrize(
    ("due", "state", "days"),
    [
        (TODAY - timedelta(days=1), "overdue", 1),
        (TODAY, "soon", 0),
        (TODAY + timedelta(days=14), "soon", 14),
        (TODAY + timedelta(days=15), "later", 15),
    ],
)
def test_review_due_is_overdue_after_the_day_and_soon_within_14_days(due, state, days):
    review = rules.review_due(due, TODAY, on_break=False)
    assert (review.state, review.days) == (state, days)


def test_no_review_date_is_paused_on_a_break_and_none_otherwise():
    assert rules.review_due(None, TODAY, on_break=True).state == "paused"
    assert rules.review_due(None, TODAY, on_break=False).state == "none"


def test_review_overdue_flag_says_when_it_was_due_and_how_long_ago():
    flags = rules.caseload_flags(facts(next_review_due=date(2026, 11, 3)))
    assert codes(flags) == ["review_overdue"]
    assert flags[0].reason == "Due 3 Nov 2026, 20 days ago."


def test_a_review_due_today_is_not_overdue():
    assert rules.caseload_flags(facts(next_review_due=TODAY)) == []


def test_otj_is_behind_only_once_the_on_track_day_is_past():
    assert not rules.otj_behind(TODAY, TODAY)
    assert rules.otj_behind(TODAY - timedelta(days=1), TODAY)
    assert not rules.otj_behind(None, TODAY)


def test_otj_behind_flag_gives_the_hours_and_the_day_pace_was_lost():
    flags = rules.caseload_flags(
        facts(
            otj_on_track_until=date(2026, 10, 1),
            otj_actual=Decimal("42.5"),
            otj_expected=Decimal("60"),
        )
    )
    assert codes(flags) == ["otj_behind"]
    assert flags[0].reason == "42.5 h confirmed, 60 h expected by today."


def test_otj_behind_is_flagged_while_in_learning_only():
    # The hours stop at gateway; after a withdrawal none are owed.
    past_learning = facts(otj_on_track_until=date(2026, 10, 1), in_learning=False)
    assert "otj_behind" not in codes(rules.caseload_flags(past_learning))


def test_plan_not_agreed_is_flagged_while_in_learning_only():
    assert codes(rules.caseload_flags(facts(plan_agreed=False))) == ["plan_not_agreed"]
    at_gateway = facts(plan_agreed=False, in_learning=False, next_review_due=None)
    assert rules.caseload_flags(at_gateway) == []


@pytest.mark.parametrize(
    ("named_by", "flagged"),
    [(TODAY, False), (TODAY - timedelta(days=1), True), (TODAY + timedelta(days=1), False)],
)
def test_epao_is_needed_once_the_day_to_name_it_has_passed(named_by, flagged):
    flags = rules.caseload_flags(facts(epao_named=False, epao_named_by=named_by))
    assert ("epao_needed" in codes(flags)) is flagged


def test_epao_flag_names_the_day_it_was_due():
    flags = rules.caseload_flags(
        facts(epao_named=False, epao_named_by=date(2026, 11, 1), planned_end=date(2027, 5, 1))
    )
    assert flags[0].reason == "The plan had to name one by 1 Nov 2026."


def test_a_named_epao_or_a_finished_apprenticeship_raises_no_epao_flag():
    assert rules.caseload_flags(facts(epao_named_by=date(2026, 1, 1))) == []
    finished = facts(
        epao_named=False, epao_named_by=date(2026, 1, 1), active=False, in_learning=False
    )
    assert rules.caseload_flags(finished) == []


def test_outstanding_qualifications_are_flagged_within_six_months_of_the_end():
    outstanding = ("Level 2 maths", "Level 1 safeguarding")
    near = facts(planned_end=date(2027, 5, 22), qualifications_outstanding=outstanding)
    edge = facts(planned_end=date(2027, 5, 23), qualifications_outstanding=outstanding)
    flags = rules.caseload_flags(near)
    assert codes(flags) == ["qualifications_due"]
    assert flags[0].reason == ("Level 2 maths, Level 1 safeguarding; ends 22 May 2027.")
    assert rules.caseload_flags(edge) == []


def test_a_break_is_flagged_with_its_dates_and_pauses_the_review():
    flags = rules.caseload_flags(
        facts(
            on_break=True,
            next_review_due=None,
            break_since=date(2026, 10, 1),
            expected_return=date(2027, 1, 4),
        )
    )
    assert codes(flags) == ["on_break"]
    assert flags[0].reason == "Since 1 Oct 2026; back 4 Jan 2027."


def test_without_a_summary_only_the_flags_from_the_enrolment_show():
    flags = rules.caseload_flags(
        facts(
            has_summary=False,
            plan_agreed=False,
            next_review_due=TODAY - timedelta(days=5),
            epao_named=False,
            epao_named_by=TODAY - timedelta(days=1),
        )
    )
    assert codes(flags) == ["epao_needed"]
