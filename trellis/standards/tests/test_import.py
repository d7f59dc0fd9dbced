"""Tests for importing records of the standards feed, on the official records.

Every record read here is a real, unmodified record of the IfATE / Skills England API. A
damaged or changed record is written to tmp_path from the real text with one small change.
"""

import json
import uuid
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import CharField, JSONField, TextField
from django.test.utils import CaptureQueriesContext

from trellis.standards.datafile import DATA_DIR, StandardDataError, StandardFilesError
from trellis.standards.models import KSB, Duty, Option, Standard, StandardVersion, Theme
from trellis.standards.services import (
    StandardLockedError,
    feed_files_import,
    standard_file_load,
    standards_load,
)
from trellis.standards.tests.official import OFFICIAL_DATA_DIR, official_ksbs, official_record
from trellis.testing.factories import ApprenticeshipFactory

pytestmark = pytest.mark.django_db

OFFICIAL_FILES = sorted(OFFICIAL_DATA_DIR.glob("*.json"))
ST1379_VERSIONS = ("0.0", "1.0", "1.1", "1.2", "1.3")
SHIPPED_RECORDS = (
    "ST0148_1.0.json",
    "ST1379_1.0.json",
    "ST1379_1.1.json",
    "ST1379_1.2.json",
    "ST1379_1.3.json",
)
ST0148_DATA_FILE = DATA_DIR / "ST0148-1.0.toml"
ST1379_DATA_FILE = DATA_DIR / "ST1379-1.3.toml"
# ST1379's K1 as the API gives it: with a leading space, which Trellis trims.
ST1379_K1_START = "The roles and responsibilities of a mentor"
ST0148_K1 = (
    "Effective practice in providing accurate and relevant vocational/pastoral advice and guidance"
)
KSB_ARRAYS = (
    ("knowledges", "knowledgeId", "K"),
    ("skills", "skillId", "S"),
    ("behaviours", "behaviourId", "B"),
)
MAPPING_KEYS = ("mappedKnowledge", "mappedSkills", "mappedBehaviour")
WRITES = ("INSERT", "UPDATE", "DELETE")


