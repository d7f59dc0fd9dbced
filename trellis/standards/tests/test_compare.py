"""Tests for comparing two versions of a standard by GUID."""

import dataclasses
import itertools

import pytest

from trellis.standards.compare import (
    Comparison,
    DutyContent,
    KsbContent,
    MappingChange,
    VersionContent,
    compare_versions,
    content_from_feed,
)
from trellis.standards.feed import parse_feed_file
from trellis.standards.tests.official import OFFICIAL_DATA_DIR

ST1379_VERSIONS = ("ST1379_0.0", "ST1379_1.0", "ST1379_1.1", "ST1379_1.2", "ST1379_1.3")
NOTHING_CHANGED = [
    "No KSB changes.",
    "No duty changes.",
    "No changes to which KSBs each duty covers.",
]


def _content(name: str) -> VersionContent:
    """Return the KSBs and duties of the official record called name."""
    [record] = parse_feed_file(OFFICIAL_DATA_DIR / f"{name}.json")
    return content_from_feed(record)


def _guid(number: int) -> str:
    return f"00000000-0000-4000-8000-{number:012d}"


K1 = KsbContent(_guid(1), "K1", "knowledge", "How mentoring contracts work")
K2 = KsbContent(_guid(2), "K2", "knowledge", "Safeguarding duties")
S1 = KsbContent(_guid(3), "S1", "skill", "Plan mentoring sessions")
S2 = KsbContent(_guid(4), "S2", "skill", "Keep records")
B1 = KsbContent(_guid(5), "B1", "behaviour", "Act ethically")
DUTY_1 = DutyContent(_guid(101), "Plan mentoring", (K1.id, S1.id))
DUTY_2 = DutyContent(_guid(102), "Keep records", (S2.id, B1.id))
BASE = VersionContent("ST9999", "1.0", (K1, K2, S1, S2, B1), (DUTY_1, DUTY_2))


def _version(
    ksbs: tuple[KsbContent, ...] = BASE.ksbs, duties: tuple[DutyContent, ...] = BASE.duties
) -> VersionContent:
    return VersionContent("ST9999", "1.1", ksbs, duties)


# --- Official records -------------------------------------------------------------------------


def test_st1379_v1_0_to_v1_3_has_no_changes() -> None:
    comparison = compare_versions(_content("ST1379_1.0"), _content("ST1379_1.3"))
    assert not comparison.has_ksb_changes
    assert not comparison.has_duty_changes
    assert not comparison.has_mapping_changes
    assert not comparison.has_changes
    assert comparison.summary() == NOTHING_CHANGED
    assert "No KSB changes." in comparison.summary()


@pytest.mark.parametrize(("old", "new"), list(itertools.pairwise(ST1379_VERSIONS)))
def test_each_st1379_version_keeps_its_ksbs_and_duties(old: str, new: str) -> None:
    assert compare_versions(_content(old), _content(new)).summary() == NOTHING_CHANGED


def test_different_standards_compare_by_guid() -> None:
    old, new = _content("ST0148_1.0"), _content("ST1379_1.3")
    comparison = compare_versions(old, new)
    assert comparison.ksbs_added == list(new.ksbs)
    assert comparison.ksbs_removed == list(old.ksbs)
    assert comparison.ksbs_reworded == []
    assert comparison.ksbs_recoded == []
    assert comparison.duties_added == list(new.duties)
    assert comparison.duties_removed == []
    assert comparison.mappings_changed == []
    summary = comparison.summary()
    assert "No KSB changes." not in summary
    assert summary[0] == (
        "Added K1: The roles and responsibilities of a mentor, understanding the organisational "
        "and professional boundaries, legal and ethical requirements, including safeguarding"
    )
    assert (
        "Removed B5: Demonstrate, encourage and expect mutual respect in all professional contexts"
        in summary
    )
    assert any(line.startswith("Added duty 9: Maintain records of mentoring") for line in summary)
    assert summary[-1] == "No changes to which KSBs each duty covers."


def test_content_from_feed_keeps_ids_codes_and_mappings() -> None:
    [record] = parse_feed_file(OFFICIAL_DATA_DIR / "ST1379_1.3.json")
    content = content_from_feed(record)
    assert (content.reference, content.version) == ("ST1379", "1.3")
    assert [(k.id, k.code, k.kind, k.statement) for k in content.ksbs] == [
        (k.id, k.code, k.kind, k.statement) for k in record.ksbs
    ]
    assert [(d.id, d.statement, d.ksb_ids) for d in content.duties] == [
        (d.id, d.statement, d.ksb_ids) for d in record.duties
    ]


