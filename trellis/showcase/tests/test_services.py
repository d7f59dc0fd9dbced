import io
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pypdf import PdfReader

from trellis.portfolio.decisions import evidence_decision_correct
from trellis.portfolio.models import EvidenceItem
from trellis.portfolio.services import EvidenceDetails, evidence_change, evidence_reopen
from trellis.showcase import downloads, selectors
from trellis.showcase.models import ShowcaseSection, ShowcaseSnapshot, ShowcaseSnapshotFile
from trellis.showcase.services import showcase_section_save, showcase_submit
from trellis.showcase.tests.helpers import (
    NARRATIVE,
    attach_file,
    complete_showcase,
    fill_section,
    secure_item,
    streamed,
    zip_listing,
)
from trellis.standards.models import KSB
from trellis.testing.factories import ApprenticeshipFactory, StandardVersionFactory
from trellis.testing.portfolio_factories import evidence_in_state

pytestmark = pytest.mark.django_db


def save(people, key="theme-1", items=(), narrative=NARRATIVE, revision=0, user=None):
    apprenticeship = people.amara_apprenticeship
    return showcase_section_save(
        apprenticeship=apprenticeship,
        key=key,
        narrative=narrative,
        evidence=list(items),
        revision=revision,
        saved_by=user or people.amara,
    )


def errors_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def test_st0148_has_sixteen_sections(people):
    state = selectors.showcase_state(people.amara_apprenticeship)
    keys = [section.key for section in state.sections]
    assert len(keys) == 16
    assert keys[:2] == ["theme-1", "theme-2"]
    assert keys[11:] == ["ksb-B1", "ksb-B2", "ksb-B3", "ksb-B4", "ksb-B5"]
    assert [ksb.code for ksb in state.sections[0].ksbs] == ["K1", "S1"]
    assert all(section.status == "not_started" for section in state.sections)


def test_the_apprentice_saves_a_section_and_it_is_complete(people):
    item = secure_item(people.amara_apprenticeship, ["K1"])
    section = save(people, items=[item])
    assert section.revision == 1
    assert list(section.evidence.all()) == [item]
    state = selectors.section_state(people.amara_apprenticeship, "theme-1")
    assert state.status == "complete"
    assert state.missing == []


@pytest.mark.parametrize("name", ["carl", "erin", "pat", "quinn", "bea"])
def test_only_the_apprentice_saves_a_section(people, name):
    with pytest.raises(PermissionDenied):
        save(people, user=getattr(people, name))
    assert not ShowcaseSection.objects.exists()


def test_an_unknown_section_is_refused(people):
    with pytest.raises(ValidationError) as excinfo:
        save(people, key="theme-99")
    assert "no section “theme-99”" in errors_of(excinfo)


def test_another_apprenticeships_evidence_is_refused_by_name(people):
    other = secure_item(people.bea_apprenticeship, ["K1"], title="Bea's session")
    with pytest.raises(ValidationError) as excinfo:
        save(people, items=[other])
    assert "“Bea's session” is not evidence of this apprenticeship" in errors_of(excinfo)
    assert not ShowcaseSection.objects.exists()


def test_evidence_not_assessed_is_refused_by_name(people):
    draft = evidence_in_state(people.amara_apprenticeship, status="submitted", title="Plan")
    with pytest.raises(ValidationError) as excinfo:
        save(people, items=[draft])
    assert "“Plan” is awaiting assessment: pick assessed evidence" in errors_of(excinfo)


def test_evidence_working_towards_or_secure_elsewhere_is_refused_by_name(people):
    apprenticeship = people.amara_apprenticeship
    towards = evidence_in_state(
        apprenticeship, status="assessed", judgements={"K1": "working_towards"}, title="Draft plan"
    )
    elsewhere = secure_item(apprenticeship, ["K2"], title="Team meeting")
    with pytest.raises(ValidationError) as excinfo:
        save(people, items=[towards, elsewhere])
    message = errors_of(excinfo)
    assert "“Draft plan” is not secure for K1 or S1" in message
    assert "“Team meeting” is not secure for K1 or S1" in message


def test_a_stale_revision_is_refused_and_nothing_changes(people):
    item = secure_item(people.amara_apprenticeship, ["K1"])
    save(people, items=[item], narrative="First words")
    with pytest.raises(ValidationError) as excinfo:
        save(people, items=[], narrative="Overwriting words", revision=0)
    assert "saved elsewhere since you opened it" in errors_of(excinfo)
    section = ShowcaseSection.objects.get()
    assert section.narrative == "First words"
    assert list(section.evidence.all()) == [item]
    save(people, items=[], narrative="Second words", revision=1)
    assert ShowcaseSection.objects.get().revision == 2