def run(*args: str, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def official_path(name: str) -> Path:
    return OFFICIAL_DATA_DIR / f"{name}.json"


def official_text(name: str) -> str:
    return official_path(name).read_text(encoding="utf-8")


def edited_record(folder: Path, name: str, old: str, new: str) -> Path:
    """Write the official record name with its one occurrence of old replaced; return it."""
    text = official_text(name)
    assert text.count(old) == 1, old
    path = folder / f"{name}.json"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def edited_data_file(folder: Path, source: Path, old: str, new: str) -> Path:
    """Write a copy of a shipped data file with its one occurrence of old replaced."""
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = folder / source.name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def import_all() -> None:
    feed_files_import(paths=OFFICIAL_FILES)


def imported(name: str) -> StandardVersion:
    """Import the official record name, such as "ST1379_1.3", and return its version."""
    [result] = feed_files_import(paths=[official_path(name)])
    assert result.outcome == "created"
    return version_of(result.reference, result.version)


def version_of(reference: str, version: str) -> StandardVersion:
    return StandardVersion.objects.select_related("standard").get(
        standard__reference=reference, version=version
    )


def expected_ksbs(name: str) -> list[tuple[str, str, str, str]]:
    """Return (GUID, code, kind, statement) of the record's KSBs, in K, S, B order."""
    return [
        (k["id"], k["code"], k["kind"], " ".join(k["statement"].split()))
        for k in official_ksbs(official_record(name))
    ]


def stored_ksbs(version: StandardVersion) -> list[tuple[str, str, str, str]]:
    return [(str(k.guid), k.code, k.kind, k.statement) for k in version.ksbs.all()]


def record_duty_mappings(name: str) -> dict[str, set[str]]:
    """Return, by duty GUID, the GUIDs of the KSBs the record maps the duty to."""
    return {
        duty["dutyID"]: {guid for key in MAPPING_KEYS for guid in duty[key] or []}
        for duty in official_record(name)["duties"] or []
    }


def stored_duty_mappings(version: StandardVersion) -> dict[str, set[str]]:
    return {
        str(duty.guid): {str(ksb.guid) for ksb in duty.ksbs.all()}
        for duty in version.duties.prefetch_related("ksbs")
    }


def row_counts() -> dict[str, int]:
    models = (Standard, StandardVersion, KSB, Duty, Option, Theme, LogEntry)
    return {model.__name__: model.objects.count() for model in models}


def ids_by_guid() -> dict[tuple[int, uuid.UUID], int]:
    """Return the primary key of every KSB, duty and option by (version, GUID)."""
    ids = {}
    for model in (KSB, Duty, Option):
        for version_id, guid, pk in model.objects.values_list("standard_version", "guid", "pk"):
            ids[(version_id, guid)] = pk
    return ids


def writes(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith(WRITES)]


# --- What an import stores --------------------------------------------------------------------


@pytest.mark.parametrize("version", ST1379_VERSIONS)
def test_every_st1379_version_has_35_ksbs_and_9_duties_mapped_as_in_the_record(version):
    stored = imported(f"ST1379_{version}")

    kinds = list(stored.ksbs.values_list("kind", flat=True))
    assert (kinds.count("knowledge"), kinds.count("skill"), kinds.count("behaviour")) == (16, 14, 5)
    assert stored.duties.count() == 9
    assert stored_duty_mappings(stored) == record_duty_mappings(f"ST1379_{version}")
    assert not stored.options.exists()


def test_st0148_has_11_knowledge_11_skills_5_behaviours_and_no_duties():
    stored = imported("ST0148_1.0")

    kinds = list(stored.ksbs.values_list("kind", flat=True))
    assert (kinds.count("knowledge"), kinds.count("skill"), kinds.count("behaviour")) == (11, 11, 5)
    assert not stored.duties.exists()
    assert not stored.options.exists()


def test_st0843_has_two_options_and_duties_mapped_to_them():
    stored = imported("ST0843_1.1")

    record = official_record("ST0843_1.1")
    assert [(str(o.guid), o.code, o.title) for o in stored.options.all()] == [
        ("9385d5aa-90a9-4b83-8e66-b5bc7b9adcad", "OCC0843A", "Healthcare Cleaning Operative"),
        ("79888b4d-5e74-4b5c-a3fb-b53409f5ac96", "OCC0843B", "Commercial Cleaning Operative"),
    ]
    duties = list(stored.duties.prefetch_related("options"))
    assert [(str(d.guid), d.is_core, {str(o.guid) for o in d.options.all()}) for d in duties] == [
        (duty["dutyID"], duty["isThisACoreDuty"] == 1, set(duty["mappedOptions"]))
        for duty in record["duties"]
    ]
    assert [d.is_core for d in duties].count(True) == 14
    by_option = {o.code: o.duties.count() for o in stored.options.all()}
    assert by_option == {"OCC0843A": 3, "OCC0843B": 3}
    assert stored_duty_mappings(stored) == record_duty_mappings("ST0843_1.1")


@pytest.mark.parametrize("path", OFFICIAL_FILES, ids=lambda path: path.stem)
def test_ksbs_keep_the_records_guids_codes_and_trimmed_statements(path):
    stored = imported(path.stem)

    record = official_record(path.stem)
    assert (stored.standard.reference, stored.version) == tuple(path.stem.split("_"))
    assert stored_ksbs(stored) == expected_ksbs(path.stem)
    assert list(stored.ksbs.values_list("position", flat=True)) == list(
        range(len(stored_ksbs(stored)))
    )
    assert [str(d.guid) for d in stored.duties.all()] == [
        d["dutyID"] for d in record["duties"] or []
    ]


def test_st0148_codes_come_from_the_text():
    ksbs = {k.code: k for k in imported("ST0148_1.0").ksbs.all()}

    record = official_record("ST0148_1.0")
    assert ksbs["K1"].statement == ST0148_K1
    assert str(ksbs["K1"].guid) == record["knowledges"][0]["knowledgeId"]
    assert ksbs["S11"].statement == record["skills"][10]["detail"].removeprefix("S11 ")
    # The behaviours carry no code in their text, so they are numbered by position.
    assert str(ksbs["B5"].guid) == record["behaviours"][4]["behaviourId"]


def test_st0148_codes_follow_the_text_not_the_order(tmp_path):
    text = official_text("ST0148_1.0").replace('"detail": "K1 ', '"detail": "Kx ')
    text = text.replace('"detail": "K2 ', '"detail": "K1 ').replace(
        '"detail": "Kx ', '"detail": "K2 '
    )
    path = tmp_path / "ST0148_1.0.json"
    path.write_text(text, encoding="utf-8")

    feed_files_import(paths=[path])

    record = official_record("ST0148_1.0")
    ksbs = {k.code: k for k in version_of("ST0148", "1.0").ksbs.all()}
    assert str(ksbs["K2"].guid) == record["knowledges"][0]["knowledgeId"]
    assert ksbs["K2"].statement == ST0148_K1
    assert str(ksbs["K1"].guid) == record["knowledges"][1]["knowledgeId"]


def test_st1379_codes_are_by_position_and_statements_trimmed():
    ksbs = {k.code: k for k in imported("ST1379_1.3").ksbs.all()}

    record = official_record("ST1379_1.3")
    for array, id_key, letter in KSB_ARRAYS:
        for position, item in enumerate(record[array], start=1):
            ksb = ksbs[f"{letter}{position}"]
            assert str(ksb.guid) == item[id_key]
            assert ksb.statement == item["detail"].strip()
    assert record["knowledges"][0]["detail"].startswith(" ")
    assert ksbs["K1"].statement.startswith(ST1379_K1_START)
    assert ksbs["S8"].statement == record["skills"][7]["detail"].strip()
    assert not ksbs["S8"].statement.startswith(" ")


def test_a_statement_the_api_escapes_is_stored_as_plain_text(tmp_path):
    detail = '"detail": " The roles and responsibilities of a mentor,'
    escaped = '"detail": "&lt;p&gt;The roles &amp;amp; responsibilities of a mentor,'
    path = edited_record(tmp_path, "ST1379_1.3", detail, escaped)

    feed_files_import(paths=[path])

    k1 = version_of("ST1379", "1.3").ksbs.get(code="K1")
    assert k1.statement.startswith("The roles & responsibilities of a mentor,")


@pytest.mark.parametrize(
    ("name", "status", "starts", "typical", "epa", "otj"),
    [
        ("ST1379_0.0", "In development", (date(2023, 3, 1), None), 12, None, None),
        ("ST1379_1.0", "Retired", (date(2023, 3, 1), date(2023, 9, 11)), 12, 3, None),
        ("ST1379_1.1", "Retired", (date(2023, 9, 12), date(2024, 8, 1)), 12, 3, None),
        ("ST1379_1.2", "Retired", (date(2024, 8, 2), date(2025, 12, 8)), 12, 3, 278),
        ("ST1379_1.3", "Approved for delivery", (date(2025, 12, 9), None), 12, 3, 278),
        ("ST0148_1.0", "Retired", (date(2019, 1, 29), date(2023, 2, 28)), 12, None, None),
        ("ST0843_1.1", "Approved for delivery", (date(2024, 1, 1), None), 12, 3, 278),
    ],
)
def test_version_fields_come_from_the_record(name, status, starts, typical, epa, otj):
    stored = imported(name)

    record = official_record(name)
    assert stored.status == status
    assert (stored.earliest_start_date, stored.latest_start_date) == starts
    assert stored.typical_duration_months == typical
    assert stored.typical_epa_period_months == epa
    assert stored.minimum_otj_hours == otj
    assert stored.assessment_plan_url == record["assessmentPlanUrl"]
    assert stored.standard_page_url == record["standardPageUrl"]
    assert stored.feed_file == f"{name}.json"
    assert stored.is_from_feed
    assert not stored.has_rules


def test_the_funding_banner_is_kept_for_st1379_v1_3_only():
    import_all()

    banners = dict(
        StandardVersion.objects.filter(standard__reference="ST1379").values_list(
            "version", "funding_banner"
        )
    )
    assert banners.pop("1.3") == official_record("ST1379_1.3")["banners"]
    assert banners == {"0.0": "", "1.0": "", "1.1": "", "1.2": ""}
    assert version_of("ST1379", "1.3").funding_banner.startswith(
        "From 1st September 2026, this apprenticeship will not be government funded."
    )


def test_the_standard_has_the_records_lars_code_title_and_level():
    import_all()

    assert list(Standard.objects.values_list("reference", "title", "level", "lars_code")) == [
        ("ST0148", "Learning mentor", 3, 403),
        ("ST0843", "Cleaning hygiene operative", 2, 532),
        ("ST1379", "Learning and skills mentor", 4, 694),
    ]


def test_no_email_address_is_stored_anywhere():
    import_all()
    assert "@" in official_text("ST1379_1.3")  # tbMainContact, as the API publishes it

    found = []
    for model in (Standard, StandardVersion, KSB, Duty, Option):
        columns = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, CharField | TextField | JSONField)
        ]
        for row in model.objects.values(*columns):
            found += [
                f"{model.__name__}.{name}" for name, value in row.items() if "@" in str(value)
            ]
    entries = LogEntry.objects.filter(content_type__app_label="standards")
    found += [f"LogEntry {e.pk}" for e in entries if "@" in f"{e.object_repr}{e.changes}"]
    assert found == []
    assert StandardVersion.objects.count() == 7
    assert entries.count() > 300


