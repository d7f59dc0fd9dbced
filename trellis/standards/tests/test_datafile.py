"""Tests for the standard data file schema and the shipped ST0148 v1.0 file."""

import copy
import json
import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from trellis.standards.datafile import (
    DATA_DIR,
    StandardData,
    StandardDataError,
    StandardFilesError,
    content_hash,
    parse_standard_file,
    parse_standard_text,
    validate_standard_dict,
    version_key,
)
from trellis.standards.tests.official import official_ksbs, official_record

SHIPPED = DATA_DIR / "ST0148-1.0.toml"
FILENAME = SHIPPED.name
THEME_TITLES = [
    "Advise, guide and supervise learners",
    "Communicate and collaborate",
    "Plan and implement contextualised learning",
    "Facilitate formative and summative assessment",
    "Learner progress and well-being",
    "Collaborate to review learners' progress",
    "Maintain appropriate records",
    "Support implementation of action plans",
    "Safeguarding learners",
    "Continuous professional development",
    "Comply with quality assurance",
]


@pytest.fixture(scope="module")
def shipped_text() -> str:
    return SHIPPED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def standard() -> StandardData:
    return parse_standard_file(SHIPPED)


@pytest.fixture(scope="module")
def raw(shipped_text: str) -> dict[str, Any]:
    return tomllib.loads(shipped_text)


def _problems_for(raw: dict[str, Any], mutate: Callable[[dict[str, Any]], None]) -> list:
    """Return the problems reported for a mutated copy of the shipped data."""
    damaged = copy.deepcopy(raw)
    mutate(damaged)
    with pytest.raises(StandardDataError) as caught:
        validate_standard_dict(damaged, filename=FILENAME)
    return caught.value.problems


# --- The shipped file -------------------------------------------------------------------------


def test_shipped_file_identity(standard: StandardData) -> None:
    assert (standard.reference, standard.version) == ("ST0148", "1.0")
    assert standard.title == "Learning mentor"
    assert (standard.level, standard.lars_code) == (3, 403)
    assert standard.assessment_plan == "ST0148/AP01"
    assert standard.typical_duration_months == 12
    assert standard.minimum_duration_months == 12


def test_shipped_file_has_11_knowledge_11_skills_5_behaviours_in_order(
    standard: StandardData,
) -> None:
    codes = [k.code for k in standard.ksbs]
    expected = [f"K{n}" for n in range(1, 12)] + [f"S{n}" for n in range(1, 12)]
    assert codes == expected + [f"B{n}" for n in range(1, 6)]
    kinds = [k.kind for k in standard.ksbs]
    assert kinds == ["knowledge"] * 11 + ["skill"] * 11 + ["behaviour"] * 5


def test_themes_pair_kn_with_sn(standard: StandardData) -> None:
    assert [t.number for t in standard.themes] == list(range(1, 12))
    assert [t.title for t in standard.themes] == THEME_TITLES
    for theme in standard.themes:
        assert (theme.knowledge, theme.skill) == (f"K{theme.number}", f"S{theme.number}")


def test_ksb_themes_follow_their_number_and_behaviours_have_none(standard: StandardData) -> None:
    for ksb in standard.ksbs:
        expected = None if ksb.kind == "behaviour" else int(ksb.code[1:])
        assert ksb.theme == expected, ksb.code


def test_every_ksb_matches_the_official_record(standard: StandardData) -> None:
    official = official_ksbs(official_record("ST0148_1.0"))
    shipped = [
        {"id": k.id, "code": k.code, "kind": k.kind, "statement": k.statement}
        for k in standard.ksbs
    ]
    assert shipped == official


def test_official_identity_matches(standard: StandardData) -> None:
    record = official_record("ST0148_1.0.json")
    assert standard.reference == record["referenceNumber"]
    assert standard.version == record["version"]
    assert standard.title == record["title"]
    assert standard.level == record["level"]
    assert standard.lars_code == record["larsCode"]
    assert standard.typical_duration_months == record["typicalDuration"]


def test_two_methods_weighted_64_and_36(standard: StandardData) -> None:
    assert [(m.code, m.name, m.weighting) for m in standard.methods] == [
        ("LMO", "Learning mentor observation", 64),
        ("PD", "Professional discussion", 36),
    ]


