"""Grade an end-point assessment from a standard's rules (no Django here).

Every function works on `rules`, the JSON shape of `StandardData.rules()`, so the copy held in
the database and a freshly parsed data file grade alike. Every threshold comes from the rules.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GRADES = ("fail", "pass", "merit", "distinction")
GRADE_LABELS = {"fail": "Fail", "pass": "Pass", "merit": "Merit", "distinction": "Distinction"}

Rules = Mapping[str, Any]


@dataclass(frozen=True)
class MethodResult:
    """One method's grade, its points after the multiplier, and why."""

    code: str
    grade: str
    points: int
    # Criteria scoring their own max_points.
    criteria_at_top: int
    reasons: tuple[str, ...]
    unconfirmed: tuple[str, ...] = ()


@dataclass(frozen=True)
class EpaResult:
    """The EPA's overall grade and points, each method's result, and why."""

    methods: dict[str, MethodResult]
    grade: str
    points: int
    capped: bool
    unconfirmed: tuple[str, ...]
    reasons: tuple[str, ...]


# --- Grades -----------------------------------------------------------------------------------


def grade_rank(grade: str) -> int:
    """Return the grade's place in GRADES, lowest first."""
    if grade not in GRADES:
        raise ValueError(f"{grade!r} is not a grade; grades are {', '.join(GRADES)}")
    return GRADES.index(grade)


def grade_label(grade: str) -> str:
    """Return the grade as it is shown, such as "Distinction"."""
    grade_rank(grade)
    return GRADE_LABELS[grade]


# --- One method -------------------------------------------------------------------------------


def score_problems(method: Mapping[str, Any], scores: Mapping[str, object]) -> list[str]:
    """Return one message per missing, unknown, non-integer or out-of-range criterion score."""
    code = method["code"]
    criteria = method["criteria"]
    problems = [
        f"{code} {criterion['code']}: {problem}"
        for criterion in criteria
        if (problem := _criterion_score_problem(criterion, scores)) is not None
    ]
    known = {criterion["code"] for criterion in criteria}
    listed = ", ".join(criterion["code"] for criterion in criteria)
    problems += [
        f"{code} {given}: not a criterion of {code}; its criteria are {listed}"
        for given in scores
        if given not in known
    ]
    return problems


def _criterion_score_problem(
    criterion: Mapping[str, Any], scores: Mapping[str, object]
) -> str | None:
    """Return what is wrong with one criterion's score, or None."""
    allowed = f"score it {_or_list(str(n) for n in range(criterion['max_points'] + 1))}"
    if criterion["code"] not in scores:
        return f"missing; {allowed}"
    value = scores[criterion["code"]]
    # bool is an int to Python, but true is no score.
    if not isinstance(value, int) or isinstance(value, bool):
        return f"{json.dumps(value, default=str)} is not a whole number; {allowed}"
    if not 0 <= value <= criterion["max_points"]:
        return f"{value} is out of range; {allowed}"
    return None


def grade_method(method: Mapping[str, Any], scores: Mapping[str, int]) -> MethodResult:
    """Grade one method from its criterion scores, which must have no score_problems."""
    problems = score_problems(method, scores)
    if problems:
        raise ValueError("; ".join(problems))
    code = method["code"]
    criteria = method["criteria"]
    points = sum(scores[c["code"]] for c in criteria) * method["scoring"]["points_multiplier"]
    at_top = sum(1 for c in criteria if scores[c["code"]] == c["max_points"])
    grading = method["grading"]
    unconfirmed = [
        f"{code} {part}" for part in ("scoring", "grading") if not method[part]["confirmed"]
    ]
    zero = grading["fail_if_any_criterion_scores"]
    failing = [c["code"] for c in criteria if scores[c["code"]] == zero]
    if failing:
        reasons = tuple(f"{c} scored {zero}: any criterion at {zero} is a Fail" for c in failing)
        return MethodResult(code, "fail", points, at_top, reasons, tuple(unconfirmed))
    rules = sorted(grading["grades"], key=lambda rule: grade_rank(rule["grade"]))
    unconfirmed += [f"{code} {r['grade']} thresholds" for r in rules if not r["confirmed"]]
    shortfalls = {r["grade"]: _shortfalls(method, r, scores, points) for r in rules}
    met = [r for r in rules if not shortfalls[r["grade"]]]
    if not met:
        lowest = rules[0]["grade"]
        return MethodResult(code, "fail", points, at_top, shortfalls[lowest], tuple(unconfirmed))
    best = met[-1]
    reasons = [_achieved(method, best, scores, points)]
    higher = [r for r in rules if grade_rank(r["grade"]) > grade_rank(best["grade"])]
    if higher:
        reasons += shortfalls[higher[0]["grade"]]
    return MethodResult(code, best["grade"], points, at_top, tuple(reasons), tuple(unconfirmed))