# --- Importing again --------------------------------------------------------------------------


def test_the_first_import_creates_every_version_and_records_it_in_the_audit_trail():
    results = feed_files_import(paths=OFFICIAL_FILES)

    assert [(r.reference, r.version, r.outcome, r.source_file) for r in results] == [
        (p.stem.split("_")[0], p.stem.split("_")[1], "created", p.name) for p in OFFICIAL_FILES
    ]
    assert LogEntry.objects.get_for_model(KSB).filter(action=LogEntry.Action.CREATE).count() == (
        KSB.objects.count()
    )
    assert KSB.objects.count() == 5 * 35 + 27 + 65


def test_importing_again_changes_nothing_and_writes_nothing():
    import_all()
    ids = ids_by_guid()
    entries = LogEntry.objects.count()

    with CaptureQueriesContext(connection) as queries:
        results = feed_files_import(paths=OFFICIAL_FILES)

    assert [r.outcome for r in results] == ["unchanged"] * len(OFFICIAL_FILES)
    assert writes(queries) == []
    assert LogEntry.objects.count() == entries
    assert ids_by_guid() == ids


def test_importing_again_through_the_command_reports_unchanged():
    run("import_ifate")
    ids = ids_by_guid()

    output = run("import_ifate")

    assert output.splitlines() == [
        "ST0148 v1.0: unchanged",
        "ST1379 v1.0: unchanged",
        "ST1379 v1.1: unchanged",
        "ST1379 v1.2: unchanged",
        "ST1379 v1.3: unchanged",
    ]
    assert ids_by_guid() == ids


