"""Tests for reading records of the standards API, on the official records."""

import copy
import dataclasses
import json
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from trellis.standards.datafile import Problem, StandardDataError
from trellis.standards.feed import (
    FeedRecord,
    parse_feed_file,
    parse_feed_text,
    plain_text,
)
from trellis.standards.tests.official import OFFICIAL_DATA_DIR, official_ksbs, official_record

ST1379_VERSIONS = ("ST1379_0.0", "ST1379_1.0", "ST1379_1.1", "ST1379_1.2", "ST1379_1.3")
ALL_RECORDS = ("ST0148_1.0", "ST0843_1.1", *ST1379_VERSIONS)


def _read(name: str) -> FeedRecord:
    """Return the one record in the official file called name."""
    [record] = parse_feed_file(OFFICIAL_DATA_DIR / f"{name}.json")
    return record


def _counts(record: FeedRecord) -> tuple[int, int, int]:
    kinds = [ksb.kind for ksb in record.ksbs]
    return kinds.count("knowledge"), kinds.count("skill"), kinds.count("behaviour")


def _strings(value: Any) -> Iterator[str]:
    """Yield every string inside a record's fields, however deeply nested."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _damaged(
    tmp_path: Path, name: str, mutate: Callable[[dict[str, Any]], None]
) -> tuple[Path, Any]:
    """Write a copy of an official record, changed by mutate, and return its path and data."""
    data = copy.deepcopy(official_record(name))
    mutate(data)
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return path, data


def _problems_for(path: Path) -> list[Problem]:
    """Return the problems reported for the file at path, checking nothing is returned."""
    with pytest.raises(StandardDataError) as caught:
        parse_feed_file(path)
    assert caught.value.filename == path.name
    return caught.value.problems


# --- Counts and identity ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ST1379_VERSIONS)
def test_every_st1379_version_has_16_knowledge_14_skills_5_behaviours_9_duties(name: str) -> None:
    record = _read(name)
    assert record.reference == "ST1379"
    assert _counts(record) == (16, 14, 5)
    assert len(record.duties) == 9
    assert record.options == ()


def test_st0148_has_11_knowledge_11_skills_5_behaviours_and_no_duties() -> None:
    record = _read("ST0148_1.0")
    assert _counts(record) == (11, 11, 5)
    assert record.duties == ()
    assert record.options == ()


def test_st0843_has_two_options_and_duties_mapped_to_them() -> None:
    record = _read("ST0843_1.1")
    assert [(o.title, o.code) for o in record.options] == [
        ("Healthcare Cleaning Operative", "OCC0843A"),
        ("Commercial Cleaning Operative", "OCC0843B"),
    ]
    option_ids = {option.id for option in record.options}
    optional = [duty for duty in record.duties if duty.option_ids]
    assert len(optional) == 6
    assert all(set(duty.option_ids) <= option_ids and not duty.is_core for duty in optional)
    assert {i for duty in optional for i in duty.option_ids} == option_ids
    assert all(duty.is_core for duty in record.duties if not duty.option_ids)


def test_ksbs_come_in_knowledge_skill_behaviour_order() -> None:
    kinds = [ksb.kind for ksb in _read("ST1379_1.3").ksbs]
    assert kinds == ["knowledge"] * 16 + ["skill"] * 14 + ["behaviour"] * 5


@pytest.mark.parametrize("name", ALL_RECORDS)
def test_guids_are_kept_exactly(name: str) -> None:
    raw = official_record(name)
    record = _read(name)
    assert [ksb.id for ksb in record.ksbs] == [ksb["id"] for ksb in official_ksbs(raw)]
    assert [duty.id for duty in record.duties] == [duty["dutyID"] for duty in raw["duties"]]
    assert [option.id for option in record.options] == [o["optionId"] for o in raw["options"]]


@pytest.mark.parametrize("name", ALL_RECORDS)
def test_duty_mappings_keep_knowledge_then_skills_then_behaviours(name: str) -> None:
    raw = official_record(name)
    for duty, raw_duty in zip(_read(name).duties, raw["duties"], strict=True):
        expected = [
            *raw_duty["mappedKnowledge"],
            *raw_duty["mappedSkills"],
            *raw_duty["mappedBehaviour"],
        ]
        assert list(duty.ksb_ids) == expected
        assert list(duty.option_ids) == (raw_duty["mappedOptions"] or [])


@pytest.mark.parametrize("name", ["ST0148_1.0", *ST1379_VERSIONS])
def test_codes_and_statements_match_the_official_ksbs(name: str) -> None:
    record = _read(name)
    expected = official_ksbs(official_record(name))
    assert [dataclasses.asdict(ksb) for ksb in record.ksbs] == expected


def test_st0148_codes_come_from_the_text() -> None:
    ksbs = {ksb.code: ksb for ksb in _read("ST0148_1.0").ksbs}
    assert ksbs["K1"].statement.startswith("Effective practice in providing accurate")
    assert ksbs["S1"].statement.startswith("Advise, guide and supervise learners")
    assert "S11" in ksbs
    for ksb in ksbs.values():
        assert not ksb.statement.startswith(ksb.code)
        assert ksb.statement == ksb.statement.strip()


def test_st0148_behaviours_are_numbered_by_position() -> None:
    behaviours = [ksb for ksb in _read("ST0148_1.0").ksbs if ksb.kind == "behaviour"]
    assert [ksb.code for ksb in behaviours] == ["B1", "B2", "B3", "B4", "B5"]
    assert (
        behaviours[0].statement
        == "Promote an ethos of motivation, aspiration and a passion for learning"
    )


def test_st1379_codes_are_by_position_and_statements_trimmed() -> None:
    ksbs = {ksb.code: ksb for ksb in _read("ST1379_1.3").ksbs}
    assert ksbs["K1"].statement.startswith("The roles and responsibilities of a mentor")
    assert ksbs["K1"].id == "b82193ab-a869-44af-8854-eabca5a04b59"
    assert ksbs["S2"].statement.endswith("other stakeholders")
    assert set(ksbs) == {f"K{n}" for n in range(1, 17)} | {f"S{n}" for n in range(1, 15)} | {
        f"B{n}" for n in range(1, 6)
    }


def test_st1379_ksbs_do_not_come_from_its_old_standard_information() -> None:
    old_text = plain_text(official_record("ST1379_1.3")["standardInformation"])
    assert "K1 effective practice in providing accurate" in old_text
    st1379 = {ksb.statement.lower() for ksb in _read("ST1379_1.3").ksbs}
    assert not any("effective practice in providing accurate" in s for s in st1379)
    st0148_ids = {ksb.id for ksb in _read("ST0148_1.0").ksbs}
    assert not st0148_ids & {ksb.id for ksb in _read("ST1379_1.3").ksbs}


# --- Dates, status and other figures ----------------------------------------------------------


def test_st1379_v1_3_figures() -> None:
    record = _read("ST1379_1.3")
    assert (record.reference, record.version, record.title) == (
        "ST1379",
        "1.3",
        "Learning and skills mentor",
    )
    assert (record.level, record.lars_code) == (4, 694)
    assert record.status == "Approved for delivery"
    assert record.is_approved
    assert record.earliest_start_date == date(2025, 12, 9)
    assert record.latest_start_date is None
    assert record.typical_duration_months == 12
    assert record.typical_epa_period_months == 3
    assert record.minimum_otj_hours == 278
    assert record.assessment_plan_url == (
        "https://skillsengland.education.gov.uk/apprenticeships/st1379-v1-3?view=epa"
    )
    assert record.standard_page_url == (
        "https://skillsengland.education.gov.uk/apprenticeships/st1379-v1-3"
    )


def test_st0148_figures() -> None:
    record = _read("ST0148_1.0")
    assert (record.reference, record.version, record.title) == ("ST0148", "1.0", "Learning mentor")
    assert (record.level, record.lars_code) == (3, 403)
    assert record.status == "Retired"
    assert record.is_approved
    assert record.earliest_start_date == date(2019, 1, 29)
    assert record.latest_start_date == date(2023, 2, 28)
    assert record.typical_duration_months == 12
    assert record.typical_epa_period_months is None  # ePALength is 0
    assert record.minimum_otj_hours is None  # minimumHoursForCompliance is ""
    assert record.funding_banner == ""


def test_st1379_v0_0_is_in_development_and_not_approved() -> None:
    record = _read("ST1379_0.0")
    assert record.version == "0.0"  # versionNumber is "", so version is used
    assert record.status == "In development"
    assert not record.is_approved
    assert record.typical_epa_period_months is None  # ePALength is missing
    assert record.minimum_otj_hours is None  # minimumHoursForCompliance is missing
    assert record.funding_banner == ""  # banners is missing
    assert not any(duty.is_core for duty in record.duties)


@pytest.mark.parametrize(
    ("name", "earliest", "latest", "hours"),
    [
        ("ST1379_1.0", date(2023, 3, 1), date(2023, 9, 11), None),
        ("ST1379_1.1", date(2023, 9, 12), date(2024, 8, 1), None),
        ("ST1379_1.2", date(2024, 8, 2), date(2025, 12, 8), 278),
    ],
)
def test_retired_st1379_versions(
    name: str, earliest: date, latest: date, hours: int | None
) -> None:
    record = _read(name)
    assert record.status == "Retired"
    assert record.is_approved
    assert (record.earliest_start_date, record.latest_start_date) == (earliest, latest)
    assert record.minimum_otj_hours == hours


def test_funding_banner_is_plain_text() -> None:
    banner = _read("ST1379_1.3").funding_banner
    assert banner.startswith("From 1st September 2026, this apprenticeship will not be")
    assert banner.endswith("privately funded apprentices.")
    assert not {"<", ">", "&"} & set(banner)


@pytest.mark.parametrize("name", ALL_RECORDS)
def test_no_field_holds_an_email_address(name: str) -> None:
    assert "@" in json.dumps(official_record(name))  # the raw record does hold some
    record = _read(name)
    assert not [text for text in _strings(dataclasses.asdict(record)) if "@" in text]


@pytest.mark.parametrize("name", ALL_RECORDS)
def test_no_field_holds_markup_or_entities(name: str) -> None:
    for text in _strings(dataclasses.asdict(_read(name))):
        assert "<" not in text and ">" not in text and "&lt;" not in text and "&#" not in text
        assert text == text.strip() and "  " not in text


# --- Plain text -------------------------------------------------------------------------------


def test_plain_text_unescapes_and_strips_tags() -> None:
    html_text = official_record("ST1379_1.3")["englishAndMathsQualifications"]
    assert html_text.startswith("&lt;p&gt;")
    assert plain_text(html_text) == (
        "English and maths qualifications must be completed in line with the "
        "apprenticeship funding rules."
    )


def test_plain_text_decodes_doubly_escaped_entities() -> None:
    assert plain_text("Nowadays&amp;nbsp; mentoring &amp;amp; more") == "Nowadays mentoring & more"
    assert plain_text("Under &amp;lt;19 years") == "Under <19 years"


def test_plain_text_turns_blocks_and_breaks_into_lines() -> None:
    text = (
        "&lt;h3&gt;&lt;strong&gt;Duration &lt;/strong&gt;&lt;/h3&gt;\r\n"
        "&lt;p&gt;Minimum  12 months&lt;br&gt;at least&lt;/p&gt;"
    )
    assert plain_text(text) == "Duration\nMinimum 12 months\nat least"


def test_plain_text_of_the_whole_standard_information_has_no_markup() -> None:
    text = plain_text(official_record("ST1379_1.3")["standardInformation"])
    assert text.startswith("Role / Occupation\nLearning Mentor (LM)\nDuration\nMinimum 12 months")
    assert not {"<", ">", "\xa0"} & set(text)
    assert "&lt;" not in text and "&nbsp;" not in text


# --- Arrays and hashing -----------------------------------------------------------------------


def test_an_array_of_two_records_gives_two(tmp_path: Path) -> None:
    path = tmp_path / "ST1379.json"
    records = [official_record("ST1379_1.2"), official_record("ST1379_1.3")]
    path.write_text(json.dumps(records), encoding="utf-8")
    parsed = parse_feed_file(path)
    assert [(r.reference, r.version) for r in parsed] == [("ST1379", "1.2"), ("ST1379", "1.3")]
    assert parsed[1] == _read("ST1379_1.3")


def test_parse_feed_text_reads_one_record() -> None:
    text = (OFFICIAL_DATA_DIR / "ST0148_1.0.json").read_text(encoding="utf-8")
    [record] = parse_feed_text(text, filename="ST0148_1.0.json")
    assert record == _read("ST0148_1.0")


def test_content_hash_is_stable_on_reparsing() -> None:
    first, second = _read("ST1379_1.3"), _read("ST1379_1.3")
    assert first.content_hash() == second.content_hash()
    assert len(first.content_hash()) == 64


def test_content_hash_changes_with_a_statement(tmp_path: Path) -> None:
    def reword(data: dict[str, Any]) -> None:
        data["skills"][0]["detail"] += " and more"

    path, _ = _damaged(tmp_path, "ST1379_1.3", reword)
    [changed] = parse_feed_file(path)
    assert changed.ksbs[16].statement.endswith("including safeguarding and more")
    assert changed.content_hash() != _read("ST1379_1.3").content_hash()


def test_content_hash_differs_between_versions_with_the_same_ksbs() -> None:
    assert _read("ST1379_1.2").content_hash() != _read("ST1379_1.3").content_hash()


def test_guids_in_capitals_are_read_in_lower_case(tmp_path: Path) -> None:
    def shout(data: dict[str, Any]) -> None:
        data["knowledges"][0]["knowledgeId"] = data["knowledges"][0]["knowledgeId"].upper()
        data["duties"][0]["mappedKnowledge"][0] = data["duties"][0]["mappedKnowledge"][0].upper()

    path, _ = _damaged(tmp_path, "ST1379_1.3", shout)
    [record] = parse_feed_file(path)
    assert record == _read("ST1379_1.3")


# --- Damaged records --------------------------------------------------------------------------


def test_bad_guid_is_reported_with_its_path(tmp_path: Path) -> None:
    def damage(data: dict[str, Any]) -> None:
        data["knowledges"][3]["knowledgeId"] = "not-a-guid"

    path, _ = _damaged(tmp_path, "ST1379_1.3", damage)
    [(field, message)] = _problems_for(path)
    assert field == "knowledges[3].knowledgeId"
    assert message.startswith("must be a UUID")
    assert "'not-a-guid'" in message


def test_error_message_names_the_file_and_the_field(tmp_path: Path) -> None:
    def damage(data: dict[str, Any]) -> None:
        data["knowledges"][3]["knowledgeId"] = "not-a-guid"

    path, _ = _damaged(tmp_path, "ST1379_1.3", damage)
    with pytest.raises(StandardDataError) as caught:
        parse_feed_file(path)
    assert str(caught.value).startswith(
        "ST1379_1.3.json: knowledges[3].knowledgeId: must be a UUID"
    )


def test_missing_reference_number_is_reported(tmp_path: Path) -> None:
    path, _ = _damaged(tmp_path, "ST0148_1.0", lambda data: data.pop("referenceNumber"))
    assert _problems_for(path) == [("referenceNumber", "is missing")]


def test_code_of_the_wrong_kind_is_reported(tmp_path: Path) -> None:
    def damage(data: dict[str, Any]) -> None:
        data["knowledges"][0]["detail"] = "S1 Advise, guide and supervise learners"

    path, _ = _damaged(tmp_path, "ST0148_1.0", damage)
    [(field, message)] = _problems_for(path)
    assert field == "knowledges[0].detail"
    assert "S1" in message and "knowledge codes begin with K" in message


def test_repeated_code_is_reported(tmp_path: Path) -> None:
    def damage(data: dict[str, Any]) -> None:
        data["knowledges"][1]["detail"] = data["knowledges"][1]["detail"].replace("K2 ", "K1 ")

    path, _ = _damaged(tmp_path, "ST0148_1.0", damage)
    assert _problems_for(path) == [
        ("knowledges[1].detail", "code K1 is already used by knowledges[0].detail")
    ]


def test_repeated_guid_is_reported(tmp_path: Path) -> None:
    def damage(data: dict[str, Any]) -> None:
        data["skills"][2]["skillId"] = data["knowledges"][0]["knowledgeId"]

    path, data = _damaged(tmp_path, "ST0148_1.0", damage)
    guid = data["knowledges"][0]["knowledgeId"]
    assert _problems_for(path) == [
        ("skills[2].skillId", f"{guid!r} is already used by knowledges[0].knowledgeId")
    ]


def test_duty_mapped_to_an_unknown_guid_is_reported(tmp_path: Path) -> None:
    stranger = str(uuid.uuid4())

    def damage(data: dict[str, Any]) -> None:
        data["duties"][2]["mappedSkills"][1] = stranger

    path, _ = _damaged(tmp_path, "ST1379_1.3", damage)
    [(field, message)] = _problems_for(path)
    assert field == "duties[2].mappedSkills[1]"
    assert message == f"duty 3 maps to {stranger}, which is not one of this record's KSBs"


def test_duty_mapped_to_an_unknown_option_is_reported(tmp_path: Path) -> None:
    stranger = str(uuid.uuid4())

    def damage(data: dict[str, Any]) -> None:
        data["duties"][14]["mappedOptions"] = [stranger]

    path, _ = _damaged(tmp_path, "ST0843_1.1", damage)
    assert _problems_for(path) == [
        (
            "duties[14].mappedOptions[0]",
            f"duty 15 maps to option {stranger}, which is not one of this record's options",
        )
    ]


def test_invalid_json_is_reported_with_line_and_column(tmp_path: Path) -> None:
    text = (OFFICIAL_DATA_DIR / "ST0148_1.0.json").read_text(encoding="utf-8")
    path = tmp_path / "ST0148_1.0.json"
    path.write_text(text.replace('"larsCode": 403,', '"larsCode": 403', 1), encoding="utf-8")
    [(field, message)] = _problems_for(path)
    assert field == ""
    assert message == "not valid JSON: Expecting ',' delimiter at line 5, column 3"


def test_second_record_of_an_array_broken_returns_nothing(tmp_path: Path) -> None:
    broken = copy.deepcopy(official_record("ST1379_1.3"))
    broken["knowledges"][3]["knowledgeId"] = "not-a-guid"
    path = tmp_path / "ST1379.json"
    path.write_text(json.dumps([official_record("ST1379_1.2"), broken]), encoding="utf-8")
    [(field, message)] = _problems_for(path)
    assert field == "[1].knowledges[3].knowledgeId"
    assert message.startswith("must be a UUID")


def test_semantic_problems_in_an_array_carry_the_index(tmp_path: Path) -> None:
    broken = copy.deepcopy(official_record("ST1379_1.3"))
    stranger = str(uuid.uuid4())
    broken["duties"][0]["mappedBehaviour"].append(stranger)
    path = tmp_path / "ST1379.json"
    path.write_text(json.dumps([official_record("ST1379_1.2"), broken]), encoding="utf-8")
    [(field, _)] = _problems_for(path)
    assert field == "[1].duties[0].mappedBehaviour[4]"


def test_every_problem_is_reported(tmp_path: Path) -> None:
    def damage(data: dict[str, Any]) -> None:
        data["skills"][0]["skillId"] = 7
        del data["title"]
        data["earliestStartDate"] = "soon"
        data["minimumHoursForCompliance"] = "about 300"
        data["level"] = "four"
        data["duties"][1]["isThisACoreDuty"] = 2
        data["behaviours"][4]["detail"] = "  "

    path, _ = _damaged(tmp_path, "ST1379_1.3", damage)
    assert _problems_for(path) == [
        ("title", "is missing"),
        ("level", "must be a whole number"),
        ("earliestStartDate", "must be a date such as 2019-01-29T00:00:00, not 'soon'"),
        ("minimumHoursForCompliance", "must be a whole number of 0 or more, not 'about 300'"),
        ("skills[0].skillId", f"must be a UUID such as {uuid.UUID(int=0)}, not 7"),
        ("behaviours[4].detail", "must not be empty"),
        ("duties[1].isThisACoreDuty", "must be 0 or 1, not 2"),
    ]


def test_a_list_that_is_not_a_list_is_reported(tmp_path: Path) -> None:
    path, _ = _damaged(tmp_path, "ST0148_1.0", lambda data: data.update(skills="none"))
    assert _problems_for(path) == [("skills", "must be a list")]


def test_a_record_that_is_not_an_object_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "records.json"
    path.write_text(json.dumps([official_record("ST0148_1.0"), "ST1379"]), encoding="utf-8")
    assert _problems_for(path) == [("[1]", "must be a JSON object")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]", "holds an empty array, not records"),
        ('"ST0148"', "must be a JSON object (one record) or an array of them"),
    ],
)
def test_files_without_records_are_refused(text: str, message: str) -> None:
    with pytest.raises(StandardDataError) as caught:
        parse_feed_text(text, filename="empty.json")
    assert caught.value.problems == [("", message)]
    assert str(caught.value) == f"empty.json: {message}"


def test_missing_version_is_reported(tmp_path: Path) -> None:
    def damage(data: dict[str, Any]) -> None:
        data["versionNumber"] = ""
        del data["version"]

    path, _ = _damaged(tmp_path, "ST0148_1.0", damage)
    assert _problems_for(path) == [("versionNumber", "is missing, and so is version")]


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    problems = _problems_for(tmp_path / "absent.json")
    assert problems[0][0] == ""
    assert problems[0][1].startswith("cannot be read:")