def test_a_long_narrative_is_kept_but_reported_missing(people):
    item = secure_item(people.amara_apprenticeship, ["S1"])
    save(people, items=[item], narrative="word " * 340)
    state = selectors.section_state(people.amara_apprenticeship, "theme-1")
    assert state.status == "narrative_too_long"
    assert state.missing == ["Narrative is 340 words: at most 300"]


def test_reopening_picked_evidence_makes_the_section_incomplete(people):
    item = secure_item(people.amara_apprenticeship, ["K1"], title="Lesson plan")
    save(people, items=[item])
    evidence_reopen(item=item, reopened_by=people.amara)
    state = selectors.section_state(people.amara_apprenticeship, "theme-1")
    assert state.status == "no_longer_secure"
    assert state.missing == ["No evidence picked", "Lesson plan is no longer secure for K1"]


def test_submitting_lists_every_missing_section(people):
    complete_showcase(people.amara_apprenticeship, leave_out="ksb-B5")
    with pytest.raises(ValidationError) as excinfo:
        showcase_submit(apprenticeship=people.amara_apprenticeship, submitted_by=people.amara)
    assert excinfo.value.message_dict["sections"] == [
        "B5: Demonstrate, encourage and expect mutual respect in all professional contexts: "
        "No evidence picked; Narrative not written."
    ]
    assert not ShowcaseSnapshot.objects.exists()


def test_submitting_an_empty_showcase_names_all_sixteen_sections(people):
    with pytest.raises(ValidationError) as excinfo:
        showcase_submit(apprenticeship=people.amara_apprenticeship, submitted_by=people.amara)
    assert len(excinfo.value.message_dict["sections"]) == 16


@pytest.mark.parametrize("name", ["carl", "erin", "pat"])
def test_only_the_apprentice_submits(people, name):
    complete_showcase(people.amara_apprenticeship)
    with pytest.raises(PermissionDenied):
        showcase_submit(
            apprenticeship=people.amara_apprenticeship, submitted_by=getattr(people, name)
        )
    assert not ShowcaseSnapshot.objects.exists()


def _submitted(people):
    items = complete_showcase(people.amara_apprenticeship)
    snapshot = showcase_submit(
        apprenticeship=people.amara_apprenticeship, submitted_by=people.amara
    )
    return items, snapshot


def test_the_snapshot_keeps_every_word(people):
    _, snapshot = _submitted(people)
    content = snapshot.content
    assert snapshot.number == 1
    assert content["apprentice"] == "Amara Example"
    assert content["standard"]["reference"] == "ST0148"
    assert len(content["sections"]) == 16
    first = content["sections"][0]
    assert first["title"].startswith("Theme 1: ")
    assert [ksb["code"] for ksb in first["ksbs"]] == ["K1", "S1"]
    assert first["ksbs"][0]["statement"]
    assert first["narrative"] == NARRATIVE
    (item,) = first["items"]
    assert item["title"] == "Evidence for theme-1"
    assert item["kind"] == "Reflective account"
    assert item["body"]
    assert item["mappings"] == [
        {"code": "K1", "justification": "Shows K1 in practice."},
        {"code": "S1", "justification": "Shows S1 in practice."},
    ]
    assert item["decision"]["decided_by"] == "Carl Example"
    assert item["decision"]["judgements"] == [
        {"code": "K1", "judgement": "Secure"},
        {"code": "S1", "judgement": "Secure"},
    ]
    assert item["files"][0]["archive_name"] == "files/theme-1-1-session-plan.pdf"
    assert item["files"][0]["original_name"] == "session plan.pdf"
    assert ShowcaseSnapshotFile.objects.filter(snapshot=snapshot).count() == 16


def test_removed_files_are_not_in_the_snapshot(people):
    items = complete_showcase(people.amara_apprenticeship)
    removed = attach_file(items["theme-2"], name="old.pdf")
    removed.removed_at = timezone.now()
    removed.save()
    snapshot = showcase_submit(
        apprenticeship=people.amara_apprenticeship, submitted_by=people.amara
    )
    names = [row.evidence_file.original_name for row in snapshot.files.all()]
    assert "old.pdf" not in names


def test_the_pdf_reads_back_with_titles_and_narratives(people):
    _, snapshot = _submitted(people)
    data = snapshot.pdf.read()
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    flat = " ".join(text.split())
    assert "Amara Example" in flat
    assert "Theme 1: Advise, guide and supervise learners" in flat
    assert "B5: Demonstrate, encourage and expect mutual respect" in flat
    assert NARRATIVE in flat
    assert "files/theme-1-1-session-plan.pdf" in flat