# --- Damaged records --------------------------------------------------------------------------

STRANGER = "0f6a4c1e-52d4-4c0b-9a8e-3f0d2b7c9e11"  # no KSB of any record has this GUID


def unknown_duty_mapping(folder: Path) -> Path:
    """Write ST1379 v1.3 with duty 3's second skill mapped to a GUID no KSB has."""
    record = official_record("ST1379_1.3")
    mapped = record["duties"][2]["mappedSkills"][1]
    # That GUID is also the skill's own ID and other duties' mapping: change only duty 3's.
    text = official_text("ST1379_1.3")
    at = text.index(f'"{mapped}"', text.index(record["duties"][2]["dutyID"]))
    path = folder / "ST1379_1.3.json"
    path.write_text(f'{text[:at]}"{STRANGER}"{text[at + len(mapped) + 2 :]}', encoding="utf-8")
    return path


def invalid_json(folder: Path) -> Path:
    """Write ST0148 v1.0 with a comma missing."""
    return edited_record(folder, "ST0148_1.0", '"larsCode": 403,', '"larsCode": 403')


def bad_guid(folder: Path) -> Path:
    """Write ST1379 v1.3 with K4's GUID replaced by text that is not one."""
    guid = official_record("ST1379_1.3")["knowledges"][3]["knowledgeId"]
    return edited_record(
        folder, "ST1379_1.3", f'"knowledgeId": "{guid}"', '"knowledgeId": "not-a-guid"'
    )


