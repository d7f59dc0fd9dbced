import json
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trellis.apprenticeships.models import Apprenticeship
from trellis.standards.datafile import (
    DATA_DIR,
    StandardDataError,
    StandardFilesError,
    content_hash,
    parse_standard_file,
)
from trellis.standards.models import KSB, Standard, StandardVersion, Theme
from trellis.standards.services import (
    LoadResult,
    StandardLockedError,
    standard_file_load,
    standards_load,
)

pytestmark = pytest.mark.django_db

SHIPPED = DATA_DIR / "ST0148-1.0.toml"
K1_STATEMENT = (
    "Effective practice in providing accurate and relevant vocational/pastoral advice and guidance"
)
K1_CORRECTED = K1_STATEMENT.replace("accurate and relevant", "accurate, relevant")
B5_KSB = """[[ksbs]]
id = "1d2197ee-182e-480b-9647-d26880abf0a5"
code = "B5"
kind = "behaviour"
statement = "Demonstrate, encourage and expect mutual respect in all professional contexts"

"""
B5_CRITERION = """[[methods.criteria]]
code = "B5"
title = "Mutual respect"
ksbs = ["B5"]
max_points = 2

"""
THEME_11 = """[[themes]]
number = 11
title = "Comply with quality assurance"
knowledge = "K11"
skill = "S11"

"""


def edited(folder: Path, *replacements: tuple[str, str], name: str = SHIPPED.name) -> Path:
    """Write a copy of the shipped file with every (old, new) replacement made; return it."""
    text = SHIPPED.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def corrected_k1(folder: Path) -> Path:
    return edited(folder, (K1_STATEMENT, K1_CORRECTED))


def invalid(folder: Path, name: str = "ST0148-1.0.toml") -> Path:
    return edited(folder, ("level = 3\n", 'level = "three"\n'), name=name)


def version_1_1(folder: Path) -> Path:
    return edited(folder, ('version = "1.0"', 'version = "1.1"'), name="ST0148-1.1.toml")


def writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def test_load_creates_the_standard_its_themes_and_ksbs():
    result = standard_file_load(path=SHIPPED)

    assert result == LoadResult("ST0148", "1.0", "created", "ST0148-1.0.toml")
    data = parse_standard_file(SHIPPED)
    standard = Standard.objects.get()
    assert (standard.reference, standard.title, standard.level, standard.lars_code) == (
        "ST0148",
        "Learning mentor",
        3,
        403,
    )
    version = StandardVersion.objects.get()
    assert (version.typical_duration_months, version.minimum_duration_months) == (12, 12)
    assert version.assessment_plan == "ST0148/AP01"
    assert version.rules == data.rules()
    assert version.source_file == "ST0148-1.0.toml"
    assert [t.title for t in version.themes.all()] == [t.title for t in data.themes]
    ksbs = list(version.ksbs.select_related("theme"))
    assert [(str(k.guid), k.code, k.statement) for k in ksbs] == [
        (k.id, k.code, k.statement) for k in data.ksbs
    ]
    assert [k.position for k in ksbs] == list(range(27))
    assert [k.theme.number if k.theme else None for k in ksbs] == [k.theme for k in data.ksbs]


def test_loading_is_recorded_in_the_audit_trail():
    standard_file_load(path=SHIPPED)

    version = StandardVersion.objects.get()
    assert LogEntry.objects.get_for_object(version).filter(action=LogEntry.Action.CREATE).exists()
    assert LogEntry.objects.get_for_model(KSB).filter(action=LogEntry.Action.CREATE).count() == 27


def test_reloading_an_unchanged_file_writes_nothing():
    standard_file_load(path=SHIPPED)
    entries = LogEntry.objects.count()

    with CaptureQueriesContext(connection) as queries:
        result = standard_file_load(path=SHIPPED)

    assert result.outcome == "unchanged"
    assert writes(queries) == []
    assert LogEntry.objects.count() == entries


def test_a_changed_statement_updates_the_ksb_in_place(tmp_path):
    standard_file_load(path=SHIPPED)
    k1 = KSB.objects.get(code="K1")
    ids = dict(KSB.objects.values_list("guid", "pk"))

    result = standard_file_load(path=corrected_k1(tmp_path))

    assert result.outcome == "updated"
    k1.refresh_from_db()
    assert k1.statement == K1_CORRECTED
    assert dict(KSB.objects.values_list("guid", "pk")) == ids
    version = StandardVersion.objects.get()
    assert version.content_hash == content_hash(parse_standard_file(corrected_k1(tmp_path)))
    assert version.ksbs.count() == 27