def test_lmo_rubric(standard: StandardData) -> None:
    lmo = standard.method("LMO")
    assert len(lmo.criteria) == 16
    assert all(c.max_points == 2 for c in lmo.criteria)
    assert (lmo.scoring.points_multiplier, lmo.scoring.max_total) == (2, 64)
    themes = [(c.code, c.title, c.ksbs) for c in lmo.criteria[:11]]
    assert themes == [
        (f"T{n}", title, (f"K{n}", f"S{n}")) for n, title in enumerate(THEME_TITLES, start=1)
    ]
    assert [c.ksbs for c in lmo.criteria[11:]] == [(f"B{n}",) for n in range(1, 6)]
    assert lmo.grading.fail_if_any_criterion_scores == 0
    rules = {
        r.grade: (r.min_each_criterion, r.at_points, r.min_criteria_at_points, r.min_points)
        for r in lmo.grading.grades
    }
    assert rules == {"pass": (1, 2, 11, 54), "distinction": (1, 2, 14, 60)}


def test_lmo_timing_and_conduct(standard: StandardData) -> None:
    lmo = standard.method("LMO")
    assert (lmo.duration.min_minutes, lmo.duration.max_minutes) == (108, 132)
    assert (lmo.sessions.count, lmo.sessions.min_distinct_learners) == (2, 2)
    assert lmo.sessions.role_play_allowed is False
    assert lmo.follow_up_questioning.max_minutes == 12
    assert lmo.termination.outcome == "fail"


def test_pd_rubric_and_timing(standard: StandardData) -> None:
    pd = standard.method("PD")
    assert (pd.scoring.points_multiplier, pd.scoring.max_total) == (1, 36)
    assert sum(c.max_points for c in pd.criteria) == 36
    assert (pd.duration.min_minutes, pd.duration.max_minutes) == (None, 66)
    assert pd.setting is not None
    assert pd.grading.fail_if_any_criterion_scores == 0


def test_pd_grading_is_unconfirmed_and_lmo_grading_confirmed(standard: StandardData) -> None:
    pd, lmo = standard.method("PD"), standard.method("LMO")
    pd_rules = [pd.scoring, pd.grading, *pd.grading.grades]
    assert all(rule.confirmed is False for rule in pd_rules)
    assert all("placeholder" in rule.source.lower() for rule in pd_rules)
    lmo_rules = [lmo, lmo.duration, lmo.scoring, lmo.grading, *lmo.grading.grades]
    assert all(rule.confirmed is True for rule in lmo_rules)
    assert all("TQUK" in rule.source for rule in [lmo.scoring, lmo.grading, *lmo.grading.grades])


def test_overall_rule(standard: StandardData) -> None:
    overall = standard.overall
    assert overall.fail_if_any_method_fails and overall.fail_if_terminated
    assert (overall.distinction_min_points, overall.points_out_of) == (90, 100)
    assert overall.provisional_until_moderated
    assert overall.confirmed is True


def test_distinction_on_both_methods_reaches_overall_distinction(standard: StandardData) -> None:
    lowest = {m.code: m.grading.grades[-1].min_points for m in standard.methods}
    assert sum(lowest.values()) >= standard.overall.distinction_min_points
    lowest_pass = sum(m.grading.grades[0].min_points for m in standard.methods)
    assert lowest_pass < standard.overall.distinction_min_points


def test_on_programme_rules(standard: StandardData) -> None:
    on_programme = standard.on_programme
    assert [q.title for q in on_programme.qualifications] == ["Level 1 Safeguarding"]
    english_and_maths = on_programme.english_and_maths
    assert english_and_maths.functional_skills_level == 2
    assert (english_and_maths.gcse_min_grade, english_and_maths.gcse_min_letter_grade) == (4, "C")
    assert english_and_maths.age_exemption.applies_from == date(2025, 2, 11)
    assert english_and_maths.age_exemption.min_age_at_start == 19
    assert on_programme.minimum_before_gateway.months == 12


def test_gateway_and_booking(standard: StandardData) -> None:
    codes = [r.code for r in standard.gateway.requirements]
    assert codes == [
        "ready",
        "ksbs-evidenced",
        "showcase",
        "safeguarding-l1",
        "english-maths",
        "minimum-time",
    ]
    assert (standard.booking.minimum_notice_days, standard.booking.notice_to) == (7, "employer")


def test_resit_rule_is_unconfirmed_data(standard: StandardData) -> None:
    assert standard.resit.confirmed is False
    assert standard.resit.only_failed_methods is True
    assert standard.resit.max_grade == "pass"


def test_every_rule_names_a_source(standard: StandardData) -> None:
    def walk(value: Any, path: str) -> list[str]:
        if isinstance(value, dict):
            missing = [path] if "confirmed" in value and not value.get("source") else []
            return missing + [p for k, v in value.items() for p in walk(v, f"{path}.{k}")]
        if isinstance(value, list):
            return [p for i, v in enumerate(value) for p in walk(v, f"{path}[{i}]")]
        return []

    assert walk(standard.rules(), "rules") == []


