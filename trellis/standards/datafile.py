"""Read and check an apprenticeship standard's data file (TOML).

Pure Python: the schema is a set of frozen pydantic models, and every problem found in a file
is reported with the file name and the path of the field, using the file's own keys.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import tomllib
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationError,
    model_validator,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
WEIGHTING_TOTAL = 100
KIND_BY_LETTER = {"K": "knowledge", "S": "skill", "B": "behaviour"}
KIND_ORDER = ("knowledge", "skill", "behaviour")
GRADE_ORDER = ("pass", "merit", "distinction")

Problem = tuple[str, str]


# --- Errors -----------------------------------------------------------------------------------


class StandardDataError(Exception):
    """A standard data file that cannot be used, with every problem found in it."""

    def __init__(self, filename: str, problems: Sequence[Problem]) -> None:
        self.filename = filename
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(_format_problem(filename, p) for p in self.problems))


class SemanticProblems(ValueError):
    """Problems found by a model validator, each with a path relative to that model."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(f"{path}: {message}" for path, message in self.problems))


class StandardFilesError(StandardDataError):
    """Several standard data files that cannot be used, with every problem in each."""

    def __init__(self, errors: Sequence[StandardDataError]) -> None:
        self.errors = list(errors)
        self.filename = ", ".join(error.filename for error in self.errors)
        self.problems = [problem for error in self.errors for problem in error.problems]
        Exception.__init__(self, "\n".join(str(error) for error in self.errors))


def _format_problem(filename: str, problem: Problem) -> str:
    """Format one problem as `file: path: message`."""
    path, message = problem
    return f"{filename}: {path}: {message}" if path else f"{filename}: {message}"


def _raise_problems(problems: Iterable[Problem]) -> None:
    """Raise SemanticProblems if there are any problems."""
    found = list(problems)
    if found:
        raise SemanticProblems(found)


# --- Field types ------------------------------------------------------------------------------


def _reject_surrounding_space(value: str) -> str:
    """Refuse text that begins or ends with white space."""
    if value != value.strip():
        raise ValueError("must not begin or end with spaces")
    return value


def _require_canonical_uuid(value: str) -> str:
    """Refuse anything but a UUID in lower case with hyphens."""
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        raise ValueError(f"must be a UUID such as {uuid.UUID(int=0)}, not {value!r}") from None
    if str(parsed) != value:
        raise ValueError(f"must be written in lower case with hyphens, as {parsed}")
    return value


Text = Annotated[
    str, StringConstraints(strict=True, min_length=1), AfterValidator(_reject_surrounding_space)
]
Guid = Annotated[str, StringConstraints(strict=True), AfterValidator(_require_canonical_uuid)]
KSB_CODE_PATTERN = r"^[KSB][0-9]+$"
KsbCode = Annotated[str, StringConstraints(strict=True, pattern=KSB_CODE_PATTERN)]
UPPER_CODE_PATTERN = r"^[A-Z][A-Z0-9]*$"
UpperCode = Annotated[str, StringConstraints(strict=True, pattern=UPPER_CODE_PATTERN)]
SLUG_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(strict=True, pattern=SLUG_PATTERN)]
Count = Annotated[int, Strict(), Field(ge=0)]
PositiveCount = Annotated[int, Strict(), Field(gt=0)]
Percent = Annotated[int, Strict(), Field(ge=0, le=100)]
Flag = Annotated[bool, Strict()]
Grade = Literal["pass", "merit", "distinction"]

PATTERN_HINTS = {
    KSB_CODE_PATTERN: "must be a KSB code such as K1, S1 or B1",
    UPPER_CODE_PATTERN: "must be capital letters and digits, such as LMO or T1",
    SLUG_PATTERN: "must be lower-case words joined by hyphens, such as safeguarding-l1",
    r"^ST[0-9]{4}$": "must be a standard reference such as ST0148",
    r"^[0-9]+\.[0-9]+$": "must be a version such as 1.0",
}


# --- Schema -----------------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(_Model):
    """A rule that names where it comes from and whether it was read from the plan itself."""

    source: Text
    confirmed: Flag


class Duration(Sourced):
    months: PositiveCount


