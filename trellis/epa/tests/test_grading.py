from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import pytest

from trellis.epa.grading import (
    GRADES,
    EpaResult,
    MethodResult,
    grade_epa,
    grade_label,
    grade_method,
    grade_rank,
    score_problems,
)
from trellis.standards.datafile import DATA_DIR, parse_standard_file, parse_standard_text

SHIPPED = DATA_DIR / "ST0148-1.0.toml"
RULES = parse_standard_file(SHIPPED).rules()


def method_rules(code: str, rules: Mapping[str, Any] = RULES) -> dict[str, Any]:
    return next(m for m in rules["methods"] if m["code"] == code)


def scored(
    method: Mapping[str, Any], *, at_top: int | None = None, **overrides: int
) -> dict[str, int]:
    """Score the first `at_top` criteria at their max_points (all when None), the rest 1."""
    criteria = method["criteria"]
    count = len(criteria) if at_top is None else at_top
    scores = {c["code"]: c["max_points"] if i < count else 1 for i, c in enumerate(criteria)}
    assert set(overrides) <= set(scores)
    return scores | overrides


def epa_scores(rules: Mapping[str, Any] = RULES, **at_top: int) -> dict[str, dict[str, int]]:
    """Score every method, `at_top` giving how many criteria of each (by code) score the top."""
    return {m["code"]: scored(m, at_top=at_top.get(m["code"])) for m in rules["methods"]}


LMO = method_rules("LMO")
PD = method_rules("PD")


def grade_rule(method: Mapping[str, Any], grade: str) -> dict[str, Any]:
    return next(r for r in method["grading"]["grades"] if r["grade"] == grade)


# --- The numbers the issue states, as the shipped data holds them -------------------------------


def test_the_shipped_data_holds_the_thresholds_the_assessment_plan_states():
    assert len(LMO["criteria"]) == 16
    assert LMO["scoring"]["points_multiplier"] == 2
    assert LMO["grading"]["fail_if_any_criterion_scores"] == 0
    thresholds = [
        (r["grade"], r["min_each_criterion"], r["min_criteria_at_points"], r["min_points"])
        for r in LMO["grading"]["grades"]
    ]
    assert thresholds == [("pass", 1, 11, 54), ("distinction", 1, 14, 60)]
    assert RULES["overall"]["distinction_min_points"] == 90


# --- Grades -------------------------------------------------------------------------------------


def test_grades_rise_from_fail_and_have_labels():
    assert [grade_rank(g) for g in GRADES] == [0, 1, 2, 3]
    assert [grade_label(g) for g in GRADES] == ["Fail", "Pass", "Merit", "Distinction"]


def test_an_unknown_grade_is_refused():
    with pytest.raises(ValueError, match="'excellent' is not a grade"):
        grade_rank("excellent")


# --- One method: the boundaries -----------------------------------------------------------------


def test_lmo_with_10_criteria_at_2_fails_and_says_why():
    result = grade_method(LMO, scored(LMO, at_top=10))

    assert result == MethodResult(
        code="LMO",
        grade="fail",
        points=52,
        criteria_at_top=10,
        reasons=("10 criteria at 2; Pass needs at least 11", "52 points; Pass needs at least 54"),
    )


def test_lmo_with_11_criteria_at_2_and_54_points_passes():
    result = grade_method(LMO, scored(LMO, at_top=11))

    assert (result.grade, result.points, result.criteria_at_top) == ("pass", 54, 11)
    assert result.reasons == (
        "Pass: every criterion at 1 or more, 11 criteria at 2 (at least 11 needed), "
        "54 points (at least 54 needed)",
        "11 criteria at 2; Distinction needs at least 14",
        "54 points; Distinction needs at least 60",
    )


def test_lmo_with_13_criteria_at_2_is_a_pass():
    result = grade_method(LMO, scored(LMO, at_top=13))

    assert (result.grade, result.points) == ("pass", 58)
    assert result.reasons[1:] == (
        "13 criteria at 2; Distinction needs at least 14",
        "58 points; Distinction needs at least 60",
    )


def test_lmo_with_14_criteria_at_2_and_60_points_is_a_distinction():
    result = grade_method(LMO, scored(LMO, at_top=14))

    assert (result.grade, result.points) == ("distinction", 60)
    assert result.reasons == (
        "Distinction: every criterion at 1 or more, 14 criteria at 2 (at least 14 needed), "
        "60 points (at least 60 needed)",
    )


def test_lmo_points_are_always_even_so_53_and_59_cannot_be_scored():
    points = {grade_method(LMO, scored(LMO, at_top=n)).points for n in range(17)}

    assert points == set(range(32, 65, 2))


def without_threshold(method: Mapping[str, Any], grade: str, field: str) -> dict[str, Any]:
    """Return a copy of the method whose grade rule no longer asks for `field`."""
    changed = copy.deepcopy(dict(method))
    grade_rule(changed, grade)[field] = 0
    return changed