def test_model_is_frozen(standard: StandardData) -> None:
    with pytest.raises(ValidationError):
        standard.methods[0].weighting = 50


# --- Damaged copies are refused ---------------------------------------------------------------


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(raw: dict[str, Any]) -> None:
        target = raw
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _delete(path: list[Any]) -> Callable[[dict[str, Any]], None]:
    def mutate(raw: dict[str, Any]) -> None:
        target = raw
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


def _remove_ksb_from_criteria(code: str) -> Callable[[dict[str, Any]], None]:
    def mutate(raw: dict[str, Any]) -> None:
        for method in raw["methods"]:
            for criterion in method["criteria"]:
                criterion["ksbs"] = [k for k in criterion["ksbs"] if k != code] or ["K1"]

    return mutate


DAMAGED_DATA = [
    pytest.param(_delete(["lars_code"]), "lars_code", "is missing", id="missing-field"),
    pytest.param(
        _delete(["methods", 0, "weighting"]),
        "methods[0].weighting",
        "is missing",
        id="missing-nested-field",
    ),
    pytest.param(_set(["level"], "3"), "level", "must be a whole number", id="wrong-type"),
    pytest.param(
        _set(["methods", 0, "confirmed"], "yes"),
        "methods[0].confirmed",
        "must be true or false",
        id="wrong-type-bool",
    ),
    pytest.param(
        _set(["ksbs", 1, "code"], "K1"),
        "ksbs[1].code",
        "already used by ksbs[0]",
        id="duplicate-code",
    ),
    pytest.param(
        _set(["ksbs", 1, "id"], "e71b21e9-42d4-4841-841e-ff03429e3e2e"),
        "ksbs[1].id",
        "already used by ksbs[0]",
        id="duplicate-guid",
    ),
    pytest.param(
        _set(["ksbs", 0, "id"], "K1-guid"), "ksbs[0].id", "must be a UUID", id="guid-not-uuid"
    ),
    pytest.param(
        _set(["ksbs", 0, "code"], "X1"), "ksbs[0].code", "must be a KSB code", id="bad-code-pattern"
    ),
    pytest.param(
        _set(["ksbs", 0, "kind"], "skill"),
        "ksbs[0].kind",
        "must be 'knowledge'",
        id="kind-disagrees-with-code",
    ),
    pytest.param(
        _set(["ksbs", 0, "statement"], "K1 Effective practice"),
        "ksbs[0].statement",
        "must not begin with its code",
        id="statement-keeps-code",
    ),
    pytest.param(
        _set(["ksbs", 0, "statement"], " Effective practice"),
        "ksbs[0].statement",
        "must not begin or end with spaces",
        id="statement-unstripped",
    ),
    pytest.param(
        _set(["ksbs", 0, "colour"], "red"), "ksbs[0].colour", "is not a field", id="unknown-field"
    ),
    pytest.param(
        _set(["themes", 2, "knowledge"], "K30"),
        "themes[2].knowledge",
        "no KSB has code K30",
        id="theme-missing-ksb",
    ),
    pytest.param(
        _set(["themes", 2, "skill"], "K3"),
        "themes[2].skill",
        "K3 is a knowledge, not a skill",
        id="theme-wrong-kind",
    ),
    pytest.param(
        _set(["themes", 1, "knowledge"], "K1"),
        "themes[1].knowledge",
        "already used by themes[0]",
        id="ksb-named-by-two-themes",
    ),
    pytest.param(
        _set(["ksbs", 0, "theme"], 12),
        "ksbs[0].theme",
        "no theme has number 12",
        id="ksb-missing-theme",
    ),
    pytest.param(
        _set(["ksbs", 0, "theme"], 2),
        "ksbs[0].theme",
        "theme 2 names K2 and S2",
        id="ksb-wrong-theme",
    ),
    pytest.param(
        _set(["methods", 0, "criteria", 3, "ksbs"], ["K4", "S44"]),
        "methods[0].criteria[3].ksbs[1]",
        "no KSB has code S44",
        id="criterion-unknown-ksb",
    ),
    pytest.param(
        _remove_ksb_from_criteria("B3"), "ksbs[24]", "B3 is not covered", id="ksb-not-assessed"
    ),
    pytest.param(
        _set(["methods", 1, "weighting"], 26),
        "methods",
        "weightings add up to 90; they must add up to 100",
        id="weightings-not-100",
    ),
    pytest.param(
        _set(["methods", 0, "criteria", 3, "max_points"], -2),
        "methods[0].criteria[3].max_points",
        "must be greater than 0",
        id="negative-max-points",
    ),
    pytest.param(
        _set(["methods", 0, "scoring", "max_total"], 32),
        "methods[0].scoring.max_total",
        "must be 64",
        id="max-total-disagrees",
    ),
    pytest.param(
        _set(["methods", 0, "grading", "grades", 1, "min_points"], 70),
        "methods[0].grading.grades[1].min_points",
        "must not exceed scoring.max_total",
        id="grade-points-impossible",
    ),
    pytest.param(
        _set(["methods", 0, "grading", "grades", 0, "min_criteria_at_points"], 17),
        "methods[0].grading.grades[0].min_criteria_at_points",
        "must not exceed 16",
        id="grade-count-impossible",
    ),
    pytest.param(
        _set(["methods", 0, "grading", "grades", 1, "min_criteria_at_points"], 10),
        "methods[0].grading.grades[1]",
        "must be stricter than 'pass'",
        id="distinction-not-stricter",
    ),
    pytest.param(
        _set(["methods", 1, "grading", "grades", 0, "grade"], "distinction"),
        "methods[1].grading.grades[0].grade",
        "must be 'pass'",
        id="grades-out-of-order",
    ),
    pytest.param(
        _set(["overall", "distinction_min_points"], 101),
        "overall.distinction_min_points",
        "must not exceed 100",
        id="overall-distinction-unreachable",
    ),
    pytest.param(
        _set(["overall", "points_out_of"], 90),
        "overall.points_out_of",
        "must be 100",
        id="overall-out-of-disagrees",
    ),
    pytest.param(
        _set(["methods", 1, "duration", "above_percent"], 150),
        "methods[1].duration.above_percent",
        "must be at most 100",
        id="percent-too-high",
    ),
]


