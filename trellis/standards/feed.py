"""Read records of the IfATE / Skills England apprenticeship-standards API.

Pure Python: each record is checked against pydantic models of the fields Trellis uses (other
fields are ignored), then turned into a frozen FeedRecord. Every problem found in a file is
reported with the file name and the path of the field, using the API's own keys.

Contact e-mail addresses (`tbMainContact`, the eQA provider's `contactEmail`) are deliberately
not modelled, so they are never read into Trellis.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import json
import re
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from trellis.standards.datafile import (
    Problem,
    SemanticProblems,
    StandardDataError,
    validation_problems,
)

APPROVED_STATUSES = frozenset({"Approved for delivery", "Retired"})
KsbKind = Literal["knowledge", "skill", "behaviour"]

# A code at the start of a statement, as in ST0148's "K1 Effective practice…".
LEADING_CODE = re.compile(r"^([KSB])([0-9]+)(?:\s*[:.)\u2013\u2014-])?\s+(?=\S)")
GUID_PATTERN = re.compile(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")
REFERENCE_PATTERN = re.compile(r"^[A-Z]{2}[0-9]{4}$")
VERSION_PATTERN = re.compile(r"^[0-9]+\.[0-9]+$")
WHOLE_NUMBER_PATTERN = re.compile(r"^[0-9]+$")

# Wording for pydantic errors where the usual (TOML) wording would mislead about JSON.
JSON_TYPE_MESSAGES = {
    "model_type": "must be a JSON object",
    "string_type": "must be text",
}


# --- Plain text -------------------------------------------------------------------------------

BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    }
)


class _TextExtractor(HTMLParser):
    """Collect the text of an HTML fragment, with a line break at each block boundary."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(value: str) -> str:
    """Return value as plain text: entities decoded, tags removed, spaces collapsed, trimmed.

    The API escapes its HTML once more than usual (`&lt;p&gt;`), so the value is unescaped
    before the tags are parsed; entities left after that (`&amp;nbsp;` → `&nbsp;`) are decoded
    by the parser. Block ends and `<br>` become line breaks; blank lines are dropped.
    """
    extractor = _TextExtractor()
    extractor.feed(html.unescape(value))
    extractor.close()
    lines = (" ".join(line.split()) for line in "".join(extractor.parts).splitlines())
    return "\n".join(line for line in lines if line)


# --- Field types ------------------------------------------------------------------------------


def _clean_required_text(value: str) -> str:
    """Return value as plain text, refusing text that is empty once cleaned."""
    text = plain_text(value)
    if not text:
        raise ValueError("must not be empty")
    return text


def _none_as(empty: object) -> BeforeValidator:
    """Return a validator that reads null as the given empty value."""
    return BeforeValidator(lambda value: empty if value is None else value)


def _require_guid(value: object) -> str:
    """Return a GUID in lower case, refusing anything that is not one."""
    if not isinstance(value, str) or not GUID_PATTERN.match(value):
        raise ValueError(f"must be a UUID such as {uuid.UUID(int=0)}, not {value!r}")
    return value.lower()


def _require_reference(value: str) -> str:
    """Refuse anything but a standard reference such as ST0148."""
    if not REFERENCE_PATTERN.match(value):
        raise ValueError(f"must be a standard reference such as ST0148, not {value!r}")
    return value


def _read_date(value: object) -> date | None:
    """Return the date of an API timestamp such as 2019-01-29T00:00:00; null or "" is None."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip()).date()
        except ValueError:
            pass
    raise ValueError(f"must be a date such as 2019-01-29T00:00:00, not {value!r}")


def _read_optional_count(value: object) -> int | None:
    """Return a positive whole number, or None where the API has no figure (null, "" or 0)."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and WHOLE_NUMBER_PATTERN.match(value.strip()):
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value or None
    raise ValueError(f"must be a whole number of 0 or more, not {value!r}")


def _read_flag(value: object) -> bool:
    """Return the API's 0/1 flag as a bool; null counts as 0."""
    if value is None:
        return False
    if value in (0, 1) and isinstance(value, int):
        return bool(value)
    raise ValueError(f"must be 0 or 1, not {value!r}")