def test_a_change_is_recorded_in_the_audit_trail_with_old_and_new_values(tmp_path):
    standard_file_load(path=SHIPPED)
    k1 = KSB.objects.get(code="K1")

    standard_file_load(path=corrected_k1(tmp_path))

    entry = LogEntry.objects.get_for_object(k1).get(action=LogEntry.Action.UPDATE)
    assert entry.changes_dict == {"statement": [K1_STATEMENT, K1_CORRECTED]}
    version_entry = LogEntry.objects.get_for_object(StandardVersion.objects.get()).latest("pk")
    assert set(version_entry.changes_dict) == {"content_hash"}
    # Nothing else in the standard changed, so nothing else is written.
    assert LogEntry.objects.filter(action=LogEntry.Action.UPDATE).count() == 2


def test_a_removed_ksb_is_deleted_and_the_others_keep_their_ids(tmp_path):
    standard_file_load(path=SHIPPED)
    ids = dict(KSB.objects.exclude(code="B5").values_list("guid", "pk"))
    without_b5 = edited(
        tmp_path,
        (B5_KSB, ""),
        (B5_CRITERION, ""),
        ("max_total = 64", "max_total = 60"),
        ("max_total = 36", "max_total = 34"),
        ("points_out_of = 100", "points_out_of = 94"),
    )

    assert standard_file_load(path=without_b5).outcome == "updated"

    assert not KSB.objects.filter(code="B5").exists()
    assert dict(KSB.objects.values_list("guid", "pk")) == ids
    assert LogEntry.objects.filter(action=LogEntry.Action.DELETE).count() == 1
    rules = StandardVersion.objects.get().rules
    assert rules["overall"]["points_out_of"] == 94


def test_a_removed_theme_is_deleted_and_its_ksbs_kept_without_it(tmp_path):
    standard_file_load(path=SHIPPED)
    without_theme_11 = edited(tmp_path, (THEME_11, ""), ("theme = 11\n", ""))

    standard_file_load(path=without_theme_11)

    assert not Theme.objects.filter(number=11).exists()
    assert Theme.objects.count() == 10
    assert list(KSB.objects.filter(code__in=["K11", "S11"]).values_list("theme", flat=True)) == [
        None,
        None,
    ]


def test_renumbered_ksbs_keep_their_ids(tmp_path):
    standard_file_load(path=SHIPPED)
    b4, b5 = KSB.objects.get(code="B4"), KSB.objects.get(code="B5")
    swapped = edited(
        tmp_path,
        ('code = "B4"\nkind', 'code = "Bx"\nkind'),
        ('code = "B5"\nkind', 'code = "B4"\nkind'),
        ('code = "Bx"\nkind', 'code = "B5"\nkind'),
    )

    standard_file_load(path=swapped)

    b4.refresh_from_db()
    b5.refresh_from_db()
    assert (b4.code, b5.code) == ("B5", "B4")
    assert list(KSB.objects.values_list("code", flat=True))[-2:] == ["B5", "B4"]


def test_an_invalid_file_is_refused_before_anything_is_written(tmp_path):
    with pytest.raises(StandardDataError) as caught:
        standard_file_load(path=invalid(tmp_path))

    assert str(caught.value) == "ST0148-1.0.toml: level: must be a whole number"
    assert not Standard.objects.exists()


def test_text_longer_than_its_column_is_refused_naming_the_field(tmp_path):
    long_title = "Advise, guide and supervise learners" + " and more" * 20
    too_long = edited(
        tmp_path, ('title = "Advise, guide and supervise learners"', f'title = "{long_title}"')
    )

    with pytest.raises(StandardDataError) as caught:
        standard_file_load(path=too_long)

    assert ("themes[0].title", "must be at most 200 characters long") in caught.value.problems
    assert not Standard.objects.exists()


def test_an_invalid_second_file_stops_every_file_loading(tmp_path):
    with pytest.raises(StandardDataError) as caught:
        standards_load(paths=[SHIPPED, invalid(tmp_path, name="ST0148-1.1.toml")])

    assert str(caught.value) == "ST0148-1.1.toml: level: must be a whole number"
    assert not Standard.objects.exists()