@pytest.mark.parametrize(("mutate", "path", "fragment"), DAMAGED_DATA)
def test_damaged_data_is_refused_naming_the_field(
    raw: dict[str, Any], mutate: Callable[[dict[str, Any]], None], path: str, fragment: str
) -> None:
    problems = _problems_for(raw, mutate)
    assert any(p == path and fragment in m for p, m in problems), problems


DAMAGED_TEXT = [
    pytest.param("lars_code = 403\n", "", "lars_code", "is missing", id="missing-field"),
    pytest.param(
        "level = 3\n", 'level = "three"\n', "level", "must be a whole number", id="wrong-type"
    ),
    pytest.param('code = "K2"', 'code = "K1"', "ksbs[1].code", "already used", id="duplicate-code"),
    pytest.param(
        'knowledge = "K3"',
        'knowledge = "K33"',
        "themes[2].knowledge",
        "no KSB has code K33",
        id="theme-missing-ksb",
    ),
    pytest.param(
        'ksbs = ["K4", "S4"]',
        'ksbs = ["K4", "S99"]',
        "methods[0].criteria[3].ksbs[1]",
        "no KSB has code S99",
        id="criterion-unknown-ksb",
    ),
    pytest.param(
        "weighting = 64", "weighting = 60", "methods", "must add up to 100", id="weightings-not-100"
    ),
]


@pytest.mark.parametrize(("old", "new", "path", "fragment"), DAMAGED_TEXT)
def test_damaged_text_is_refused_with_file_and_field(
    shipped_text: str, old: str, new: str, path: str, fragment: str
) -> None:
    assert old in shipped_text
    with pytest.raises(StandardDataError) as caught:
        parse_standard_text(shipped_text.replace(old, new, 1), filename=FILENAME)
    assert any(p == path and fragment in m for p, m in caught.value.problems)
    assert f"{FILENAME}: {path}: " in str(caught.value)


def test_message_names_file_field_and_problem(raw: dict[str, Any]) -> None:
    damaged = copy.deepcopy(raw)
    damaged["methods"][0]["criteria"][3]["max_points"] = -1
    with pytest.raises(StandardDataError) as caught:
        validate_standard_dict(damaged, filename=FILENAME)
    assert str(caught.value) == (
        "ST0148-1.0.toml: methods[0].criteria[3].max_points: must be greater than 0"
    )