DAMAGES = [
    pytest.param(
        unknown_duty_mapping,
        f"ST1379_1.3.json: duties[2].mappedSkills[1]: duty 3 maps to {STRANGER}, "
        "which is not one of this record's KSBs",
        id="unknown-duty-mapping",
    ),
    pytest.param(
        invalid_json,
        "ST0148_1.0.json: not valid JSON: Expecting ',' delimiter at line 5, column 3",
        id="invalid-json",
    ),
    pytest.param(
        bad_guid,
        "ST1379_1.3.json: knowledges[3].knowledgeId: must be a UUID such as "
        "00000000-0000-0000-0000-000000000000, not 'not-a-guid'",
        id="bad-guid",
    ),
]


@pytest.mark.parametrize(("damage", "message"), DAMAGES)
def test_a_damaged_second_file_is_refused_and_nothing_is_imported(tmp_path, damage, message):
    feed_files_import(paths=[official_path("ST1379_1.0")])
    before = row_counts()

    with pytest.raises(StandardDataError) as caught:
        feed_files_import(paths=[official_path("ST1379_1.2"), damage(tmp_path)])

    assert str(caught.value) == message
    assert row_counts() == before
    assert not StandardVersion.objects.filter(version="1.2").exists()


@pytest.mark.parametrize(("damage", "message"), DAMAGES)
def test_the_command_refuses_a_damaged_file_and_imports_nothing(tmp_path, damage, message):
    feed_files_import(paths=[official_path("ST1379_1.0")])
    before = row_counts()

    with pytest.raises(CommandError) as caught:
        run("import_ifate", str(official_path("ST1379_1.2")), str(damage(tmp_path)))

    assert str(caught.value) == message
    assert row_counts() == before


def test_a_damaged_first_file_stops_every_file_importing(tmp_path):
    with pytest.raises(StandardDataError) as caught:
        feed_files_import(paths=[bad_guid(tmp_path), official_path("ST0148_1.0")])

    assert caught.value.filename == "ST1379_1.3.json"
    [(field, message)] = caught.value.problems
    assert field == "knowledges[3].knowledgeId"
    assert "'not-a-guid'" in message
    assert row_counts() == dict.fromkeys(row_counts(), 0)


def test_the_problems_of_every_damaged_file_are_reported_together(tmp_path):
    paths = [invalid_json(tmp_path), official_path("ST1379_1.2"), bad_guid(tmp_path)]

    with pytest.raises(StandardFilesError) as caught:
        feed_files_import(paths=paths)

    assert [line.split(": ")[:2] for line in str(caught.value).splitlines()] == [
        ["ST0148_1.0.json", "not valid JSON"],
        ["ST1379_1.3.json", "knowledges[3].knowledgeId"],
    ]
    assert row_counts() == dict.fromkeys(row_counts(), 0)


LONG_TITLE = "Learning and skills mentor" + " for every learner" * 10


@pytest.mark.parametrize(
    ("name", "old", "new", "field", "limit"),
    [
        (
            "ST1379_1.3",
            '"title": "Learning and skills mentor"',
            f'"title": "{LONG_TITLE}"',
            "title",
            200,
        ),
        (
            "ST0843_1.1",
            '"occupationCode": "OCC0843A"',
            '"occupationCode": "OCC0843A-HEALTHCARE-CLEANING"',
            "options[0].occupationCode",
            20,
        ),
        ("ST0148_1.0", '"detail": "K11 ', '"detail": "K110000 ', "knowledges[10].detail", 5),
    ],
    ids=["title", "option-code", "ksb-code"],
)
def test_text_too_long_for_its_column_is_refused_naming_the_field(
    tmp_path, name, old, new, field, limit
):
    feed_files_import(paths=[official_path("ST1379_1.0")])
    before = row_counts()

    with pytest.raises(StandardDataError) as caught:
        feed_files_import(paths=[edited_record(tmp_path, name, old, new)])

    assert caught.value.filename == f"{name}.json"
    assert caught.value.problems == [(field, f"must be at most {limit} characters long")]
    assert row_counts() == before


def test_text_too_long_in_an_array_names_the_record(tmp_path):
    long = official_text("ST1379_1.3").replace(
        '"title": "Learning and skills mentor"', f'"title": "{LONG_TITLE}"'
    )
    path = tmp_path / "ST1379.json"
    path.write_text(f"[{official_text('ST1379_1.2')},{long}]", encoding="utf-8")

    with pytest.raises(StandardDataError) as caught:
        feed_files_import(paths=[path])

    assert str(caught.value) == "ST1379.json: [1].title: must be at most 200 characters long"
    assert not Standard.objects.exists()


