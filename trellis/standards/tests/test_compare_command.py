from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from trellis.standards.models import StandardVersion
from trellis.standards.tests.official import OFFICIAL_DATA_DIR

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("compare_standards", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def official(db):
    """Import every official record kept for tests, then load the shipped data files."""
    call_command("import_ifate", OFFICIAL_DATA_DIR, verbosity=0)
    call_command("load_standards", verbosity=0)


def test_st1379_1_0_to_1_3_has_no_changes(official):
    output = run("ST1379", "1.0", "1.3")

    assert output.splitlines() == [
        "ST1379 version 1.0 to version 1.3",
        "",
        "No KSB changes.",
        "No duty changes.",
        "No changes to which KSBs each duty covers.",
    ]


def test_the_summary_comes_first_then_the_old_and_new_wording(official):
    newest = StandardVersion.objects.get(standard__reference="ST1379", version="1.3")
    newest.ksbs.filter(code="K2").update(statement="How to agree a mentoring contract")
    newest.duties.filter(position=1).update(statement="Agree the mentoring contract")
    newest.duties.get(position=0).ksbs.remove(newest.ksbs.get(code="K16"))

    lines = run("ST1379", "1.0", "1.3").splitlines()

    assert lines[2:6] == [
        "K2 reworded: How to agree a mentoring contract",
        "Duty 2 reworded: Agree the mentoring contract",
        "Duty 1 no longer covers K16",
        "",
    ]
    assert lines[6:10] == [
        "Reworded KSBs",
        "  K2",
        "    1.0: How to establish and manage a mentoring contract",
        "    1.3: How to agree a mentoring contract",
    ]
    assert "Reworded duties" in lines
    assert "  Duty 2" in lines
    assert "    1.3: Agree the mentoring contract" in lines
    mappings = lines[lines.index("Duties that now cover different KSBs") :]
    assert mappings[1].startswith("  Duty 1: Plan, conduct and record mentoring activities")
    assert mappings[2] == "    No longer covers K16"


def test_a_version_not_loaded_is_refused_naming_those_that_are(official):
    with pytest.raises(CommandError) as error:
        run("ST1379", "1.0", "2.0")

    assert str(error.value) == (
        "Version 2.0 of ST1379 is not loaded. Choose one of 0.0, 1.0, 1.1, 1.2 and 1.3."
    )


def test_a_standard_not_loaded_is_refused_naming_those_that_are(official):
    with pytest.raises(CommandError, match=r"^ST9999 is not loaded\. Loaded standards: ST0148, "):
        run("ST9999", "1.0", "1.1")


def test_a_version_cannot_be_compared_with_itself(official):
    with pytest.raises(CommandError, match="Choose two different versions"):
        run("ST1379", "1.3", "1.3")


def test_versions_of_different_standards_cannot_be_compared(official):
    # Versions belong to one standard, so ST1379's 1.3 is no version of ST0148.
    with pytest.raises(CommandError) as error:
        run("ST0148", "1.0", "1.3")

    assert str(error.value) == "Version 1.3 of ST0148 is not loaded. Only version 1.0 is loaded."


def test_nothing_loaded_says_what_to_run(db):
    with pytest.raises(CommandError, match="nor is any other standard: run import_ifate"):
        run("ST1379", "1.0", "1.3")