class Durations(_Model):
    typical: Duration
    minimum: Duration

    @model_validator(mode="after")
    def _check_minimum_within_typical(self) -> Self:
        if self.minimum.months > self.typical.months:
            _raise_problems([("minimum.months", "must not exceed typical.months")])
        return self


class Ksb(_Model):
    id: Guid
    code: KsbCode
    kind: Literal["knowledge", "skill", "behaviour"]
    statement: Text
    theme: PositiveCount | None = None

    @model_validator(mode="after")
    def _check_code_agrees(self) -> Self:
        _raise_problems(_ksb_problems(self))
        return self


class Theme(_Model):
    number: PositiveCount
    title: Text
    knowledge: KsbCode
    skill: KsbCode


class Qualification(Sourced):
    code: Slug
    title: Text


class AgeExemption(Sourced):
    """Apprentices at least this old at their start need not achieve English and maths."""

    applies_from: date
    min_age_at_start: PositiveCount


class EnglishAndMaths(Sourced):
    subjects: tuple[Literal["english", "maths"], ...] = Field(min_length=1)
    functional_skills_level: PositiveCount
    gcse_min_grade: Annotated[int, Strict(), Field(ge=1, le=9)]
    gcse_min_letter_grade: Annotated[str, StringConstraints(strict=True, pattern=r"^[A-G]\*?$")]
    required_by: Literal["gateway"]
    age_exemption: AgeExemption | None = None


class MinimumTime(Sourced):
    months: PositiveCount


class OnProgramme(_Model):
    qualifications: tuple[Qualification, ...] = ()
    english_and_maths: EnglishAndMaths
    minimum_before_gateway: MinimumTime

    @model_validator(mode="after")
    def _check_codes_unique(self) -> Self:
        _raise_problems(_duplicates("qualifications", [q.code for q in self.qualifications]))
        return self


class GatewayRequirement(Sourced):
    code: Slug
    title: Text