def test_the_same_version_in_two_files_is_refused(tmp_path):
    copy = tmp_path / "ST1379_1.3-copy.json"
    copy.write_bytes(official_path("ST1379_1.3").read_bytes())

    with pytest.raises(StandardDataError) as caught:
        feed_files_import(paths=[official_path("ST1379_1.3"), copy])

    assert str(caught.value) == (
        "ST1379_1.3-copy.json: versionNumber: ST1379 v1.3 is also in ST1379_1.3.json"
    )
    assert not Standard.objects.exists()


def test_an_array_of_two_records_imports_both(tmp_path):
    path = tmp_path / "ST1379.json"
    path.write_text(
        f"[{official_text('ST1379_1.2')},{official_text('ST1379_1.3')}]", encoding="utf-8"
    )

    results = feed_files_import(paths=[path])

    assert [(r.version, r.outcome, r.source_file) for r in results] == [
        ("1.2", "created", "ST1379.json"),
        ("1.3", "created", "ST1379.json"),
    ]
    for version in ("1.2", "1.3"):
        stored = version_of("ST1379", version)
        assert stored_ksbs(stored) == expected_ksbs(f"ST1379_{version}")
        assert stored.duties.count() == 9
    assert version_of("ST1379", "1.2").minimum_otj_hours == 278


# --- A changed record -------------------------------------------------------------------------

S8_OLD = "Maintain mentoring relationship through a non-judgemental and objective approach"
S8_NEW = "Maintain the mentoring relationship through a non-judgemental, objective approach"


def changed_st1379_1_3(folder: Path) -> Path:
    return edited_record(folder, "ST1379_1.3", f'" {S8_OLD}"', f'"{S8_NEW}"')


def test_a_changed_statement_updates_the_ksb_in_place(tmp_path):
    feed_files_import(paths=[official_path("ST1379_1.3")])
    s8 = version_of("ST1379", "1.3").ksbs.get(code="S8")
    ids = ids_by_guid()

    [result] = feed_files_import(paths=[changed_st1379_1_3(tmp_path)])

    assert result.outcome == "updated"
    s8.refresh_from_db()
    assert s8.statement == S8_NEW
    assert ids_by_guid() == ids
    entry = LogEntry.objects.get_for_object(s8).get(action=LogEntry.Action.UPDATE)
    assert entry.changes_dict == {"statement": [S8_OLD, S8_NEW]}
    assert LogEntry.objects.get_for_model(KSB).filter(action=LogEntry.Action.UPDATE).count() == 1
    stored = version_of("ST1379", "1.3")
    assert stored_duty_mappings(stored) == record_duty_mappings("ST1379_1.3")


@pytest.mark.parametrize("status", ["in_epa", "completed"])
def test_a_changed_statement_is_refused_once_an_apprenticeship_is_assessed(tmp_path, status):
    feed_files_import(paths=[official_path("ST1379_1.3")])
    ApprenticeshipFactory(standard_version=version_of("ST1379", "1.3"), status=status)
    before = row_counts()

    with pytest.raises(StandardLockedError) as caught:
        feed_files_import(paths=[changed_st1379_1_3(tmp_path)])

    assert str(caught.value) == (
        "ST1379 v1.3 already has recorded assessments, so its KSBs cannot change."
    )
    assert version_of("ST1379", "1.3").ksbs.get(code="S8").statement == S8_OLD
    assert row_counts() == before


def test_a_locked_version_stops_every_file_importing(tmp_path):
    feed_files_import(paths=[official_path("ST1379_1.3")])
    ApprenticeshipFactory(standard_version=version_of("ST1379", "1.3"), status="in_epa")

    with pytest.raises(CommandError, match="cannot change"):
        run("import_ifate", str(official_path("ST1379_1.2")), str(changed_st1379_1_3(tmp_path)))

    assert list(StandardVersion.objects.values_list("version", flat=True)) == ["1.3"]