def test_every_problem_is_reported_one_per_line(raw: dict[str, Any]) -> None:
    damaged = copy.deepcopy(raw)
    del damaged["lars_code"]
    damaged["level"] = "3"
    damaged["methods"][0]["criteria"][3]["max_points"] = 0
    with pytest.raises(StandardDataError) as caught:
        validate_standard_dict(damaged, filename=FILENAME)
    assert sorted(caught.value.problems) == [
        ("lars_code", "is missing"),
        ("level", "must be a whole number"),
        ("methods[0].criteria[3].max_points", "must be greater than 0"),
    ]
    lines = str(caught.value).splitlines()
    assert len(lines) == 3
    assert all(line.startswith(f"{FILENAME}: ") for line in lines)


def test_problems_of_several_files_are_reported_together(raw: dict[str, Any]) -> None:
    first = StandardDataError("ST0148-1.0.toml", [("level", "must be a whole number")])
    second = StandardDataError("ST0148-1.1.toml", [("lars_code", "is missing")])
    error = StandardFilesError([first, second])
    assert isinstance(error, StandardDataError)
    assert str(error) == (
        "ST0148-1.0.toml: level: must be a whole number\nST0148-1.1.toml: lars_code: is missing"
    )
    assert error.errors == [first, second]
    assert error.problems == [("level", "must be a whole number"), ("lars_code", "is missing")]


def test_toml_syntax_error_names_file_line_and_column(shipped_text: str) -> None:
    broken = shipped_text.replace('title = "Learning mentor"', 'title = "Learning mentor', 1)
    with pytest.raises(StandardDataError) as caught:
        parse_standard_text(broken, filename=FILENAME)
    message = str(caught.value)
    assert message.startswith(f"{FILENAME}: not valid TOML: ")
    assert "line 10" in message and "column" in message


def test_unreadable_file_is_refused_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "ST9999-1.0.toml"
    with pytest.raises(StandardDataError, match=r"^ST9999-1\.0\.toml: cannot be read"):
        parse_standard_file(missing)


# --- Export, rules and hashing ------------------------------------------------------------------


def test_export_shape(standard: StandardData) -> None:
    exported = standard.export()
    assert list(exported) == [
        "reference",
        "version",
        "title",
        "level",
        "ksbs",
        "themes",
        "methods",
        "overall",
    ]
    assert all(list(k) == ["id", "code", "kind", "statement", "theme"] for k in exported["ksbs"])
    assert all(list(t) == ["number", "title", "knowledge", "skill"] for t in exported["themes"])
    for method in exported["methods"]:
        assert list(method)[:4] == ["code", "name", "weighting", "criteria"]
        assert {"duration", "scoring", "grading"} <= set(method)
        assert all(list(c) == ["code", "title", "ksbs", "max_points"] for c in method["criteria"])
    assert exported["ksbs"][0] == {
        "id": "e71b21e9-42d4-4841-841e-ff03429e3e2e",
        "code": "K1",
        "kind": "knowledge",
        "statement": (
            "Effective practice in providing accurate and relevant vocational/pastoral advice "
            "and guidance"
        ),
        "theme": 1,
    }
    assert exported["ksbs"][-1]["theme"] is None
    json.dumps(exported)


def test_rules_hold_everything_but_identity_ksbs_and_themes(standard: StandardData) -> None:
    rules = standard.rules()
    assert list(rules) == [
        "duration",
        "on_programme",
        "gateway",
        "booking",
        "methods",
        "overall",
        "resit",
    ]
    assert rules["on_programme"]["english_and_maths"]["age_exemption"]["applies_from"] == (
        "2025-02-11"
    )
    assert rules["methods"][0]["grading"]["grades"][0]["min_points"] == 54
    json.dumps(rules)


def test_content_hash_is_stable_and_tracks_changes(shipped_text: str) -> None:
    first = content_hash(parse_standard_text(shipped_text, filename=FILENAME))
    again = content_hash(parse_standard_text(shipped_text + "\n# comment\n", filename=FILENAME))
    changed_text = shipped_text.replace("min_points = 54", "min_points = 55", 1)
    changed = content_hash(parse_standard_text(changed_text, filename=FILENAME))
    assert first == again
    assert first != changed
    assert len(first) == 64 and int(first, 16) >= 0


def test_validated_content_round_trips_through_json(standard: StandardData) -> None:
    dumped = json.loads(json.dumps(standard.model_dump(mode="json")))
    assert validate_standard_dict(dumped, filename=FILENAME) == standard


# --- Plain-English descriptions -----------------------------------------------------------------


def test_versions_sort_by_number_not_text() -> None:
    assert sorted(["1.10", "1.9", "2.0", "1.0"], key=version_key) == ["1.0", "1.9", "1.10", "2.0"]