class Gateway(_Model):
    requirements: tuple[GatewayRequirement, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_codes_unique(self) -> Self:
        _raise_problems(_duplicates("requirements", [r.code for r in self.requirements]))
        return self


class Booking(Sourced):
    minimum_notice_days: PositiveCount
    notice_to: Text


class MethodDuration(Sourced):
    """Planned minutes with a tolerance; no below_percent means no lower limit."""

    minutes: PositiveCount
    below_percent: Percent | None = None
    above_percent: Percent = 0

    @property
    def min_minutes(self) -> float | None:
        """Return the fewest minutes allowed, or None when there is no lower limit."""
        if self.below_percent is None:
            return None
        return self.minutes * (100 - self.below_percent) / 100

    @property
    def max_minutes(self) -> float:
        """Return the most minutes allowed."""
        return self.minutes * (100 + self.above_percent) / 100


class Sessions(Sourced):
    count: PositiveCount
    min_distinct_learners: PositiveCount
    role_play_allowed: Flag
    description: Text | None = None


class FollowUpQuestioning(Sourced):
    max_minutes: PositiveCount
    min_questions: PositiveCount | None = None


class Setting(Sourced):
    requirement: Text


class Termination(Sourced):
    trigger: Text
    outcome: Literal["fail"]


class Scoring(Sourced):
    """Criterion points are added up and multiplied; max_total states the result."""

    points_multiplier: PositiveCount
    max_total: PositiveCount


class GradeRule(Sourced):
    """Thresholds for one grade; min_points counts points after the multiplier."""

    grade: Grade
    min_each_criterion: Count
    at_points: PositiveCount
    min_criteria_at_points: Count
    min_points: Count


class Grading(Sourced):
    """Any criterion at fail_if_any_criterion_scores fails; below the first grade also fails."""

    fail_if_any_criterion_scores: Count
    grades: tuple[GradeRule, ...] = Field(min_length=1)


class Criterion(_Model):
    code: UpperCode
    title: Text
    ksbs: tuple[KsbCode, ...] = Field(min_length=1)
    max_points: PositiveCount


class Method(Sourced):
    code: UpperCode
    name: Text
    weighting: Annotated[int, Strict(), Field(gt=0, le=WEIGHTING_TOTAL)]
    duration: MethodDuration
    sessions: Sessions | None = None
    follow_up_questioning: FollowUpQuestioning | None = None
    setting: Setting | None = None
    termination: Termination | None = None
    scoring: Scoring
    grading: Grading
    criteria: tuple[Criterion, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_rubric(self) -> Self:
        _raise_problems(_method_problems(self))
        return self

    @property
    def max_criterion_points(self) -> int:
        """Return the highest points any one criterion can score."""
        return max(c.max_points for c in self.criteria)


class Overall(Sourced):
    """The EPA grade, from the methods' grades and their points added together."""

    fail_if_any_method_fails: Flag
    fail_if_terminated: Flag
    points_out_of: PositiveCount
    distinction_min_points: PositiveCount
    provisional_until_moderated: Flag


class Resit(Sourced):
    only_failed_methods: Flag
    within_months: PositiveCount
    retake_requires_action_plan: Flag
    max_grade: Grade | None = None
    max_grade_lifted_for_exceptional_circumstances: Flag = False


class StandardData(_Model):
    """One version of an apprenticeship standard, its KSBs and its assessment rules."""

    schema_version: Literal[1]
    reference: Annotated[str, StringConstraints(strict=True, pattern=r"^ST[0-9]{4}$")]
    version: Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9]+\.[0-9]+$")]
    title: Text
    level: Annotated[int, Strict(), Field(ge=2, le=7)]
    lars_code: PositiveCount
    assessment_plan: Text
    duration: Durations
    themes: tuple[Theme, ...] = ()
    # A file may leave the KSBs to the standards feed: then its themes and criteria are checked
    # against the imported KSBs when it is loaded.
    ksbs: tuple[Ksb, ...] = ()
    on_programme: OnProgramme
    gateway: Gateway
    booking: Booking
    methods: tuple[Method, ...] = Field(min_length=1)
    overall: Overall
    resit: Resit

    @model_validator(mode="after")
    def _check_cross_references(self) -> Self:
        _raise_problems(_standard_problems(self))
        return self

    @property
    def typical_duration_months(self) -> int:
        return self.duration.typical.months

    @property
    def minimum_duration_months(self) -> int:
        return self.duration.minimum.months

    def ksb(self, code: str) -> Ksb:
        """Return the KSB with this code."""
        return next(k for k in self.ksbs if k.code == code)

    def method(self, code: str) -> Method:
        """Return the assessment method with this code."""
        return next(m for m in self.methods if m.code == code)

    def rules(self) -> dict[str, Any]:
        """Return every rule beyond identity, KSBs and themes as JSON-ready data."""
        return self.model_dump(
            mode="json",
            include={
                "duration",
                "on_programme",
                "gateway",
                "booking",
                "methods",
                "overall",
                "resit",
            },
        )

    def export(self) -> dict[str, Any]:
        """Return the standard in the shape `export_standard --json` prints."""
        return {
            "reference": self.reference,
            "version": self.version,
            "title": self.title,
            "level": self.level,
            "ksbs": [k.model_dump(mode="json") for k in self.ksbs],
            "themes": [t.model_dump(mode="json") for t in self.themes],
            "methods": [_export_method(m) for m in self.methods],
            "overall": self.overall.model_dump(mode="json"),
        }


def _export_method(method: Method) -> dict[str, Any]:
    """Return a method with its identity and criteria first, then its timing and grading."""
    dumped = method.model_dump(mode="json")
    leading = ("code", "name", "weighting", "criteria")
    return {key: dumped[key] for key in leading} | {
        key: value for key, value in dumped.items() if key not in leading
    }


# --- Semantic checks --------------------------------------------------------------------------


def _duplicates(list_path: str, values: Sequence[object], field: str = "code") -> Iterator[Problem]:
    """Yield a problem for each value already seen earlier in the list."""
    first_index: dict[object, int] = {}
    for index, value in enumerate(values):
        if value in first_index:
            earlier = f"{list_path}[{first_index[value]}]"
            yield f"{list_path}[{index}].{field}", f"{value!r} is already used by {earlier}"
        else:
            first_index[value] = index


def _ksb_problems(ksb: Ksb) -> Iterator[Problem]:
    """Yield problems where a KSB's kind or statement disagrees with its code."""
    expected_kind = KIND_BY_LETTER[ksb.code[0]]
    if ksb.kind != expected_kind:
        yield "kind", f"must be {expected_kind!r} for code {ksb.code}"
    if ksb.statement.startswith(f"{ksb.code} "):
        yield "statement", f"must not begin with its code {ksb.code}"


def _method_problems(method: Method) -> Iterator[Problem]:
    """Yield problems within one method's rubric."""
    yield from _duplicates("criteria", [c.code for c in method.criteria])
    yield from _max_total_problems(method)
    yield from _grade_order_problems(method.grading)
    for index, rule in enumerate(method.grading.grades):
        yield from _grade_possibility_problems(method, f"grading.grades[{index}]", rule)


def _max_total_problems(method: Method) -> Iterator[Problem]:
    """Yield a problem if max_total disagrees with the criteria and multiplier."""
    expected = sum(c.max_points for c in method.criteria) * method.scoring.points_multiplier
    if method.scoring.max_total != expected:
        yield (
            "scoring.max_total",
            f"must be {expected} (the criteria's max_points added up, times "
            f"points_multiplier), not {method.scoring.max_total}",
        )


def _grade_order_problems(grading: Grading) -> Iterator[Problem]:
    """Yield problems unless grades rise from pass, each stricter than the one before."""
    grades = grading.grades
    if grades[0].grade != "pass":
        yield "grading.grades[0].grade", "must be 'pass': the lowest grade comes first"
    for index, (lower, higher) in enumerate(itertools.pairwise(grades), start=1):
        if GRADE_ORDER.index(higher.grade) <= GRADE_ORDER.index(lower.grade):
            yield f"grading.grades[{index}].grade", f"must be a higher grade than {lower.grade!r}"
        elif not _is_stricter(higher, lower):
            yield f"grading.grades[{index}]", f"must be stricter than {lower.grade!r}"


def _thresholds(rule: GradeRule) -> tuple[int, int, int, int]:
    return (rule.min_each_criterion, rule.at_points, rule.min_criteria_at_points, rule.min_points)


def _is_stricter(higher: GradeRule, lower: GradeRule) -> bool:
    """Tell whether every threshold of higher is at least lower's, and one is above it."""
    pairs = list(zip(_thresholds(higher), _thresholds(lower), strict=True))
    return all(h >= low for h, low in pairs) and any(h > low for h, low in pairs)


def _grade_possibility_problems(method: Method, path: str, rule: GradeRule) -> Iterator[Problem]:
    """Yield problems where a grade's thresholds cannot be reached."""
    lowest_max = min(c.max_points for c in method.criteria)
    if rule.min_each_criterion > lowest_max:
        yield (
            f"{path}.min_each_criterion",
            f"must not exceed {lowest_max}, the lowest max_points of any criterion",
        )
    able = sum(1 for c in method.criteria if c.max_points >= rule.at_points)
    if rule.min_criteria_at_points > able:
        yield (
            f"{path}.min_criteria_at_points",
            f"must not exceed {able}, the number of criteria that can score {rule.at_points}",
        )
    if rule.min_points > method.scoring.max_total:
        yield (
            f"{path}.min_points",
            f"must not exceed scoring.max_total ({method.scoring.max_total})",
        )


def _standard_problems(data: StandardData) -> Iterator[Problem]:
    """Yield problems that need the whole standard to find."""
    yield from _duplicates("ksbs", [k.code for k in data.ksbs])
    yield from _duplicates("ksbs", [k.id for k in data.ksbs], field="id")
    yield from _ksb_order_problems(data.ksbs)
    yield from _duplicates("themes", [t.number for t in data.themes], field="number")
    yield from _duplicates("themes", [t.knowledge for t in data.themes], field="knowledge")
    yield from _duplicates("themes", [t.skill for t in data.themes], field="skill")
    yield from _duplicates("methods", [m.code for m in data.methods])
    if data.ksbs:
        yield from _ksb_theme_problems(data)
        yield from ksb_reference_problems(data, {k.code: k.kind for k in data.ksbs})
    yield from _weighting_problems(data.methods)
    yield from _overall_problems(data)


def _ksb_order_problems(ksbs: Sequence[Ksb]) -> Iterator[Problem]:
    """Yield a problem where knowledge, skills and behaviours are not listed in that order."""
    for index, (before, after) in enumerate(itertools.pairwise(ksbs), start=1):
        if KIND_ORDER.index(after.kind) < KIND_ORDER.index(before.kind):
            yield f"ksbs[{index}]", f"{after.kind} must not come after {before.kind}"


def ksb_reference_problems(data: StandardData, kinds: dict[str, str]) -> list[Problem]:
    """Return problems where themes or criteria name KSBs missing from `kinds` (code → kind)."""
    return [
        *_theme_problems(data, kinds),
        *_criterion_ksb_problems(data, set(kinds)),
        *_unassessed_ksb_problems(data, list(kinds)),
    ]


def _theme_problems(data: StandardData, kinds: dict[str, str]) -> Iterator[Problem]:
    """Yield problems where a theme names a KSB that is missing or of the wrong kind."""
    for index, theme in enumerate(data.themes):
        for field, kind in (("knowledge", "knowledge"), ("skill", "skill")):
            code = getattr(theme, field)
            if code not in kinds:
                yield f"themes[{index}].{field}", f"no KSB has code {code}"
            elif kinds[code] != kind:
                yield f"themes[{index}].{field}", f"{code} is a {kinds[code]}, not a {kind}"


def _ksb_theme_problems(data: StandardData) -> Iterator[Problem]:
    """Yield problems where a KSB's theme and the theme table disagree."""
    themes = {t.number: t for t in data.themes}
    named_by = {code: t for t in data.themes for code in (t.knowledge, t.skill)}
    for index, ksb in enumerate(data.ksbs):
        path = f"ksbs[{index}].theme"
        if ksb.theme is None:
            if ksb.code in named_by:
                yield path, f"must be {named_by[ksb.code].number}, the theme that names {ksb.code}"
        elif ksb.theme not in themes:
            yield path, f"no theme has number {ksb.theme}"
        elif ksb.code not in (themes[ksb.theme].knowledge, themes[ksb.theme].skill):
            theme = themes[ksb.theme]
            yield (
                path,
                f"theme {ksb.theme} names {theme.knowledge} and {theme.skill}, not {ksb.code}",
            )


def _criterion_ksb_problems(data: StandardData, codes: set[str]) -> Iterator[Problem]:
    """Yield problems where a criterion covers a KSB code that the standard lacks."""
    for m_index, method in enumerate(data.methods):
        for c_index, criterion in enumerate(method.criteria):
            for k_index, code in enumerate(criterion.ksbs):
                if code not in codes:
                    path = f"methods[{m_index}].criteria[{c_index}].ksbs[{k_index}]"
                    yield path, f"no KSB has code {code}"


def _unassessed_ksb_problems(data: StandardData, codes: list[str]) -> Iterator[Problem]:
    """Yield problems for KSBs that no method's criteria cover."""
    covered = {code for m in data.methods for c in m.criteria for code in c.ksbs}
    for index, code in enumerate(codes):
        if code not in covered:
            yield f"ksbs[{index}]", f"{code} is not covered by any method's criteria"


def _weighting_problems(methods: Sequence[Method]) -> Iterator[Problem]:
    """Yield a problem unless the methods' weightings add up to 100."""
    total = sum(m.weighting for m in methods)
    if total != WEIGHTING_TOTAL:
        yield "methods", f"weightings add up to {total}; they must add up to {WEIGHTING_TOTAL}"


def _overall_problems(data: StandardData) -> Iterator[Problem]:
    """Yield problems where the overall points cannot come from the methods."""
    most = sum(m.scoring.max_total for m in data.methods)
    overall = data.overall
    if overall.points_out_of != most:
        yield (
            "overall.points_out_of",
            f"must be {most}, the methods' max_total added up, not {overall.points_out_of}",
        )
    if overall.distinction_min_points > most:
        yield (
            "overall.distinction_min_points",
            f"must not exceed {most}, the methods' max_total added up",
        )


# --- Reading ----------------------------------------------------------------------------------


def parse_standard_file(path: Path) -> StandardData:
    """Read, check and return the standard data file at path."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise StandardDataError(path.name, [("", f"cannot be read: {error}")]) from None
    return parse_standard_text(text, filename=path.name)


def parse_standard_text(text: str, *, filename: str) -> StandardData:
    """Parse, check and return a standard data file's TOML text."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise StandardDataError(filename, [("", f"not valid TOML: {error}")]) from None
    return validate_standard_dict(raw, filename=filename)


def validate_standard_dict(raw: dict[str, Any], *, filename: str) -> StandardData:
    """Check and return a standard already read into plain Python data."""
    try:
        return StandardData.model_validate(raw)
    except ValidationError as error:
        raise StandardDataError(filename, list(_problems_from(error))) from None


def _problems_from(error: ValidationError) -> Iterator[Problem]:
    """Yield (path, message) for every error pydantic found."""
    for detail in error.errors(include_url=False):
        yield from _detail_problems(detail)


def _detail_problems(detail: Any) -> Iterator[Problem]:
    """Yield (path, message) for one pydantic error, unpacking SemanticProblems."""
    path = _format_path(detail["loc"])
    cause = detail.get("ctx", {}).get("error")
    if isinstance(cause, SemanticProblems):
        for inner_path, message in cause.problems:
            yield _join_path(path, inner_path), message
    else:
        yield path, _describe_error(detail)


def validation_problems(
    error: ValidationError, type_messages: Mapping[str, str] | None = None
) -> list[Problem]:
    """Return (path, message) for every error pydantic found, worded by type where given.

    Paths use the input's own keys (`knowledges[3].knowledgeId`); type_messages maps a pydantic
    error type such as "model_type" to the message to use instead of the usual one.
    """
    overrides = type_messages or {}
    problems: list[Problem] = []
    for detail in error.errors(include_url=False):
        if detail["type"] in overrides:
            problems.append((_format_path(detail["loc"]), overrides[detail["type"]]))
        else:
            problems.extend(_detail_problems(detail))
    return problems


def _format_path(loc: Iterable[int | str]) -> str:
    """Format a pydantic location as `methods[0].criteria[3].max_points`."""
    path = ""
    for part in loc:
        path = _join_path(path, f"[{part}]" if isinstance(part, int) else str(part))
    return path


def _join_path(base: str, tail: str) -> str:
    if not base or not tail:
        return base or tail
    return base + tail if tail.startswith("[") else f"{base}.{tail}"


TYPE_MESSAGES = {
    "missing": "is missing",
    "extra_forbidden": "is not a field this schema knows",
    "int_type": "must be a whole number",
    "string_type": "must be text in quotes",
    "bool_type": "must be true or false",
    "tuple_type": "must be a list",
    "model_type": "must be a table",
    "model_attributes_type": "must be a table",
    "date_type": "must be a date such as 2025-02-11",
    "date_from_datetime_parsing": "must be a date such as 2025-02-11",
    "string_too_short": "must not be empty",
}


def _describe_error(detail: Any) -> str:
    """Return a short UK-English message for one pydantic error."""
    kind = detail["type"]
    ctx = detail.get("ctx", {})
    if kind in TYPE_MESSAGES:
        return TYPE_MESSAGES[kind]
    if kind == "greater_than":
        return f"must be greater than {ctx['gt']}"
    if kind == "greater_than_equal":
        return f"must be at least {ctx['ge']}"
    if kind == "less_than_equal":
        return f"must be at most {ctx['le']}"
    if kind == "too_short":
        return f"must have at least {ctx['min_length']} item(s)"
    if kind == "string_pattern_mismatch":
        hint = PATTERN_HINTS.get(ctx["pattern"], f"must match {ctx['pattern']}")
        return f"{hint}, not {detail['input']!r}"
    if kind == "value_error":
        return str(ctx["error"])
    message = str(detail["msg"]).replace("Input should be", "must be")
    return message[:1].lower() + message[1:]


def version_key(version: str) -> tuple[int, ...]:
    """Return a sort key that puts version 1.10 after 1.9."""
    return tuple(int(part) for part in version.split("."))


# --- Hashing ----------------------------------------------------------------------------------


def content_hash(data: StandardData) -> str:
    """Return the sha256 of the standard's validated content as canonical JSON."""
    canonical = json.dumps(
        data.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