def test_a_version_followed_on_programme_takes_a_changed_statement(tmp_path):
    feed_files_import(paths=[official_path("ST1379_1.3")])
    ApprenticeshipFactory(standard_version=version_of("ST1379", "1.3"), status="on_programme")

    [result] = feed_files_import(paths=[changed_st1379_1_3(tmp_path)])

    assert result.outcome == "updated"
    assert version_of("ST1379", "1.3").ksbs.get(code="S8").statement == S8_NEW


def test_an_assessed_version_still_imports_unchanged():
    feed_files_import(paths=[official_path("ST1379_1.3")])
    ApprenticeshipFactory(standard_version=version_of("ST1379", "1.3"), status="in_epa")

    [result] = feed_files_import(paths=[official_path("ST1379_1.3")])

    assert result.outcome == "unchanged"


# --- The feed and the data files --------------------------------------------------------------


def test_importing_then_loading_gives_st1379_its_rules_and_the_official_ksbs():
    run("import_ifate")
    run("load_standards")

    assert all(v.has_rules for v in StandardVersion.objects.all())
    stored = version_of("ST1379", "1.3")
    assert stored.is_from_feed
    assert stored.source_file == "ST1379-1.3.toml"
    exported = json.loads(run("export_standard", "ST1379", "--version", "1.3", "--json"))
    assert [(k["id"], k["code"], k["kind"], k["statement"]) for k in exported["ksbs"]] == (
        expected_ksbs("ST1379_1.3")
    )
    assert len(exported["ksbs"]) == 35
    assert [m["code"] for m in exported["methods"]] == ["OBS", "PD"]


def test_importing_and_loading_again_writes_nothing():
    run("import_ifate")
    run("load_standards")
    ids = ids_by_guid()
    entries = LogEntry.objects.count()

    with CaptureQueriesContext(connection) as queries:
        imported_again = run("import_ifate")
        loaded_again = run("load_standards")

    lines = imported_again.splitlines() + loaded_again.splitlines()
    assert len(lines) == 10
    assert all(line.endswith(": unchanged") for line in lines)
    assert writes(queries) == []
    assert LogEntry.objects.count() == entries
    assert ids_by_guid() == ids


def test_loading_st1379_before_importing_it_says_to_run_import_ifate():
    with pytest.raises(StandardDataError) as caught:
        standard_file_load(path=ST1379_DATA_FILE)

    assert str(caught.value) == (
        "ST1379-1.3.toml: ksbs: the file lists none and no record of ST1379 v1.3 has been "
        "imported from the standards feed: run manage.py import_ifate first"
    )
    assert not Standard.objects.exists()


def test_load_standards_before_importing_loads_nothing():
    with pytest.raises(CommandError, match=r"run manage\.py import_ifate first"):
        run("load_standards", str(ST0148_DATA_FILE), str(ST1379_DATA_FILE))

    assert not Standard.objects.exists()


def load_st0148_data_file() -> None:
    standard_file_load(path=ST0148_DATA_FILE)


def import_st0148_record() -> None:
    feed_files_import(paths=[official_path("ST0148_1.0")])


@pytest.mark.parametrize(
    "steps",
    [(load_st0148_data_file, import_st0148_record), (import_st0148_record, load_st0148_data_file)],
    ids=["data-file-first", "feed-first"],
)
def test_st0148_from_the_data_file_and_the_feed_keeps_27_official_ksbs_and_the_themes(steps):
    first, second = steps
    first()
    ids = ids_by_guid()

    second()

    stored = version_of("ST0148", "1.0")
    assert stored.is_from_feed and stored.has_rules
    assert stored_ksbs(stored) == expected_ksbs("ST0148_1.0")
    assert ids_by_guid() == ids
    assert stored.themes.count() == 11
    themed = {k.code: k.theme.number for k in stored.ksbs.select_related("theme") if k.theme}
    assert themed == {f"{kind}{n}": n for n in range(1, 12) for kind in "KS"}
    assert stored.status == "Retired"
    assert stored.assessment_plan == "ST0148/AP01"