Text = Annotated[str, Strict(), AfterValidator(_clean_required_text)]
OptionalText = Annotated[str, _none_as(""), Strict(), AfterValidator(plain_text)]
Guid = Annotated[str, BeforeValidator(_require_guid)]
GuidList = Annotated[tuple[Guid, ...], _none_as(())]
Reference = Annotated[str, Strict(), AfterValidator(_require_reference)]
ApiDate = Annotated[date | None, BeforeValidator(_read_date)]
OptionalCount = Annotated[int | None, BeforeValidator(_read_optional_count)]
CoreFlag = Annotated[bool, BeforeValidator(_read_flag)]
Level = Annotated[int, Strict(), Field(ge=1)]


# --- What Trellis keeps -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedKsb:
    """One knowledge, skill or behaviour of a standard version."""

    id: str
    code: str
    kind: KsbKind
    statement: str


@dataclass(frozen=True, slots=True)
class FeedDuty:
    """One duty of the occupation, with the KSBs and options it maps to."""

    id: str
    statement: str
    is_core: bool
    ksb_ids: tuple[str, ...]
    option_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FeedOption:
    """One option of a core-and-options standard."""

    id: str
    title: str
    code: str


@dataclass(frozen=True, slots=True)
class FeedRecord:
    """One version of an apprenticeship standard as the API publishes it."""

    reference: str
    version: str
    title: str
    level: int
    lars_code: int | None
    status: str
    earliest_start_date: date | None
    latest_start_date: date | None
    typical_duration_months: int | None
    typical_epa_period_months: int | None
    minimum_otj_hours: int | None
    assessment_plan_url: str
    standard_page_url: str
    funding_banner: str
    ksbs: tuple[FeedKsb, ...]
    duties: tuple[FeedDuty, ...]
    options: tuple[FeedOption, ...]

    @property
    def is_approved(self) -> bool:
        """Tell whether this version was ever approved for delivery (retired ones were)."""
        return self.status in APPROVED_STATUSES

    def content_hash(self) -> str:
        """Return the sha256 of everything this record holds, as canonical JSON."""
        canonical = json.dumps(
            dataclasses.asdict(self),
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
            default=date.isoformat,
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- The API's shape --------------------------------------------------------------------------


class _ApiModel(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class _ApiKsb(_ApiModel):
    """A KSB item: a GUID under a kind-specific key, and its text in `detail`."""

    kind: ClassVar[KsbKind]
    id_key: ClassVar[str]

    id: str
    detail: Text

    @property
    def letter(self) -> str:
        """Return the letter that codes of this kind begin with."""
        return self.kind[0].upper()

    def code_and_statement(self) -> tuple[str | None, str]:
        """Return the code written in the text (None if there is none) and the statement."""
        match = LEADING_CODE.match(self.detail)
        if match is None:
            return None, self.detail
        return f"{match.group(1)}{int(match.group(2))}", self.detail[match.end() :]

    @model_validator(mode="after")
    def _check_code_letter(self) -> Self:
        code, _ = self.code_and_statement()
        if code is not None and code[0] != self.letter:
            problem = f"begins with the code {code}, but {self.kind} codes begin with {self.letter}"
            raise SemanticProblems([("detail", problem)])
        return self


class _ApiKnowledge(_ApiKsb):
    kind: ClassVar[KsbKind] = "knowledge"
    id_key: ClassVar[str] = "knowledgeId"
    id: Guid = Field(alias="knowledgeId")


class _ApiSkill(_ApiKsb):
    kind: ClassVar[KsbKind] = "skill"
    id_key: ClassVar[str] = "skillId"
    id: Guid = Field(alias="skillId")


class _ApiBehaviour(_ApiKsb):
    kind: ClassVar[KsbKind] = "behaviour"
    id_key: ClassVar[str] = "behaviourId"
    id: Guid = Field(alias="behaviourId")


class _ApiOption(_ApiModel):
    id: Guid = Field(alias="optionId")
    title: Text
    code: OptionalText = Field("", alias="occupationCode")


class _ApiDuty(_ApiModel):
    id: Guid = Field(alias="dutyID")
    detail: Text = Field(alias="dutyDetail")
    is_core: CoreFlag = Field(False, alias="isThisACoreDuty")
    knowledge_ids: GuidList = Field((), alias="mappedKnowledge")
    skill_ids: GuidList = Field((), alias="mappedSkills")
    behaviour_ids: GuidList = Field((), alias="mappedBehaviour")
    option_ids: GuidList = Field((), alias="mappedOptions")

    def mappings(self) -> Iterator[tuple[str, int, str]]:
        """Yield (API key, index, GUID) for each KSB the duty maps to, K then S then B."""
        for key, ids in (
            ("mappedKnowledge", self.knowledge_ids),
            ("mappedSkills", self.skill_ids),
            ("mappedBehaviour", self.behaviour_ids),
        ):
            for index, guid in enumerate(ids):
                yield key, index, guid


class _ApiRecord(_ApiModel):
    """The fields of one API record that Trellis uses."""

    reference: Reference = Field(alias="referenceNumber")
    version_number: OptionalText = Field("", alias="versionNumber")
    version_fallback: OptionalText = Field("", alias="version")
    title: Text
    level: Level
    lars_code: OptionalCount = Field(None, alias="larsCode")
    status: Text
    earliest_start_date: ApiDate = Field(None, alias="earliestStartDate")
    latest_start_date: ApiDate = Field(None, alias="latestStartDate")
    typical_duration: OptionalCount = Field(None, alias="typicalDuration")
    epa_length: OptionalCount = Field(None, alias="ePALength")
    minimum_hours: OptionalCount = Field(None, alias="minimumHoursForCompliance")
    assessment_plan_url: OptionalText = Field("", alias="assessmentPlanUrl")
    standard_page_url: OptionalText = Field("", alias="standardPageUrl")
    banners: OptionalText = ""
    # Never standardInformation: in ST1379 it still holds ST0148's KSBs.
    knowledges: tuple[_ApiKnowledge, ...]
    skills: tuple[_ApiSkill, ...]
    behaviours: tuple[_ApiBehaviour, ...]
    duties: Annotated[tuple[_ApiDuty, ...], _none_as(())] = ()
    options: Annotated[tuple[_ApiOption, ...], _none_as(())] = ()

    @property
    def version(self) -> str:
        # In-development records leave versionNumber empty and carry "0.0" in version.
        return self.version_number or self.version_fallback

    def ksb_items(self) -> Iterator[tuple[str, FeedKsb, bool]]:
        """Yield (path, KSB, whether the code came from the text) in K, S, B order."""
        for key, items in (
            ("knowledges", self.knowledges),
            ("skills", self.skills),
            ("behaviours", self.behaviours),
        ):
            for index, item in enumerate(items):
                position = index + 1
                written, statement = item.code_and_statement()
                code = written or f"{item.letter}{position}"
                ksb = FeedKsb(id=item.id, code=code, kind=item.kind, statement=statement)
                yield f"{key}[{index}]", ksb, written is not None

    @model_validator(mode="after")
    def _check_record(self) -> Self:
        problems = [*self._version_problems(), *self._ksb_problems(), *self._duty_problems()]
        if problems:
            raise SemanticProblems(problems)
        return self

    def _version_problems(self) -> Iterator[Problem]:
        """Yield a problem unless versionNumber or version holds a version such as 1.0."""
        if not self.version:
            yield "versionNumber", "is missing, and so is version"
        elif not VERSION_PATTERN.match(self.version):
            key = "versionNumber" if self.version_number else "version"
            yield key, f"must be a version such as 1.0, not {self.version!r}"

    def _ksb_problems(self) -> Iterator[Problem]:
        """Yield a problem for each KSB GUID or code already used by an earlier KSB."""
        id_paths: dict[str, str] = {}
        code_paths: dict[str, str] = {}
        all_items = [*self.knowledges, *self.skills, *self.behaviours]
        for (path, ksb, written), item in zip(self.ksb_items(), all_items, strict=True):
            id_path = f"{path}.{item.id_key}"
            if ksb.id in id_paths:
                yield id_path, f"{ksb.id!r} is already used by {id_paths[ksb.id]}"
            else:
                id_paths[ksb.id] = id_path
            code_path = f"{path}.detail" if written else path
            if ksb.code in code_paths:
                yield code_path, f"code {ksb.code} is already used by {code_paths[ksb.code]}"
            else:
                code_paths[ksb.code] = code_path

    def _duty_problems(self) -> Iterator[Problem]:
        """Yield problems for repeated IDs and for mappings to KSBs or options not here."""
        ksb_ids = {item.id for item in (*self.knowledges, *self.skills, *self.behaviours)}
        option_ids = {option.id for option in self.options}
        yield from _repeated_ids("options", "optionId", [o.id for o in self.options])
        yield from _repeated_ids("duties", "dutyID", [d.id for d in self.duties])
        for index, duty in enumerate(self.duties):
            number = index + 1
            for key, position, guid in duty.mappings():
                if guid not in ksb_ids:
                    yield (
                        f"duties[{index}].{key}[{position}]",
                        f"duty {number} maps to {guid}, which is not one of this record's KSBs",
                    )
            for position, guid in enumerate(duty.option_ids):
                if guid not in option_ids:
                    yield (
                        f"duties[{index}].mappedOptions[{position}]",
                        f"duty {number} maps to option {guid}, "
                        "which is not one of this record's options",
                    )

    def to_feed_record(self) -> FeedRecord:
        """Return the record in the shape Trellis keeps."""
        return FeedRecord(
            reference=self.reference,
            version=self.version,
            title=self.title,
            level=self.level,
            lars_code=self.lars_code,
            status=self.status,
            earliest_start_date=self.earliest_start_date,
            latest_start_date=self.latest_start_date,
            typical_duration_months=self.typical_duration,
            typical_epa_period_months=self.epa_length,
            minimum_otj_hours=self.minimum_hours,
            assessment_plan_url=self.assessment_plan_url,
            standard_page_url=self.standard_page_url,
            funding_banner=self.banners,
            ksbs=tuple(ksb for _, ksb, _ in self.ksb_items()),
            duties=tuple(_feed_duty(duty) for duty in self.duties),
            options=tuple(
                FeedOption(id=option.id, title=option.title, code=option.code)
                for option in self.options
            ),
        )


def _feed_duty(duty: _ApiDuty) -> FeedDuty:
    """Return a duty in the shape Trellis keeps."""
    # A mapping is a set: a GUID listed twice still means one KSB.
    ksb_ids = tuple(dict.fromkeys(guid for _, _, guid in duty.mappings()))
    return FeedDuty(
        id=duty.id,
        statement=duty.detail,
        is_core=duty.is_core,
        ksb_ids=ksb_ids,
        option_ids=tuple(dict.fromkeys(duty.option_ids)),
    )


def _repeated_ids(list_key: str, id_key: str, ids: Sequence[str]) -> Iterator[Problem]:
    """Yield a problem for each ID already used earlier in the list."""
    first_index: dict[str, int] = {}
    for index, guid in enumerate(ids):
        if guid in first_index:
            earlier = f"{list_key}[{first_index[guid]}].{id_key}"
            yield f"{list_key}[{index}].{id_key}", f"{guid!r} is already used by {earlier}"
        else:
            first_index[guid] = index


_RECORD_LIST = TypeAdapter(tuple[_ApiRecord, ...])


# --- Reading ----------------------------------------------------------------------------------


def parse_feed_file(path: Path) -> list[FeedRecord]:
    """Read, check and return the API records in the JSON file at path."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise StandardDataError(path.name, [("", f"cannot be read: {error}")]) from None
    return parse_feed_text(text, filename=path.name)


def parse_feed_text(text: str, *, filename: str) -> list[FeedRecord]:
    """Parse, check and return the API records in JSON text: one record or an array of them."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        raise StandardDataError(filename, [("", message)]) from None
    return validate_feed_data(raw, filename=filename)


def validate_feed_data(raw: Any, *, filename: str) -> list[FeedRecord]:
    """Check and return API records already read from JSON: one record or a list of them."""
    if isinstance(raw, list) and not raw:
        raise StandardDataError(filename, [("", "holds an empty array, not records")])
    if not isinstance(raw, dict | list):
        problem = ("", "must be a JSON object (one record) or an array of them")
        raise StandardDataError(filename, [problem])
    try:
        if isinstance(raw, dict):
            records: tuple[_ApiRecord, ...] = (_ApiRecord.model_validate(raw),)
        else:
            records = _RECORD_LIST.validate_python(raw)
    except ValidationError as error:
        problems = validation_problems(error, JSON_TYPE_MESSAGES)
        raise StandardDataError(filename, problems) from None
    return [record.to_feed_record() for record in records]
