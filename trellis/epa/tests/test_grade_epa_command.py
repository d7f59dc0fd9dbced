from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from trellis.epa.grading import grade_epa
from trellis.epa.tests.test_grading import RULES, epa_scores, scored
from trellis.standards.datafile import DATA_DIR, parse_standard_file, version_key

LMO, PD = RULES["methods"]


def good_record(**changes: Any) -> dict[str, Any]:
    """A record of ST0148 v1.0 that keeps every rule: LMO 58 points, PD 32, 90 in all."""
    return {
        "standard": "ST0148",
        "version": "1.0",
        "terminated": False,
        "lmo": {
            "scores": scored(LMO, at_top=13),
            "minutes": 120,
            "questioning_minutes": 10,
            "learners": ["L-001", "L-002"],
        },
        "pd": {"scores": scored(PD, at_top=14), "minutes": 60},
    } | changes


GOOD_OUTPUT = {
    "methods": {
        "LMO": {"grade": "Pass", "points": 58},
        "PD": {"grade": "Pass", "points": 32},
    },
    "overall": {"grade": "Distinction", "points": 90},
    "unconfirmed": ["PD scoring", "PD grading", "PD pass thresholds", "PD distinction thresholds"],
}


def run(argument: str, stdin: str | None = None) -> tuple[str, str, int]:
    """Run grade_epa; return its standard output, standard error and exit status."""
    out, err = io.StringIO(), io.StringIO()
    options = {} if stdin is None else {"stdin": io.StringIO(stdin)}
    try:
        call_command("grade_epa", argument, stdout=out, stderr=err, **options)
    except SystemExit as exit:
        return out.getvalue(), err.getvalue(), exit.code
    return out.getvalue(), err.getvalue(), 0


def run_record(tmp_path: Path, record: object) -> tuple[str, str, int]:
    path = tmp_path / "record.json"
    path.write_text(record if isinstance(record, str) else json.dumps(record), encoding="utf-8")
    return run(str(path))


def refused(tmp_path: Path, record: object) -> list[str]:
    out, err, status = run_record(tmp_path, record)
    assert (out, status) == ("", 2)
    return err.splitlines()


# --- Graded -------------------------------------------------------------------------------------


def test_a_good_record_prints_the_grades_as_json(tmp_path):
    out, err, status = run_record(tmp_path, good_record())

    assert (err, status) == ("", 0)
    assert out == json.dumps(GOOD_OUTPUT, indent=2) + "\n"


def test_the_record_can_come_from_standard_input():
    out, _, status = run("-", stdin=json.dumps(good_record()))

    assert status == 0
    assert json.loads(out) == GOOD_OUTPUT


def test_standard_input_is_read_when_no_stream_is_given(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(good_record())))

    assert json.loads(run("-")[0]) == GOOD_OUTPUT


def test_a_terminated_epa_is_a_fail_though_its_methods_are_graded(tmp_path):
    out, _, _ = run_record(tmp_path, good_record(terminated=True))

    assert json.loads(out)["methods"] == GOOD_OUTPUT["methods"]
    assert json.loads(out)["overall"] == {"grade": "Fail", "points": 90}


def test_a_failed_method_fails_the_epa(tmp_path):
    record = good_record()
    record["lmo"]["scores"]["B5"] = 0
    graded = json.loads(run_record(tmp_path, record)[0])

    assert graded["methods"]["LMO"] == {"grade": "Fail", "points": 56}
    assert graded["overall"] == {"grade": "Fail", "points": 88}


def test_another_standard_is_read_by_its_own_methods_and_rules(tmp_path):
    rules = parse_standard_file(DATA_DIR / "ST1379-1.0.toml").rules()
    record = {"standard": "ST1379", "version": "1.0"}
    for method in rules["methods"]:
        record[method["code"].lower()] = {"scores": scored(method), "minutes": 60}
    # The observation is 3 sessions, which may all be with one learner.
    record["obs"] |= {"minutes": 99, "questioning_minutes": 30, "learners": ["L-1"] * 3}
    graded = json.loads(run_record(tmp_path, record)[0])

    assert list(graded["methods"]) == ["OBS", "PD"]
    assert graded["overall"]["grade"] == "Distinction"
    assert graded["unconfirmed"] == list(grade_epa(rules, epa_scores(rules)).unconfirmed)


# --- Refused: the file and the standard ---------------------------------------------------------


def test_an_unreadable_file_is_refused(tmp_path):
    missing = tmp_path / "nowhere.json"
    out, err, status = run(str(missing))

    assert (out, status) == ("", 2)
    assert err == f"Cannot read {missing}: No such file or directory.\n"


def test_invalid_json_is_refused(tmp_path):
    assert refused(tmp_path, '{"standard": ') == [
        "The record is not valid JSON: Expecting value: line 1 column 14 (char 13)."
    ]


def test_a_record_that_is_not_an_object_is_refused(tmp_path):
    assert refused(tmp_path, "[1, 2]") == ["The record must be a JSON object."]


def available_standards() -> str:
    pairs = [path.stem.split("-", 1) for path in DATA_DIR.glob("*.toml")]
    pairs.sort(key=lambda pair: (pair[0], version_key(pair[1])))
    return ", ".join(f"{reference} v{version}" for reference, version in pairs)


def test_an_unknown_standard_is_refused_listing_the_ones_available(tmp_path):
    problems = refused(tmp_path, good_record(standard="ST9999"))

    assert "ST0148 v1.0" in available_standards()
    assert problems == [
        f"There is no data file for ST9999 v1.0; available: {available_standards()}."
    ]


