from __future__ import annotations

import copy
from collections.abc import Sequence

import pytest

from trellis.epa.timing import discussion_problems, observation_problems, timing_unconfirmed
from trellis.standards.datafile import DATA_DIR, parse_standard_file

RULES = parse_standard_file(DATA_DIR / "ST0148-1.0.toml").rules()
LMO, PD = RULES["methods"]
OBS = parse_standard_file(DATA_DIR / "ST1379-1.0.toml").rules()["methods"][0]

LEARNERS = ("L-001", "L-002")


def observation(
    minutes: float = 120, questioning_minutes: float = 10, learners: Sequence[str] = LEARNERS
) -> list[str]:
    return observation_problems(
        LMO, minutes=minutes, questioning_minutes=questioning_minutes, learners=learners
    )


def test_the_shipped_data_holds_the_times_the_assessment_plan_states():
    assert (LMO["duration"]["minutes"], LMO["duration"]["below_percent"]) == (120, 10)
    assert LMO["duration"]["above_percent"] == 10
    assert LMO["follow_up_questioning"]["max_minutes"] == 12
    assert (LMO["sessions"]["count"], LMO["sessions"]["min_distinct_learners"]) == (2, 2)
    assert (PD["duration"]["minutes"], PD["duration"]["above_percent"]) == (60, 10)
    assert PD["duration"]["below_percent"] is None


# --- Observation time ---------------------------------------------------------------------------


@pytest.mark.parametrize("minutes", [108, 108.0, 120, 131.5, 132])
def test_observations_from_108_to_132_minutes_are_allowed(minutes):
    assert observation(minutes=minutes) == []


@pytest.mark.parametrize("minutes", [107, 107.5, 132.5, 133, 0])
def test_observations_outside_108_to_132_minutes_are_refused(minutes):
    shown = str(minutes)
    assert observation(minutes=minutes) == [
        f"Observation time is {shown} minutes; the observations must total 108 to 132 minutes "
        "(120 ± 10%)."
    ]


def test_a_whole_number_of_minutes_is_shown_without_a_decimal_point():
    assert observation(minutes=100.0) == [
        "Observation time is 100 minutes; the observations must total 108 to 132 minutes "
        "(120 ± 10%)."
    ]


def test_an_uneven_tolerance_gives_each_side():
    method = copy.deepcopy(LMO)
    method["duration"]["below_percent"] = 5
    problems = observation_problems(method, minutes=110, questioning_minutes=0, learners=LEARNERS)

    assert problems == [
        "Observation time is 110 minutes; the observations must total 114 to 132 minutes "
        "(120 - 5%, + 10%)."
    ]


# --- Follow-up questioning ----------------------------------------------------------------------


@pytest.mark.parametrize("minutes", [0, 11.5, 12])
def test_questioning_up_to_12_minutes_is_allowed(minutes):
    assert observation(questioning_minutes=minutes) == []


@pytest.mark.parametrize("minutes", [12.5, 13, 15])
def test_questioning_over_12_minutes_is_refused(minutes):
    assert observation(questioning_minutes=minutes) == [
        f"Follow-up questioning is {minutes} minutes; it may last at most 12 minutes."
    ]


def test_negative_times_are_refused():
    assert observation(questioning_minutes=-1) == [
        "Follow-up questioning is -1 minutes; a time cannot be negative."
    ]
    assert discussion_problems(PD, minutes=-5) == [
        "Professional discussion is -5 minutes; a time cannot be negative."
    ]


# --- Learners -----------------------------------------------------------------------------------


@pytest.mark.parametrize("learners", [["L-012", "L-012"], ["L-012", " l-012 "], ["l-012", "L-012"]])
def test_two_observations_with_the_same_learner_are_refused(learners):
    first = learners[0].strip()
    assert observation(learners=learners) == [
        f"The observations must be with at least 2 different learners; both were with {first}."
    ]


def test_one_learner_is_refused_as_too_few_observations():
    assert observation(learners=["L-012"]) == [
        "2 observations are needed, one learner reference each; 1 given."
    ]


def test_a_blank_reference_is_not_a_learner():
    assert observation(learners=["L-012", "  "]) == [
        "2 observations are needed, one learner reference each; 1 given."
    ]
    assert observation(learners=[]) == [
        "2 observations are needed, one learner reference each; 0 given."
    ]


def test_three_observations_are_too_many():
    assert observation(learners=["L-001", "L-002", "L-003"]) == [
        "2 observations are needed, one learner reference each; 3 given."
    ]


def test_three_observations_of_one_learner_break_both_rules():
    assert observation(learners=["L-001", "L-001", "l-001"]) == [
        "2 observations are needed, one learner reference each; 3 given.",
        "The observations must be with at least 2 different learners; all 3 were with L-001.",
    ]


def test_too_few_different_learners_are_listed():
    method = copy.deepcopy(LMO)
    method["sessions"] |= {"count": 3, "min_distinct_learners": 3}
    problems = observation_problems(
        method, minutes=120, questioning_minutes=0, learners=["L-001", "L-002", "l-002"]
    )

    assert problems == [
        "The observations must be with at least 3 different learners; "
        "they were with only 2: L-001 and L-002."
    ]


def test_every_broken_rule_is_reported():
    assert observation(minutes=100, questioning_minutes=15, learners=["L-1", "l-1"]) == [
        "Observation time is 100 minutes; the observations must total 108 to 132 minutes "
        "(120 ± 10%).",
        "Follow-up questioning is 15 minutes; it may last at most 12 minutes.",
        "The observations must be with at least 2 different learners; both were with L-1.",
    ]


# --- Another standard's observation -------------------------------------------------------------


def test_another_standards_observation_keeps_its_own_rules():
    learners = ["L-1", "L-1", "L-1"]

    assert observation_problems(OBS, minutes=99, questioning_minutes=30, learners=learners) == []
    assert observation_problems(OBS, minutes=100, questioning_minutes=31, learners=learners) == [
        "Observation time is 100 minutes; the observations must total at most 99 minutes "
        "(90 + 10%).",
        "Follow-up questioning is 31 minutes; it may last at most 30 minutes.",
    ]


# --- Discussion ---------------------------------------------------------------------------------


@pytest.mark.parametrize("minutes", [0, 45, 60, 66, 66.0])
def test_a_discussion_of_at_most_66_minutes_is_allowed(minutes):
    assert discussion_problems(PD, minutes=minutes) == []


@pytest.mark.parametrize("minutes", [66.5, 67])
def test_a_discussion_over_66_minutes_is_refused(minutes):
    assert discussion_problems(PD, minutes=minutes) == [
        f"Professional discussion is {minutes} minutes; it may last at most 66 minutes (60 + 10%)."
    ]


def test_a_discussion_with_a_lower_limit_must_reach_it():
    method = copy.deepcopy(PD)
    method["duration"]["below_percent"] = 10

    assert discussion_problems(method, minutes=54) == []
    assert discussion_problems(method, minutes=53) == [
        "Professional discussion is 53 minutes; it must last 54 to 66 minutes (60 ± 10%)."
    ]


# --- Unconfirmed timing rules -------------------------------------------------------------------


def test_timing_rules_not_confirmed_are_named():
    method = copy.deepcopy(LMO)
    for key in ("duration", "sessions", "follow_up_questioning"):
        method[key]["confirmed"] = False

    assert timing_unconfirmed(LMO) == []
    assert timing_unconfirmed(PD) == []
    assert timing_unconfirmed(method) == [
        "LMO duration",
        "LMO sessions",
        "LMO follow-up questioning",
    ]