# --- Synthetic changes ------------------------------------------------------------------------


def test_same_version_has_no_changes() -> None:
    comparison = compare_versions(BASE, _version())
    assert isinstance(comparison, Comparison)
    assert comparison.summary() == NOTHING_CHANGED


def test_reworded_ksb() -> None:
    reworded = dataclasses.replace(K2, statement="Safeguarding and Prevent duties")
    comparison = compare_versions(BASE, _version(ksbs=(K1, reworded, S1, S2, B1)))
    assert comparison.ksbs_reworded == [(K2, reworded)]
    assert comparison.ksbs_recoded == []
    assert comparison.has_ksb_changes
    assert comparison.summary() == [
        "K2 reworded: Safeguarding and Prevent duties",
        "No duty changes.",
        "No changes to which KSBs each duty covers.",
    ]


def test_recoded_ksb() -> None:
    # S1 and S2 swap places, so each keeps its GUID and takes the other's code.
    new_s1 = dataclasses.replace(S2, code="S1")
    new_s2 = dataclasses.replace(S1, code="S2")
    comparison = compare_versions(BASE, _version(ksbs=(K1, K2, new_s1, new_s2, B1)))
    assert comparison.ksbs_recoded == [(S2, new_s1), (S1, new_s2)]
    assert comparison.ksbs_reworded == []
    assert comparison.ksbs_added == comparison.ksbs_removed == []
    assert comparison.summary()[:2] == ["S2 is now S1", "S1 is now S2"]
    assert "No KSB changes." not in comparison.summary()


def test_added_and_removed_ksbs() -> None:
    s3 = KsbContent(_guid(6), "S3", "skill", "Evaluate mentoring")
    duty_2 = dataclasses.replace(DUTY_2, ksb_ids=(S2.id,))
    comparison = compare_versions(
        BASE, _version(ksbs=(K1, K2, S1, S2, s3), duties=(DUTY_1, duty_2))
    )
    assert comparison.ksbs_added == [s3]
    assert comparison.ksbs_removed == [B1]
    summary = comparison.summary()
    assert summary[:2] == ["Added S3: Evaluate mentoring", "Removed B1: Act ethically"]
    # The removed KSB is named by its code in the old version.
    assert summary[-1] == "Duty 2 no longer covers B1"


def test_duty_mapping_added_and_removed() -> None:
    duty_2 = dataclasses.replace(DUTY_2, ksb_ids=(K2.id, S2.id, S1.id))
    comparison = compare_versions(BASE, _version(duties=(DUTY_1, duty_2)))
    assert comparison.mappings_changed == [
        MappingChange(
            old_duty=DUTY_2,
            new_duty=duty_2,
            duty_number=2,
            codes_added=("K2", "S1"),
            codes_removed=("B1",),
        )
    ]
    assert not comparison.has_duty_changes
    assert comparison.has_mapping_changes
    assert comparison.summary() == [
        "No KSB changes.",
        "No duty changes.",
        "Duty 2 now also covers K2, S1 and no longer covers B1",
    ]


def test_mapping_codes_come_from_each_version() -> None:
    # K2 becomes K3 in the new version and duty 1 starts covering it.
    k3 = dataclasses.replace(K2, code="K3")
    duty_1 = dataclasses.replace(DUTY_1, ksb_ids=(K1.id, k3.id, S1.id))
    comparison = compare_versions(
        BASE, _version(ksbs=(K1, k3, S1, S2, B1), duties=(duty_1, DUTY_2))
    )
    [change] = comparison.mappings_changed
    assert (change.codes_added, change.codes_removed) == (("K3",), ())
    assert "Duty 1 now also covers K3" in comparison.summary()


def test_duties_added_removed_and_reworded_are_numbered_by_position() -> None:
    duty_3 = DutyContent(_guid(103), "Evaluate mentoring", (S1.id,))
    reworded = dataclasses.replace(DUTY_2, statement="Keep accurate records")
    comparison = compare_versions(BASE, _version(duties=(reworded, duty_3)))
    assert comparison.duties_removed == [DUTY_1]
    assert comparison.duties_added == [duty_3]
    assert comparison.duties_reworded == [(DUTY_2, reworded)]
    assert comparison.has_duty_changes
    assert comparison.summary() == [
        "No KSB changes.",
        "Added duty 2: Evaluate mentoring",
        "Removed duty 1: Plan mentoring",
        "Duty 1 reworded: Keep accurate records",
        "No changes to which KSBs each duty covers.",
    ]
