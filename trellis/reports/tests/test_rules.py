from datetime import UTC, date, datetime

from trellis.caseload import rules as caseload_rules
from trellis.caseload.rules import CaseloadFacts, caseload_flags, coverage_on_track_until
from trellis.reports import rules


def test_the_longest_bar_is_full_and_the_others_in_proportion():
    assert [(b.label, b.value, b.percent) for b in rules.bars([("a", 10), ("b", 5), ("c", 0)])] == [
        ("a", 10, 100),
        ("b", 5, 50),
        ("c", 0, 0),
    ]


def test_a_bar_above_zero_never_rounds_away():
    assert rules.bars([("big", 1000), ("tiny", 1)])[1].percent == 1


def test_no_bars_have_length_when_every_value_is_zero():
    assert [b.percent for b in rules.bars([("a", 0), ("b", 0)])] == [0, 0]


def test_grades_run_from_lowest_to_highest_with_unknown_ones_last():
    assert rules.grades_in_order(["distinction", "pass", "other", "fail", "pass"]) == [
        "fail",
        "pass",
        "distinction",
        "other",
    ]


def test_the_achievement_rate_counts_achievers_out_of_leavers():
    cohort = rules.CohortOutcome(
        year=2025, started=10, in_learning=4, completed=3, withdrawn=3, grades={}
    )
    assert cohort.leavers == 6
    assert cohort.achievement_percent == 50


def test_a_cohort_with_no_leavers_has_no_achievement_rate():
    cohort = rules.CohortOutcome(
        year=2026, started=4, in_learning=4, completed=0, withdrawn=0, grades={}
    )
    assert cohort.achievement_percent is None


def _at(day: int, month: int = 1) -> datetime:
    return datetime(2026, month, day, 15, tzinfo=UTC)


def test_durations_give_the_median_and_range_in_days_leaving_out_unfinished_pairs():
    result = rules.durations(
        [(_at(1), _at(11)), (_at(1), _at(31)), (_at(1), _at(21)), (_at(5), None), (None, _at(9))]
    )
    assert (result.count, result.median_days, result.shortest, result.longest) == (3, 20, 10, 30)


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert rules.durations([(_at(1), _at(11)), (_at(1), _at(16))]).median_days == 12.5


def test_no_durations_give_no_median():
    assert rules.durations([]) == rules.Durations(count=0)


START, END = date(2026, 1, 1), date(2027, 1, 1)  # 365 days


def test_coverage_keeps_pace_until_the_secure_share_plus_the_lag_is_gone():
    # 10 of 40 secure is 25%, plus the 25-point lag: on track until half the time is gone.
    assert caseload_rules.COVERAGE_LAG_PERCENT == 25
    assert coverage_on_track_until(start=START, planned_end=END, secure=10, total=40) == date(
        2026, 7, 2
    )


def test_coverage_that_cannot_fall_behind_has_no_day():
    assert coverage_on_track_until(start=START, planned_end=END, secure=30, total=40) is None
    assert coverage_on_track_until(start=START, planned_end=END, secure=0, total=0) is None


def _facts(today: date, on_track_until: date | None, **extra) -> CaseloadFacts:
    values = {
        "today": today,
        "start": START,
        "planned_end": END,
        "on_break": False,
        "in_learning": True,
        "active": True,
        "epao_named": True,
        "epao_named_by": None,
        "plan_agreed": True,
        "coverage_on_track_until": on_track_until,
        "ksbs_secure": 10,
        "ksbs_total": 40,
    }
    return CaseloadFacts(**{**values, **extra})


def test_coverage_is_flagged_the_day_after_it_stops_keeping_pace_with_its_reason():
    on_track = date(2026, 7, 2)
    assert caseload_flags(_facts(on_track, on_track)) == []
    (flag,) = caseload_flags(_facts(date(2026, 7, 3), on_track))
    assert flag.code == "coverage_behind"
    assert flag.reason == "10 of 40 KSBs secure with 50% of the time gone."


def test_coverage_is_not_flagged_once_learning_has_ended():
    assert not caseload_flags(_facts(date(2026, 9, 1), date(2026, 7, 2), in_learning=False))


def test_waiting_ages_fall_into_bands_at_their_edges():
    assert rules.waiting_bands([0, 7, 8, 14, 15, 30, 31, 90]) == [
        ("Up to a week", 2),
        ("1 to 2 weeks", 2),
        ("2 to 4 weeks", 2),
        ("Over 4 weeks", 2),
    ]


def test_days_are_counted_in_their_week_and_days_outside_are_left_out():
    monday = date(2026, 11, 23)
    days = [date(2026, 11, 23), date(2026, 11, 29), date(2026, 11, 30), date(2026, 11, 22)]
    assert rules.weekly_counts(days, monday, 2) == [
        (date(2026, 11, 23), 2),
        (date(2026, 11, 30), 1),
    ]


def test_moderation_counts_changed_scores_and_each_move_of_the_grade():
    summary = rules.moderation_summary(
        [
            ("agreed", "pass", "pass"),
            ("changed", "pass", "pass"),
            ("changed", "pass", "distinction"),
            ("changed", "pass", "distinction"),
            ("changed", "distinction", "fail"),
        ]
    )
    assert (summary.moderated, summary.changed, summary.changed_percent) == (5, 4, 80)
    assert summary.grade_changes == {("pass", "distinction"): 2, ("distinction", "fail"): 1}