def _shortfalls(
    method: Mapping[str, Any], rule: Mapping[str, Any], scores: Mapping[str, int], points: int
) -> tuple[str, ...]:
    """Return each threshold of the grade rule that the scores miss; empty when all hold."""
    label = grade_label(rule["grade"])
    found = []
    least = rule["min_each_criterion"]
    low = [c["code"] for c in method["criteria"] if scores[c["code"]] < least]
    if low:
        found.append(
            f"{_and_list(low)} scored less than {least}; "
            f"{label} needs every criterion at {least} or more"
        )
    counted = _count_at(method, rule, scores)
    if counted < rule["min_criteria_at_points"]:
        found.append(
            f"{_criteria(counted)} at {_at_points(method, rule)}; "
            f"{label} needs at least {rule['min_criteria_at_points']}"
        )
    if points < rule["min_points"]:
        found.append(f"{_points(points)}; {label} needs at least {rule['min_points']}")
    return tuple(found)


def _achieved(
    method: Mapping[str, Any], rule: Mapping[str, Any], scores: Mapping[str, int], points: int
) -> str:
    """Say which thresholds of the grade rule the scores meet."""
    clauses = []
    if rule["min_each_criterion"]:
        clauses.append(f"every criterion at {rule['min_each_criterion']} or more")
    if rule["min_criteria_at_points"]:
        clauses.append(
            f"{_criteria(_count_at(method, rule, scores))} at {_at_points(method, rule)} "
            f"(at least {rule['min_criteria_at_points']} needed)"
        )
    if rule["min_points"]:
        clauses.append(f"{_points(points)} (at least {rule['min_points']} needed)")
    return f"{grade_label(rule['grade'])}: {', '.join(clauses) or 'no threshold to meet'}"


def _count_at(method: Mapping[str, Any], rule: Mapping[str, Any], scores: Mapping[str, int]) -> int:
    return sum(1 for c in method["criteria"] if scores[c["code"]] >= rule["at_points"])


def _at_points(method: Mapping[str, Any], rule: Mapping[str, Any]) -> str:
    """Return "2", or "2 or more" when some criterion can score above at_points."""
    at = rule["at_points"]
    top = max(c["max_points"] for c in method["criteria"])
    return str(at) if at >= top else f"{at} or more"


# --- The whole EPA ----------------------------------------------------------------------------


def grade_epa(
    rules: Rules,
    scores: Mapping[str, Mapping[str, int]],
    *,
    terminated: bool = False,
    max_grade: str | None = None,
) -> EpaResult:
    """Grade every method and the EPA; scores are keyed by method code, then criterion code.

    max_grade is a resit or retake cap, which the caller takes from rules["resit"].
    """
    methods = {m["code"]: grade_method(m, _scores_for(scores, m["code"])) for m in rules["methods"]}
    points = sum(result.points for result in methods.values())
    overall = rules["overall"]
    grade, reasons = _overall_grade(overall, methods, points, terminated=terminated)
    capped = max_grade is not None and grade_rank(grade) > grade_rank(max_grade)
    if capped:
        reasons += (
            f"Capped at {grade_label(max_grade)} for a resit or retake: "
            f"{grade_label(grade)} lowered to {grade_label(max_grade)}",
        )
        grade = max_grade
    unconfirmed = [label for result in methods.values() for label in result.unconfirmed]
    if not overall["confirmed"]:
        unconfirmed.append("Overall grade")
    if capped and not rules["resit"]["confirmed"]:
        unconfirmed.append("Resit and retake cap")
    return EpaResult(methods, grade, points, capped, tuple(unconfirmed), reasons)


def _scores_for(scores: Mapping[str, Mapping[str, int]], code: str) -> Mapping[str, int]:
    if code not in scores:
        raise ValueError(f"No scores for {code}")
    return scores[code]


def _overall_grade(
    overall: Mapping[str, Any],
    methods: Mapping[str, MethodResult],
    points: int,
    *,
    terminated: bool,
) -> tuple[str, tuple[str, ...]]:
    """Return the overall grade before any cap, and why."""
    reasons = []
    if terminated and overall["fail_if_terminated"]:
        reasons.append("The EPA was terminated: a terminated EPA is a Fail")
    if overall["fail_if_any_method_fails"]:
        reasons += [
            f"{code} is a Fail: an EPA with any method at Fail is a Fail"
            for code, result in methods.items()
            if result.grade == "fail"
        ]
    if reasons:
        return "fail", tuple(reasons)
    grade = "distinction" if points >= overall["distinction_min_points"] else "pass"
    return grade, (
        f"{points} points of {overall['points_out_of']}; "
        f"Distinction needs at least {overall['distinction_min_points']}",
    )


# --- Wording ----------------------------------------------------------------------------------


def _criteria(count: int) -> str:
    return f"{count} criterion" if count == 1 else f"{count} criteria"


def _points(count: int) -> str:
    return f"{count} point" if count == 1 else f"{count} points"


def _joined(items: Iterable[str], word: str) -> str:
    """Join items as "a, b and c" (or "or")."""
    listed = list(items)
    if len(listed) <= 1:
        return "".join(listed)
    return f"{', '.join(listed[:-1])} {word} {listed[-1]}"


def _and_list(items: Iterable[str]) -> str:
    return _joined(items, "and")


def _or_list(items: Iterable[str]) -> str:
    return _joined(items, "or")
