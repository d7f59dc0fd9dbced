"""Grade an EPA record (JSON) by its standard's data file; no database is used."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandParser

from trellis.epa.grading import grade_epa, grade_label, score_problems
from trellis.epa.timing import discussion_problems, observation_problems, timing_unconfirmed
from trellis.standards.datafile import (
    DATA_DIR,
    StandardDataError,
    parse_standard_file,
    version_key,
)

# The exit status of a record that cannot be graded, as for a usage error.
REFUSED_STATUS = 2


class RecordRefused(Exception):
    """A record that cannot be graded, with every problem found in it."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class Command(BaseCommand):
    help = (
        "Grade an end-point assessment record given as JSON (a file, or - for standard "
        "input) by its standard's data file, and print the grades as JSON. A record that "
        "breaks a rule is refused: every problem is written to standard error, exit status 2."
    )
    requires_system_checks = []
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The record's JSON file, or - to read standard input.")

    def handle(self, *args, file: str, **options) -> None:
        stdin = options.get("stdin") or sys.stdin
        try:
            graded = grade_record(_record_text(file, stdin))
        except RecordRefused as refused:
            for problem in refused.problems:
                self.stderr.write(problem)
            raise SystemExit(REFUSED_STATUS) from None
        self.stdout.write(json.dumps(graded, indent=2, ensure_ascii=False))


def _record_text(file: str, stdin: IO[str]) -> str:
    if file == "-":
        return stdin.read()
    try:
        return Path(file).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RecordRefused([f"Cannot read {file}: it is not UTF-8 text."]) from None
    except OSError as error:
        raise RecordRefused([f"Cannot read {file}: {error.strerror or error}."]) from None


def grade_record(text: str) -> dict[str, Any]:
    """Return the grades of a record given as JSON text, or raise RecordRefused."""
    record = _parse_record(text)
    standard, version, rules = _standard_rules(record)
    problems = []
    terminated = record.get("terminated", False)
    if not isinstance(terminated, bool):
        problems.append('"terminated" must be true or false.')
    scores = {}
    for method in rules["methods"]:
        section = record.get(method["code"].lower())
        found = _section_problems(method, section, rules, f"{standard} v{version}")
        problems += found
        if not found:
            scores[method["code"]] = section["scores"]
    if problems:
        raise RecordRefused(problems)
    result = grade_epa(rules, scores, terminated=terminated)
    timing_labels = [label for method in rules["methods"] for label in timing_unconfirmed(method)]
    return {
        "methods": {
            code: {"grade": grade_label(method.grade), "points": method.points}
            for code, method in result.methods.items()
        },
        "overall": {"grade": grade_label(result.grade), "points": result.points},
        "unconfirmed": [*result.unconfirmed, *timing_labels],
    }


def _parse_record(text: str) -> dict[str, Any]:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise RecordRefused([f"The record is not valid JSON: {error}."]) from None
    if not isinstance(record, dict):
        raise RecordRefused(["The record must be a JSON object."])
    return record


# --- The standard -----------------------------------------------------------------------------


def _standard_rules(record: Mapping[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """Return the standard, version and rules the record names, from its data file."""
    standard, version = record.get("standard"), record.get("version")
    available = _available_standards()
    listed = ", ".join(f"{ref} v{ver}" for ref, ver in available)
    if not isinstance(standard, str) or not isinstance(version, str):
        raise RecordRefused(
            [f'The record must name its "standard" and "version" as text; available: {listed}.']
        )
    if (standard, version) not in available:
        raise RecordRefused(
            [f"There is no data file for {standard} v{version}; available: {listed}."]
        )
    try:
        data = parse_standard_file(DATA_DIR / f"{standard}-{version}.toml")
    except StandardDataError as error:
        raise RecordRefused(str(error).splitlines()) from None
    return standard, version, data.rules()


def _available_standards() -> list[tuple[str, str]]:
    """Return (reference, version) for each data file, in order."""
    found = [tuple(path.stem.split("-", 1)) for path in DATA_DIR.glob("*-*.toml")]
    return sorted(found, key=lambda pair: (pair[0], version_key(pair[1])))


# --- One method's section ---------------------------------------------------------------------


def _section_problems(
    method: Mapping[str, Any], section: object, rules: Mapping[str, Any], standard: str
) -> list[str]:
    """Return what is wrong with the record's section for one method."""
    key = method["code"].lower()
    if section is None:
        keys = ", ".join(f'"{m["code"].lower()}" ({m["name"]})' for m in rules["methods"])
        return [f'"{key}" is missing; a record of {standard} needs a section per method: {keys}.']
    if not isinstance(section, dict):
        return [f'"{key}" must be an object with the scores and times of {method["name"]}.']
    problems = _scores_problems(method, key, section.get("scores"))
    values, field_problems = _timing_values(method, key, section)
    problems += field_problems
    if not field_problems:
        problems += _timing_problems(method, values)
    return problems


def _scores_problems(method: Mapping[str, Any], key: str, scores: object) -> list[str]:
    if isinstance(scores, dict):
        return score_problems(method, scores)
    codes = ", ".join(c["code"] for c in method["criteria"])
    return [f'"{key}.scores" must be an object giving points to each criterion: {codes}.']


def _timing_values(
    method: Mapping[str, Any], key: str, section: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """Return the section's times and learners that the method's rules check, and problems."""
    fields = ["minutes"]
    if method.get("follow_up_questioning"):
        fields.append("questioning_minutes")
    values, problems = {}, []
    for field in fields:
        value = section.get(field)
        if _is_number(value):
            values[field] = value
        else:
            problems.append(f'"{key}.{field}" must be a number of minutes; {_given(value)}.')
    sessions = method.get("sessions")
    if sessions:
        learners = section.get("learners")
        if isinstance(learners, list) and all(isinstance(ref, str) for ref in learners):
            values["learners"] = learners
        else:
            problems.append(
                f'"{key}.learners" must be a list of learner references, one for each of the '
                f"{sessions['count']} observations; {_given(learners)}."
            )
    return values, problems


def _timing_problems(method: Mapping[str, Any], values: Mapping[str, Any]) -> list[str]:
    if method.get("sessions") or method.get("follow_up_questioning"):
        return observation_problems(
            method,
            minutes=values["minutes"],
            questioning_minutes=values.get("questioning_minutes", 0),
            learners=values.get("learners", []),
        )
    return discussion_problems(method, minutes=values["minutes"])


def _is_number(value: object) -> bool:
    # bool is an int to Python, but true is no number of minutes.
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return not isinstance(value, float) or math.isfinite(value)


def _given(value: object) -> str:
    return "none given" if value is None else f"{json.dumps(value)} given"