def test_a_data_file_disagreeing_with_the_imported_record_is_refused(tmp_path):
    import_st0148_record()
    altered = edited_data_file(
        tmp_path, ST0148_DATA_FILE, ST0148_K1, ST0148_K1.replace(" and relevant", ", relevant")
    )
    before = row_counts()

    with pytest.raises(StandardDataError) as caught:
        standard_file_load(path=altered)

    assert caught.value.filename == "ST0148-1.0.toml"
    assert caught.value.problems == [
        ("ksbs[0].statement", f"differs from the imported official record: {ST0148_K1!r}")
    ]
    assert row_counts() == before
    assert not version_of("ST0148", "1.0").has_rules


def test_a_data_file_assessing_a_ksb_the_record_lacks_is_refused(tmp_path):
    feed_files_import(paths=[official_path("ST1379_1.3")])
    altered = edited_data_file(tmp_path, ST1379_DATA_FILE, 'ksbs = ["S1"]', 'ksbs = ["S15"]')

    with pytest.raises(StandardDataError) as caught:
        standards_load(paths=[ST0148_DATA_FILE, altered])

    assert caught.value.filename == "ST1379-1.3.toml"
    assert ("methods[0].criteria[0].ksbs[0]", "no KSB has code S15") in caught.value.problems
    assert not Standard.objects.filter(reference="ST0148").exists()
    assert not version_of("ST1379", "1.3").has_rules


# --- The shipped records and the command ------------------------------------------------------


def test_the_shipped_records_are_the_official_records_byte_for_byte():
    shipped = sorted(Path(settings.TRELLIS_FEED_DIR).glob("*.json"))

    assert [path.name for path in shipped] == list(SHIPPED_RECORDS)
    for path in shipped:
        assert path.read_bytes() == (OFFICIAL_DATA_DIR / path.name).read_bytes(), path.name


def test_import_ifate_without_arguments_imports_the_shipped_records():
    output = run("import_ifate")

    assert output.splitlines() == [
        "ST0148 v1.0: created",
        "ST1379 v1.0: created",
        "ST1379 v1.1: created",
        "ST1379 v1.2: created",
        "ST1379 v1.3: created",
    ]
    assert sorted(StandardVersion.objects.values_list("feed_file", flat=True)) == list(
        SHIPPED_RECORDS
    )


def test_import_ifate_takes_files_and_folders(tmp_path):
    (tmp_path / "ST0843_1.1.json").write_bytes(official_path("ST0843_1.1").read_bytes())

    output = run("import_ifate", str(official_path("ST1379_1.3")), str(tmp_path))

    assert output.splitlines() == ["ST1379 v1.3: created", "ST0843 v1.1: created"]


def test_import_ifate_reports_an_updated_version(tmp_path):
    feed_files_import(paths=[official_path("ST1379_1.3")])

    assert run("import_ifate", str(changed_st1379_1_3(tmp_path))) == "ST1379 v1.3: updated\n"


def test_import_ifate_prints_nothing_when_asked_to_be_quiet():
    assert run("import_ifate", verbosity=0) == ""
    assert StandardVersion.objects.count() == 5


def test_import_ifate_names_a_missing_file(tmp_path):
    missing = tmp_path / "ST1379_9.9.json"

    with pytest.raises(CommandError) as caught:
        run("import_ifate", str(official_path("ST1379_1.3")), str(missing))

    assert str(caught.value) == f"No such file: {missing}"
    assert not Standard.objects.exists()


def test_import_ifate_refuses_a_folder_without_records(tmp_path, settings):
    settings.TRELLIS_FEED_DIR = tmp_path

    with pytest.raises(CommandError, match=r"^No records \(\*\.json\) in "):
        run("import_ifate")


def test_a_data_file_is_checked_again_when_the_feed_has_changed_since_it_was_loaded(tmp_path):
    shipped = settings.TRELLIS_STANDARDS_DIR / "ST0148-1.0.toml"
    record = OFFICIAL_DATA_DIR / "ST0148_1.0.json"
    call_command("import_ifate", str(record), verbosity=0)
    call_command("load_standards", str(shipped), verbosity=0)
    reworded = tmp_path / "ST0148_1.0.json"
    reworded.write_text(
        record.read_text(encoding="utf-8").replace("K1 Effective practice", "K1 Good practice", 1),
        encoding="utf-8",
    )
    call_command("import_ifate", str(reworded), verbosity=0)
    with pytest.raises(CommandError, match=r"ksbs\[0\]\.statement: differs from the imported"):
        call_command("load_standards", str(shipped), verbosity=0)