def _frozen_view(snapshot):
    snapshot.refresh_from_db()
    return (
        snapshot.content,
        snapshot.pdf_sha256,
        zip_listing(streamed(downloads.zip_response(snapshot))),
    )


def test_the_snapshot_is_unchanged_by_later_edits(people):
    apprenticeship = people.amara_apprenticeship
    items, snapshot = _submitted(people)
    before = _frozen_view(snapshot)
    assert set(before[2]) == {"showcase.pdf"} | {f"files/{key}-1-session-plan.pdf" for key in items}

    # Reopen and change an item, and take a file off it.
    reopened = items["theme-1"]
    evidence_reopen(item=reopened, reopened_by=people.amara)
    reopened.refresh_from_db()
    evidence_change(
        item=reopened,
        changed_by=people.amara,
        details=EvidenceDetails(
            title="Rewritten title", occurred_on=reopened.occurred_on, body="New words"
        ),
        revision=reopened.revision,
    )
    file = reopened.files.get()
    file.removed_at = timezone.now()
    file.removed_by = people.amara
    file.save()
    # Correct the decision on another item to "working towards".
    corrected = EvidenceItem.objects.get(pk=items["theme-2"].pk)
    corrected.apprenticeship = apprenticeship
    evidence_decision_correct(
        decision=corrected.current_decision,
        corrected_by=people.carl,
        reason="S2 was not shown in the session.",
        outcome="assessed",
        judgements={"K2": "working_towards", "S2": "working_towards"},
    )
    # Change the working Showcase.
    fill_section(apprenticeship, "ksb-B1", [items["ksb-B1"]], narrative="Changed afterwards")

    assert _frozen_view(snapshot) == before
    assert snapshot.content["sections"][0]["items"][0]["title"] == "Evidence for theme-1"


def test_submitting_again_makes_a_new_snapshot_and_keeps_the_first(people):
    items, first = _submitted(people)
    fill_section(
        people.amara_apprenticeship,
        "ksb-B1",
        [items["ksb-B1"]],
        narrative="A better account of my motivation.",
    )
    second = showcase_submit(apprenticeship=people.amara_apprenticeship, submitted_by=people.amara)
    assert second.number == 2
    assert second.pdf.name != first.pdf.name
    first.refresh_from_db()
    assert first.content["sections"][11]["narrative"] == NARRATIVE
    assert second.content["sections"][11]["narrative"] == "A better account of my motivation."
    assert ShowcaseSnapshot.objects.count() == 2


def test_a_changed_stored_file_is_never_shipped(people):
    _, snapshot = _submitted(people)
    row = snapshot.files.order_by("archive_name").first()
    with row.evidence_file.file.storage.open(row.evidence_file.file.name, "wb") as handle:
        handle.write(b"tampered")
    response = downloads.zip_response(snapshot)
    assert response.status_code == 500
    assert row.archive_name in response.content.decode()
    assert downloads.changed_files(snapshot) == [row.archive_name]


def test_a_changed_pdf_is_never_shipped(people):
    _, snapshot = _submitted(people)
    with snapshot.pdf.storage.open(snapshot.pdf.name, "wb") as handle:
        handle.write(b"%PDF-1.4 something else")
    assert downloads.pdf_response(snapshot).status_code == 500
    assert downloads.zip_response(snapshot).status_code == 500


def test_a_standard_without_themes_has_a_section_per_ksb(db):
    version = StandardVersionFactory()
    for position, code in enumerate(["K1", "S1", "B1"], start=1):
        KSB.objects.create(
            standard_version=version,
            guid=uuid.uuid4(),
            code=code,
            kind="knowledge",
            statement=f"Statement {code}",
            position=position,
        )
    apprenticeship = ApprenticeshipFactory(standard_version=version)
    state = selectors.showcase_state(apprenticeship)
    assert [section.key for section in state.sections] == ["ksb-K1", "ksb-S1", "ksb-B1"]
    assert state.sections[1].title == "S1: Statement S1"


def test_a_file_changed_while_streaming_stops_the_zip(people, monkeypatch):
    _, snapshot = _submitted(people)
    row = snapshot.files.order_by("archive_name").first()
    with row.evidence_file.file.storage.open(row.evidence_file.file.name, "wb") as handle:
        handle.write(b"tampered")
    # As if the file changed after the check made before streaming began.
    monkeypatch.setattr(downloads, "changed_files", lambda snapshot: [])
    response = downloads.zip_response(snapshot)
    with pytest.raises(downloads.ChangedFileError, match=row.archive_name):
        b"".join(response.streaming_content)