@pytest.mark.parametrize(
    ("grade", "below", "at"),
    [("pass", 10, 11), ("distinction", 13, 14)],
)
def test_the_count_of_criteria_at_2_alone_decides_the_grade(grade, below, at):
    method = without_threshold(LMO, grade, "min_points")
    needed = grade_rule(LMO, grade)["min_criteria_at_points"]

    short = grade_method(method, scored(method, at_top=below))
    enough = grade_method(method, scored(method, at_top=at))

    assert needed == at
    assert short.grade == ("fail" if grade == "pass" else "pass")
    assert f"{below} criteria at 2; {grade_label(grade)} needs at least {at}" in short.reasons
    assert enough.grade == grade


@pytest.mark.parametrize(
    ("grade", "below", "at", "points_below", "points_at"),
    [("pass", 10, 11, 52, 54), ("distinction", 13, 14, 58, 60)],
)
def test_the_points_alone_decide_the_grade(grade, below, at, points_below, points_at):
    method = without_threshold(LMO, grade, "min_criteria_at_points")
    needed = grade_rule(LMO, grade)["min_points"]

    short = grade_method(method, scored(method, at_top=below))
    enough = grade_method(method, scored(method, at_top=at))

    assert (short.points, enough.points, needed) == (points_below, points_at, points_at)
    assert short.grade == ("fail" if grade == "pass" else "pass")
    assert f"{points_below} points; {grade_label(grade)} needs at least {needed}" in short.reasons
    assert enough.grade == grade


def test_a_single_0_fails_although_the_rest_reach_distinction():
    scores = scored(LMO, T3=0)
    result = grade_method(LMO, scores)

    # 15 criteria at 2 make 60 points, the most a score with a 0 can reach.
    assert (result.grade, result.points, result.criteria_at_top) == ("fail", 60, 15)
    assert result.reasons == ("T3 scored 0: any criterion at 0 is a Fail",)


def test_every_0_is_named():
    result = grade_method(LMO, scored(LMO, T3=0, B5=0))

    assert result.reasons == (
        "T3 scored 0: any criterion at 0 is a Fail",
        "B5 scored 0: any criterion at 0 is a Fail",
    )


def test_every_criterion_must_reach_the_minimum_each():
    # With no fail-at-0 rule the minimum each criterion must score still fails a 0.
    method = copy.deepcopy(LMO)
    method["grading"]["fail_if_any_criterion_scores"] = -1
    result = grade_method(method, scored(method, T3=0))

    assert (result.grade, result.points) == ("fail", 60)
    assert result.reasons == ("T3 scored less than 1; Pass needs every criterion at 1 or more",)


def test_grade_method_refuses_scores_with_problems():
    with pytest.raises(ValueError, match="LMO T3: missing"):
        grade_method(LMO, {k: v for k, v in scored(LMO).items() if k != "T3"})


# --- Score problems -----------------------------------------------------------------------------


def test_good_scores_have_no_problems():
    assert score_problems(LMO, scored(LMO)) == []
    assert score_problems(PD, scored(PD, at_top=0)) == []


def test_a_missing_criterion_is_named_with_the_scores_allowed():
    scores = scored(LMO)
    del scores["T3"]

    assert score_problems(LMO, scores) == ["LMO T3: missing; score it 0, 1 or 2"]


def test_an_unknown_criterion_is_named_with_the_criteria_of_the_method():
    problems = score_problems(LMO, scored(LMO) | {"X9": 1})

    assert problems == [
        "LMO X9: not a criterion of LMO; its criteria are "
        "T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, B1, B2, B3, B4, B5"
    ]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (3, "PD SC1: 3 is out of range; score it 0, 1 or 2"),
        (-1, "PD SC1: -1 is out of range; score it 0, 1 or 2"),
        (1.5, "PD SC1: 1.5 is not a whole number; score it 0, 1 or 2"),
        (2.0, "PD SC1: 2.0 is not a whole number; score it 0, 1 or 2"),
        ("2", 'PD SC1: "2" is not a whole number; score it 0, 1 or 2'),
        (True, "PD SC1: true is not a whole number; score it 0, 1 or 2"),
        (None, "PD SC1: null is not a whole number; score it 0, 1 or 2"),
    ],
)
def test_a_score_that_is_not_allowed_is_named_with_the_scores_allowed(value, problem):
    assert score_problems(PD, scored(PD) | {"SC1": value}) == [problem]


def test_every_problem_is_reported():
    scores = scored(LMO) | {"T1": 3, "Z1": 1}
    del scores["B5"]

    assert [p.split(":")[0] for p in score_problems(LMO, scores)] == ["LMO T1", "LMO B5", "LMO Z1"]


# --- The whole EPA ------------------------------------------------------------------------------


def test_89_points_in_all_is_a_pass():
    # 13 criteria at 2 give the LMO 58 points and the PD 31: both methods pass.
    result = grade_epa(RULES, epa_scores(LMO=13, PD=13))

    assert [(m.grade, m.points) for m in result.methods.values()] == [("pass", 58), ("pass", 31)]
    assert (result.grade, result.points, result.capped) == ("pass", 89, False)
    assert result.reasons == ("89 points of 100; Distinction needs at least 90",)


