from datetime import date

import pytest

from trellis.mentoring import rules
from trellis.standards.datafile import DATA_DIR, parse_standard_file

LMO = rules.SessionsRule(
    method_name="Learning mentor observation", count=2, min_distinct_learners=2
)


@pytest.mark.parametrize("ref", ["L-014", "L1", "ab3", "2024-07", "Z-9-A"])
def test_a_pseudonymous_reference_is_accepted(ref):
    assert rules.refuse_learner_ref(ref) is None


@pytest.mark.parametrize(
    "ref", ["Jo Smith", "Jordan", "L", "L-014-ABCDEFGHIJKLMNO", "L_014", "L 014", "Jo.Smith1"]
)
def test_a_name_or_malformed_reference_is_refused_saying_to_use_a_reference(ref):
    refusal = rules.refuse_learner_ref(ref)
    assert refusal is not None
    assert "such as L-014" in refusal
    assert "never their name" in refusal


def test_an_empty_reference_is_refused():
    assert "Give the learner's reference" in rules.refuse_learner_ref("  ")


def test_references_are_kept_in_capitals_without_spaces():
    assert rules.normalise_learner_ref(" l-014 ") == "L-014"


@pytest.mark.parametrize("minutes", [1, 60, 8 * 60])
def test_a_session_of_up_to_eight_hours_is_accepted(minutes):
    assert rules.refuse_duration(minutes=minutes) is None


@pytest.mark.parametrize("minutes", [None, 0, -15])
def test_a_session_of_no_time_is_refused(minutes):
    assert "more than 0 minutes" in rules.refuse_duration(minutes=minutes)


def test_a_session_over_eight_hours_is_refused():
    assert "at most 8 hours" in rules.refuse_duration(minutes=8 * 60 + 15)


def test_a_future_date_is_refused_and_today_is_not():
    today = date(2026, 6, 15)
    assert rules.refuse_future_date(day=today, today=today) is None
    refusal = rules.refuse_future_date(day=date(2026, 6, 16), today=today)
    assert refusal.startswith("16 Jun 2026 is in the future")


def test_a_date_before_the_start_is_refused_and_the_start_is_not():
    start = date(2026, 1, 5)
    assert rules.refuse_before_start(day=start, start=start) is None
    assert "before the apprenticeship started on 5 Jan 2026" in rules.refuse_before_start(
        day=date(2026, 1, 4), start=start
    )


def test_enough_different_learners_to_choose_from():
    readiness = rules.observation_readiness(sessions=5, learners=3, rule=LMO)
    assert readiness.ready is True
    assert readiness.advice.startswith("The end-point observation needs 2 genuine sessions")
    assert readiness.text == (
        "5 sessions with 3 different learners. The end-point observation needs 2 genuine "
        "sessions with at least 2 different learners: you have logged enough different "
        "learners to choose from."
    )


def test_too_few_different_learners_says_how_many_more():
    readiness = rules.observation_readiness(sessions=4, learners=1, rule=LMO)
    assert readiness.ready is False
    assert readiness.text.startswith("4 sessions with 1 different learner.")
    assert readiness.text.endswith(
        "log sessions with 1 more different learner to have enough to choose from."
    )


def test_too_few_sessions_says_how_many_more():
    rule = rules.SessionsRule(method_name="OBS", count=3, min_distinct_learners=1)
    readiness = rules.observation_readiness(sessions=1, learners=1, rule=rule)
    assert readiness.ready is False
    assert "3 genuine sessions with at least one learner" in readiness.text
    assert "log 2 more sessions to have enough" in readiness.text


def test_no_sessions_yet():
    readiness = rules.observation_readiness(sessions=0, learners=0, rule=LMO)
    assert readiness.text.startswith("No sessions logged yet.")
    assert "log 2 more sessions and sessions with 2 more different learners" in readiness.text


def test_without_a_sessions_rule_nothing_is_said_about_the_observation():
    readiness = rules.observation_readiness(sessions=1, learners=1, rule=None)
    assert readiness.text == "1 session with 1 different learner."
    assert readiness.ready is None


def test_the_rule_is_read_from_the_standards_data():
    st0148 = rules.sessions_rule(parse_standard_file(DATA_DIR / "ST0148-1.0.toml").rules())
    assert (st0148.count, st0148.min_distinct_learners) == (2, 2)
    st1379 = rules.sessions_rule(parse_standard_file(DATA_DIR / "ST1379-1.3.toml").rules())
    assert (st1379.count, st1379.min_distinct_learners) == (3, 1)
    assert st1379.description.startswith("One live 30-minute mentoring session")
    assert rules.sessions_rule({"methods": [{"name": "PD"}]}) is None
    assert rules.sessions_rule(None) is None


def test_the_description_is_added_when_the_data_gives_one():
    rule = rules.SessionsRule("OBS", 3, 1, description="One live session and two recordings")
    text = rules.observation_readiness(sessions=3, learners=1, rule=rule).text
    assert text.endswith("(One live session and two recordings.)")