def test_every_problem_of_every_file_is_reported_together(tmp_path):
    paths = [invalid(tmp_path), edited(tmp_path, ("lars_code = 403\n", ""), name="ST0148-1.1.toml")]

    with pytest.raises(StandardFilesError) as caught:
        standards_load(paths=paths)

    assert str(caught.value).splitlines() == [
        "ST0148-1.0.toml: level: must be a whole number",
        "ST0148-1.1.toml: lars_code: is missing",
    ]
    assert not Standard.objects.exists()


def test_two_files_for_the_same_version_are_refused(tmp_path):
    copy = edited(tmp_path, name="ST0148-1.0-copy.toml")

    with pytest.raises(StandardDataError, match=r"ST0148 v1\.0 is also in ST0148-1\.0\.toml"):
        standards_load(paths=[SHIPPED, copy])

    assert not Standard.objects.exists()


def test_several_files_load_together(tmp_path):
    results = standards_load(paths=[SHIPPED, version_1_1(tmp_path)])

    assert [(r.version, r.outcome) for r in results] == [("1.0", "created"), ("1.1", "created")]
    assert Standard.objects.count() == 1
    assert KSB.objects.count() == 54


@pytest.mark.parametrize("status", Apprenticeship.ASSESSED_STATUSES)
def test_a_version_with_recorded_assessments_cannot_change(tmp_path, people, status):
    Apprenticeship.objects.filter(pk=people.amara_apprenticeship.pk).update(status=status)
    entries = LogEntry.objects.count()

    with pytest.raises(StandardLockedError) as caught:
        standard_file_load(path=corrected_k1(tmp_path))

    assert str(caught.value) == (
        "ST0148 v1.0 already has recorded assessments, so its rules cannot change. "
        "Add a new version (for example ST0148-1.1.toml) instead."
    )
    assert KSB.objects.get(code="K1").statement == K1_STATEMENT
    assert LogEntry.objects.count() == entries


def test_a_version_with_recorded_assessments_still_reloads_unchanged(people):
    Apprenticeship.objects.filter(pk=people.amara_apprenticeship.pk).update(status="completed")

    assert standard_file_load(path=SHIPPED).outcome == "unchanged"


def test_a_version_followed_only_on_programme_can_change(tmp_path, people):
    assert people.amara_apprenticeship.status == Apprenticeship.Status.ON_PROGRAMME

    assert standard_file_load(path=corrected_k1(tmp_path)).outcome == "updated"

    assert KSB.objects.get(code="K1").statement == K1_CORRECTED


def test_a_locked_version_stops_every_file_loading(tmp_path, people):
    Apprenticeship.objects.filter(pk=people.amara_apprenticeship.pk).update(status="in_epa")

    with pytest.raises(StandardLockedError):
        standards_load(paths=[version_1_1(tmp_path), corrected_k1(tmp_path)])

    assert list(StandardVersion.objects.values_list("version", flat=True)) == ["1.0"]


def test_reloading_an_older_version_keeps_the_newer_title(tmp_path):
    newer = edited(
        tmp_path,
        ('version = "1.0"', 'version = "1.1"'),
        ('title = "Learning mentor"', 'title = "Learning mentor (revised)"'),
        name="ST0148-1.1.toml",
    )
    standards_load(paths=[SHIPPED, newer])

    standard_file_load(path=corrected_k1(tmp_path))

    assert Standard.objects.get().title == "Learning mentor (revised)"


def test_a_rule_change_on_a_version_with_recorded_assessments_is_refused(tmp_path, people):
    Apprenticeship.objects.filter(pk=people.amara_apprenticeship.pk).update(status="in_epa")
    stricter = tmp_path / "ST0148-1.0.toml"
    stricter.write_text(
        SHIPPED.read_text(encoding="utf-8").replace("min_points = 54", "min_points = 55", 1),
        encoding="utf-8",
    )

    with pytest.raises(StandardLockedError):
        standard_file_load(path=stricter)


def test_a_file_loaded_by_an_older_schema_reloads_when_no_rule_changed(people):
    """A newer schema's optional fields change the file's hash, not what was assessed."""
    version = people.amara_apprenticeship.standard_version
    Apprenticeship.objects.filter(pk=people.amara_apprenticeship.pk).update(status="completed")
    older_rules = json.loads(json.dumps(version.rules))
    del older_rules["methods"][0]["sessions"]["description"]
    StandardVersion.objects.filter(pk=version.pk).update(rules=older_rules, content_hash="older")

    assert standard_file_load(path=SHIPPED).outcome == "updated"