def test_an_unknown_version_is_refused(tmp_path):
    assert refused(tmp_path, good_record(version="9.9"))[0].startswith(
        "There is no data file for ST0148 v9.9; available: ST0148 v1.0, "
    )


def test_a_record_must_name_its_standard_and_version(tmp_path):
    record = good_record()
    del record["version"]

    assert refused(tmp_path, record) == [
        'The record must name its "standard" and "version" as text; '
        f"available: {available_standards()}."
    ]


def test_terminated_must_be_true_or_false(tmp_path):
    assert refused(tmp_path, good_record(terminated="no")) == [
        '"terminated" must be true or false.'
    ]


# --- Refused: a method's section ----------------------------------------------------------------


def test_a_missing_method_section_is_refused(tmp_path):
    record = good_record()
    del record["pd"]

    assert refused(tmp_path, record) == [
        '"pd" is missing; a record of ST0148 v1.0 needs a section per method: '
        '"lmo" (Learning mentor observation), "pd" (Professional discussion).'
    ]


def test_a_section_that_is_not_an_object_is_refused(tmp_path):
    assert refused(tmp_path, good_record(pd=[])) == [
        '"pd" must be an object with the scores and times of Professional discussion.'
    ]


def test_missing_scores_are_refused_naming_the_criteria(tmp_path):
    record = good_record()
    del record["lmo"]["scores"]

    assert refused(tmp_path, record) == [
        '"lmo.scores" must be an object giving points to each criterion: '
        "T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, B1, B2, B3, B4, B5."
    ]


def test_missing_unknown_and_out_of_range_scores_are_refused(tmp_path):
    record = good_record()
    del record["lmo"]["scores"]["T3"]
    record["lmo"]["scores"]["X9"] = 1
    record["pd"]["scores"]["SC1"] = 3

    assert refused(tmp_path, record) == [
        "LMO T3: missing; score it 0, 1 or 2",
        "LMO X9: not a criterion of LMO; its criteria are "
        "T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, B1, B2, B3, B4, B5",
        "PD SC1: 3 is out of range; score it 0, 1 or 2",
    ]


@pytest.mark.parametrize(
    ("section", "field", "value", "problem"),
    [
        ("lmo", "minutes", 107, "Observation time is 107 minutes; the observations must total "
         "108 to 132 minutes (120 ± 10%)."),
        ("lmo", "minutes", 133, "Observation time is 133 minutes; the observations must total "
         "108 to 132 minutes (120 ± 10%)."),
        ("lmo", "questioning_minutes", 13,
         "Follow-up questioning is 13 minutes; it may last at most 12 minutes."),
        ("lmo", "learners", ["L-012", "l-012 "],
         "The observations must be with at least 2 different learners; both were with L-012."),
        ("lmo", "learners", ["L-012"],
         "2 observations are needed, one learner reference each; 1 given."),
        ("pd", "minutes", 67,
         "Professional discussion is 67 minutes; it may last at most 66 minutes (60 + 10%)."),
    ],
)  # fmt: skip
def test_a_broken_timing_or_learner_rule_is_refused(tmp_path, section, field, value, problem):
    record = good_record()
    record[section][field] = value

    assert refused(tmp_path, record) == [problem]


@pytest.mark.parametrize(
    ("section", "field", "value", "problem"),
    [
        ("lmo", "minutes", None, '"lmo.minutes" must be a number of minutes; none given.'),
        ("pd", "minutes", "60", '"pd.minutes" must be a number of minutes; "60" given.'),
        ("lmo", "questioning_minutes", True,
         '"lmo.questioning_minutes" must be a number of minutes; true given.'),
        ("lmo", "learners", "L-001",
         '"lmo.learners" must be a list of learner references, one for each of the 2 '
         'observations; "L-001" given.'),
        ("lmo", "learners", [1, 2],
         '"lmo.learners" must be a list of learner references, one for each of the 2 '
         "observations; [1, 2] given."),
    ],
)  # fmt: skip
def test_a_time_or_learner_list_of_the_wrong_kind_is_refused(
    tmp_path, section, field, value, problem
):
    record = good_record()
    if value is None:
        del record[section][field]
    else:
        record[section][field] = value

    assert refused(tmp_path, record) == [problem]


def test_every_problem_is_reported_one_per_line(tmp_path):
    record = good_record()
    record["lmo"] |= {"minutes": 100, "questioning_minutes": 15}
    record["pd"]["scores"]["SC2"] = 5

    assert refused(tmp_path, record) == [
        "Observation time is 100 minutes; the observations must total 108 to 132 minutes "
        "(120 ± 10%).",
        "Follow-up questioning is 15 minutes; it may last at most 12 minutes.",
        "PD SC2: 5 is out of range; score it 0, 1 or 2",
    ]


# --- Through manage.py --------------------------------------------------------------------------


def manage(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "grade_epa", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )


def test_manage_py_prints_the_grades_and_exits_0():
    done = manage("-", stdin=json.dumps(good_record()))

    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout) == GOOD_OUTPUT


def test_manage_py_writes_each_problem_to_standard_error_and_exits_2():
    record = good_record()
    record["pd"]["minutes"] = 67
    record["pd"]["scores"]["SC1"] = 3
    done = manage("-", stdin=json.dumps(record))

    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [
        "PD SC1: 3 is out of range; score it 0, 1 or 2",
        "Professional discussion is 67 minutes; it may last at most 66 minutes (60 + 10%).",
    ]