def test_90_points_in_all_is_a_distinction_though_each_method_is_a_pass():
    result = grade_epa(RULES, epa_scores(LMO=13, PD=14))

    assert [(m.grade, m.points) for m in result.methods.values()] == [("pass", 58), ("pass", 32)]
    assert (result.grade, result.points) == ("distinction", 90)
    assert result.reasons == ("90 points of 100; Distinction needs at least 90",)


def test_a_failed_method_fails_the_epa_whatever_the_points():
    scores = epa_scores()
    scores["PD"]["SC2"] = 0
    result = grade_epa(RULES, scores)

    assert result.methods["LMO"].grade == "distinction"
    assert result.methods["PD"].grade == "fail"
    assert (result.grade, result.points) == ("fail", 98)
    assert result.reasons == ("PD is a Fail: an EPA with any method at Fail is a Fail",)


def test_a_terminated_epa_fails_even_with_full_marks_and_its_methods_are_still_graded():
    result = grade_epa(RULES, epa_scores(), terminated=True)

    assert {code: m.grade for code, m in result.methods.items()} == {
        "LMO": "distinction",
        "PD": "distinction",
    }
    assert (result.grade, result.points) == ("fail", 100)
    assert result.reasons == ("The EPA was terminated: a terminated EPA is a Fail",)


def test_a_resit_cap_lowers_a_distinction_to_pass():
    cap = RULES["resit"]["max_grade"]
    result = grade_epa(RULES, epa_scores(), max_grade=cap)

    assert cap == "pass"
    assert (result.grade, result.points, result.capped) == ("pass", 100, True)
    assert result.reasons == (
        "100 points of 100; Distinction needs at least 90",
        "Capped at Pass for a resit or retake: Distinction lowered to Pass",
    )
    assert result.unconfirmed[-1] == "Resit and retake cap"


def test_a_cap_above_the_grade_changes_nothing():
    result = grade_epa(RULES, epa_scores(LMO=11, PD=12), max_grade="pass")

    assert (result.grade, result.capped) == ("pass", False)
    assert "Resit and retake cap" not in result.unconfirmed


def test_unconfirmed_names_the_pd_rules_applied():
    result = grade_epa(RULES, epa_scores())

    assert result.unconfirmed == (
        "PD scoring",
        "PD grading",
        "PD pass thresholds",
        "PD distinction thresholds",
    )
    assert result.methods["LMO"].unconfirmed == ()


def test_thresholds_a_0_made_irrelevant_are_not_listed_as_applied():
    scores = epa_scores()
    scores["PD"]["T1"] = 0

    assert grade_epa(RULES, scores).unconfirmed == ("PD scoring", "PD grading")


def test_an_unconfirmed_overall_rule_is_listed():
    rules = copy.deepcopy(RULES)
    rules["overall"]["confirmed"] = False

    assert grade_epa(rules, epa_scores()).unconfirmed[-1] == "Overall grade"


def test_scores_for_every_method_are_needed():
    with pytest.raises(ValueError, match="No scores for PD"):
        grade_epa(RULES, {"LMO": scored(LMO)})


def test_the_result_keeps_the_methods_in_the_standards_order():
    result = grade_epa(RULES, epa_scores())

    assert isinstance(result, EpaResult)
    assert list(result.methods) == [m["code"] for m in RULES["methods"]]


# --- Another version of the standard ------------------------------------------------------------


def changed_version(*replacements: tuple[str, str]) -> dict[str, Any]:
    text = SHIPPED.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    text = text.replace('version = "1.0"', 'version = "9.9"', 1)
    return parse_standard_text(text, filename="ST0148-9.9.toml").rules()


def test_a_version_with_other_numbers_grades_the_same_scores_differently():
    lower = changed_version(
        (
            "min_criteria_at_points = 11\nmin_points = 54",
            "min_criteria_at_points = 9\nmin_points = 50",
        ),
        ("distinction_min_points = 90", "distinction_min_points = 85"),
    )
    nine_at_two = scored(LMO, at_top=9)
    # LMO 56 points and PD 31: 87 in all.
    overall = epa_scores(LMO=12, PD=13)

    assert grade_method(LMO, nine_at_two).grade == "fail"
    assert grade_method(method_rules("LMO", lower), nine_at_two).grade == "pass"
    assert grade_method(method_rules("LMO", lower), nine_at_two).reasons[0] == (
        "Pass: every criterion at 1 or more, 9 criteria at 2 (at least 9 needed), "
        "50 points (at least 50 needed)"
    )
    assert (grade_epa(RULES, overall).grade, grade_epa(RULES, overall).points) == ("pass", 87)
    assert grade_epa(lower, overall).grade == "distinction"
    assert grade_epa(lower, overall).reasons == ("87 points of 100; Distinction needs at least 85",)
