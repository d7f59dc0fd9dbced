import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from trellis.apprenticeships.models import Apprenticeship
from trellis.standards.datafile import DATA_DIR, parse_standard_file
from trellis.standards.models import KSB, Standard, StandardVersion
from trellis.standards.tests.official import official_ksbs, official_record

pytestmark = pytest.mark.django_db

SHIPPED = DATA_DIR / "ST0148-1.0.toml"


def run(*args: str, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def copy_of_shipped(folder: Path, old: str = "", new: str = "", name: str = SHIPPED.name) -> Path:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    path = folder / name
    path.write_text(text.replace(old, new, 1) if old else text, encoding="utf-8")
    return path


# --- load_standards ---------------------------------------------------------------------------


SHIPPED_OUTCOMES = ["ST0148 v1.0", "ST1379 v1.0", "ST1379 v1.1", "ST1379 v1.2", "ST1379 v1.3"]


def test_load_standards_loads_every_file_in_the_standards_folder():
    run("import_ifate", verbosity=0)
    assert run("load_standards").splitlines() == [f"{v}: updated" for v in SHIPPED_OUTCOMES]
    assert run("load_standards").splitlines() == [f"{v}: unchanged" for v in SHIPPED_OUTCOMES]
    assert StandardVersion.objects.get(standard__reference="ST0148").ksbs.count() == 27
    assert StandardVersion.objects.filter(rules__isnull=False).count() == 5


def test_load_standards_refuses_rules_for_a_version_the_feed_has_not_given():
    with pytest.raises(CommandError, match=r"run manage\.py import_ifate first"):
        run("load_standards")
    assert not Standard.objects.exists()


def test_load_standards_reports_an_updated_version(tmp_path):
    run("load_standards", str(SHIPPED))
    changed = copy_of_shipped(tmp_path, "min_points = 54", "min_points = 55")

    assert run("load_standards", str(changed)) == "ST0148 v1.0: updated\n"


def test_load_standards_takes_files_and_folders(tmp_path):
    copy_of_shipped(tmp_path, 'version = "1.0"', 'version = "1.1"', name="ST0148-1.1.toml")

    output = run("load_standards", str(SHIPPED), str(tmp_path))

    assert output.splitlines() == ["ST0148 v1.0: created", "ST0148 v1.1: created"]


def test_load_standards_prints_nothing_when_asked_to_be_quiet():
    assert run("load_standards", str(SHIPPED), verbosity=0) == ""
    assert Standard.objects.exists()


def test_a_bad_file_is_refused_naming_the_file_and_field_and_nothing_is_loaded(tmp_path):
    bad = copy_of_shipped(tmp_path, 'ksbs = ["K4", "S4"]', 'ksbs = ["K4", "S99"]', name="bad.toml")

    with pytest.raises(CommandError) as caught:
        run("load_standards", str(SHIPPED), str(bad))

    assert str(caught.value) == "bad.toml: methods[0].criteria[3].ksbs[1]: no KSB has code S99"
    assert not Standard.objects.exists()


def test_a_missing_file_is_named(tmp_path):
    missing = tmp_path / "ST0148-9.9.toml"

    with pytest.raises(CommandError, match=f"^No such file: {missing}$"):
        run("load_standards", str(SHIPPED), str(missing))

    assert not Standard.objects.exists()


def test_a_folder_without_data_files_is_refused(tmp_path, settings):
    settings.TRELLIS_STANDARDS_DIR = tmp_path

    with pytest.raises(CommandError, match=r"No standard data files \(\*\.toml\) in "):
        run("load_standards")


def test_a_locked_version_is_refused_with_the_way_forward(tmp_path, people):
    Apprenticeship.objects.filter(pk=people.amara_apprenticeship.pk).update(status="completed")
    changed = copy_of_shipped(tmp_path, "min_points = 54", "min_points = 55")

    with pytest.raises(CommandError, match=r"Add a new version \(for example ST0148-1\.1\.toml\)"):
        run("load_standards", str(changed))

    pass_rule = StandardVersion.objects.get().rules["methods"][0]["grading"]["grades"][0]
    assert pass_rule["min_points"] == 54


# --- export_standard --------------------------------------------------------------------------


def test_export_gives_every_ksb_with_its_official_id_and_wording(learning_mentor):
    exported = json.loads(run("export_standard", "ST0148", "--json"))

    kinds = [k["kind"] for k in exported["ksbs"]]
    assert (kinds.count("knowledge"), kinds.count("skill"), kinds.count("behaviour")) == (11, 11, 5)
    assert len(exported["themes"]) == 11
    assert [m["code"] for m in exported["methods"]] == ["LMO", "PD"]
    official = official_ksbs(official_record("ST0148_1.0"))
    assert [
        {key: k[key] for key in ("id", "code", "kind", "statement")} for k in exported["ksbs"]
    ] == (official)


def test_export_equals_the_data_file_export(learning_mentor):
    exported = json.loads(run("export_standard", "ST0148", "--version", "1.0", "--json"))

    assert exported == parse_standard_file(SHIPPED).export()


def test_export_comes_from_the_database(learning_mentor):
    KSB.objects.filter(code="K1").update(statement="Changed in the database")

    exported = json.loads(run("export_standard", "ST0148", json=True))

    assert exported["ksbs"][0]["statement"] == "Changed in the database"


def test_export_without_a_version_gives_the_highest(tmp_path):
    for version in ["1.9", "1.10"]:
        copy_of_shipped(
            tmp_path, 'version = "1.0"', f'version = "{version}"', name=f"ST0148-{version}.toml"
        )
    run("load_standards", str(tmp_path))

    assert json.loads(run("export_standard", "ST0148", "--json"))["version"] == "1.10"


def test_export_as_text_lists_themes_behaviours_and_methods(learning_mentor):
    text = run("export_standard", "ST0148")

    assert text.startswith("ST0148 v1.0 Learning mentor\n")
    assert "\nTheme 1: Advise, guide and supervise learners\n  K1   Effective practice" in text
    assert "\n  B5   Demonstrate, encourage and expect mutual respect" in text
    assert "\nMethod LMO: Learning mentor observation, 64%\n" in text
    assert "  120 minutes in total, ±10% (108 to 132 minutes).\n" in text
    assert "the total is out of 36. [unconfirmed]\n" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ST9999"], "ST9999 is not loaded. Loaded: ST0148 v1.0."),
        (["ST0148", "--version", "2.0"], "ST0148 v2.0 is not loaded. Loaded: ST0148 v1.0."),
    ],
)
def test_export_of_an_unknown_standard_lists_what_is_loaded(learning_mentor, args, message):
    with pytest.raises(CommandError) as caught:
        run("export_standard", *args)

    assert str(caught.value) == message


def test_export_before_anything_is_loaded_says_what_to_run():
    with pytest.raises(CommandError, match="run load_standards"):
        run("export_standard", "ST0148")
