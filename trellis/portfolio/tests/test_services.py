from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from trellis.portfolio.decisions import evidence_assess, evidence_submit
from trellis.portfolio.models import EvidenceFile, EvidenceItem, KsbCoverage
from trellis.portfolio.services import (
    EvidenceDetails,
    evidence_change,
    evidence_create,
    evidence_delete,
    evidence_file_add,
    evidence_file_remove,
    evidence_map,
    evidence_reopen,
    preselected_ksbs,
)
from trellis.portfolio.tests import samples
from trellis.testing.portfolio_factories import EvidenceItemFactory, evidence_in_state, map_ksbs

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _details(**changes) -> EvidenceDetails:
    values = {"title": "First session", "occurred_on": date(2026, 6, 1), "body": "I planned it."}
    return EvidenceDetails(**(values | changes))


def _stored(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _draft(people, **fields):
    return EvidenceItemFactory(apprenticeship=people.amara_apprenticeship, **fields)


# Creating


def test_the_apprentice_creates_a_draft_reflective_account(people):
    item = evidence_create(
        apprenticeship=people.amara_apprenticeship,
        created_by=people.amara,
        kind="reflective_account",
        details=_details(title="  First session  "),
    )
    assert item.status == EvidenceItem.Status.DRAFT
    assert item.title == "First session"
    assert item.revision == 1


@pytest.mark.parametrize(
    ("who", "kind"),
    [("amara", "observation"), ("carl", "reflective_account"), ("erin", "file"), ("pat", "file")],
)
def test_a_kind_the_person_does_not_write_is_refused(people, who, kind):
    with pytest.raises(PermissionDenied):
        evidence_create(
            apprenticeship=people.amara_apprenticeship,
            created_by=getattr(people, who),
            kind=kind,
            details=_details(),
        )


@pytest.mark.parametrize("who", ["quinn", "dina", "otto"])
def test_people_who_write_no_evidence_are_refused(people, who):
    with pytest.raises(PermissionDenied):
        evidence_create(
            apprenticeship=people.amara_apprenticeship,
            created_by=getattr(people, who),
            kind="witness_testimony",
            details=_details(witness_name="W", witness_role="R"),
        )


def test_the_consultant_writes_an_observation_and_the_employer_a_testimony(people):
    observation = evidence_create(
        apprenticeship=people.amara_apprenticeship,
        created_by=people.carl,
        kind="observation",
        details=_details(),
    )
    testimony = evidence_create(
        apprenticeship=people.amara_apprenticeship,
        created_by=people.erin,
        kind="witness_testimony",
        details=_details(witness_name="Erin Example", witness_role="Line manager"),
    )
    assert observation.kind == "observation"
    assert testimony.witness_role == "Line manager"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"occurred_on": TODAY + timedelta(days=1)}, "occurred_on", "today or in the past"),
        ({"occurred_on": date(2026, 1, 4)}, "occurred_on", "on or after the start"),
        ({"title": " "}, "title", "short title"),
        ({"body": " "}, "body", "Write the reflective account."),
    ],
)
def test_refused_details_say_what_to_fix(people, changes, field, message):
    with pytest.raises(ValidationError) as raised:
        evidence_create(
            apprenticeship=people.amara_apprenticeship,
            created_by=people.amara,
            kind="reflective_account",
            details=_details(**changes),
        )
    assert message in raised.value.message_dict[field][0]
    assert not EvidenceItem.objects.exists()


def test_the_start_date_itself_is_accepted(people):
    item = evidence_create(
        apprenticeship=people.amara_apprenticeship,
        created_by=people.amara,
        kind="reflective_account",
        details=_details(occurred_on=people.amara_apprenticeship.start_date),
    )
    assert item.pk


def test_a_witness_testimony_needs_the_witness_name_and_role(people):
    with pytest.raises(ValidationError) as raised:
        evidence_create(
            apprenticeship=people.amara_apprenticeship,
            created_by=people.amara,
            kind="witness_testimony",
            details=_details(),
        )
    assert set(raised.value.message_dict) == {"witness_name", "witness_role"}


def test_a_file_item_needs_no_words(people):
    item = evidence_create(
        apprenticeship=people.amara_apprenticeship,
        created_by=people.amara,
        kind="file",
        details=_details(body=""),
    )
    assert item.body == ""


# Changing


def test_change_saves_and_raises_the_revision(people):
    item = _draft(people)
    changed = evidence_change(
        item=item, changed_by=people.amara, details=_details(title="Better"), revision=1
    )
    item.refresh_from_db()
    assert (item.title, item.revision, changed.revision) == ("Better", 2, 2)


def test_a_stale_revision_is_refused_and_nothing_is_overwritten(people):
    item = _draft(people)
    evidence_change(item=item, changed_by=people.amara, details=_details(title="Mine"), revision=1)
    with pytest.raises(ValidationError) as raised:
        evidence_change(
            item=item, changed_by=people.amara, details=_details(title="Theirs"), revision=1
        )
    assert "Someone else changed this item" in raised.value.message_dict["revision"][0]
    item.refresh_from_db()
    assert item.title == "Mine"


@pytest.mark.parametrize("status", ["submitted", "assessed"])
def test_an_item_awaiting_or_assessed_cannot_be_changed(people, status):
    item = evidence_in_state(people.amara_apprenticeship, status=status)
    with pytest.raises(ValidationError) as raised:
        evidence_change(
            item=item, changed_by=people.amara, details=_details(), revision=item.revision
        )
    assert "status" in raised.value.message_dict


def test_a_returned_item_can_be_changed(people):
    item = evidence_in_state(people.amara_apprenticeship, status="returned")
    evidence_change(
        item=item,
        changed_by=people.amara,
        details=_details(title="Improved"),
        revision=item.revision,
    )
    item.refresh_from_db()
    assert item.title == "Improved"


@pytest.mark.parametrize("who", ["carl", "erin", "bea"])
def test_only_the_writer_or_the_owner_changes_an_item(people, who):
    item = _draft(people)
    with pytest.raises(PermissionDenied):
        evidence_change(item=item, changed_by=getattr(people, who), details=_details(), revision=1)


# Mapping


def test_mapping_sets_replaces_and_updates_justifications(people):
    item = _draft(people)
    evidence_map(item=item, mapped_by=people.amara, justifications={"K1": "a", "S1": "b"})
    evidence_map(item=item, mapped_by=people.amara, justifications={"S1": "better", "B1": "c"})
    assert {m.ksb.code: m.justification for m in item.mappings.all()} == {
        "S1": "better",
        "B1": "c",
    }


@pytest.mark.parametrize(
    ("justifications", "field", "message"),
    [
        ({}, "ksbs", "at least one KSB"),
        ({"K99": "x"}, "ksbs", "Not KSBs of this apprenticeship's standard: K99."),
        ({"K1": " "}, "justification_K1", "how the evidence shows K1"),
        ({"K1": "x" * 501}, "justification_K1", "500 characters or fewer; it has 501"),
    ],
)
def test_a_refused_mapping_says_what_to_fix_and_keeps_the_old_one(
    people, justifications, field, message
):
    item = _draft(people)
    map_ksbs(item, ["K2"])
    with pytest.raises(ValidationError) as raised:
        evidence_map(item=item, mapped_by=people.amara, justifications=justifications)
    assert message in raised.value.message_dict[field][0]
    assert [m.ksb.code for m in item.mappings.all()] == ["K2"]


def test_a_justification_of_500_characters_is_accepted(people):
    item = _draft(people)
    evidence_map(item=item, mapped_by=people.amara, justifications={"K1": "x" * 500})
    assert item.mappings.count() == 1


def test_only_the_owning_side_maps(people):
    item = _draft(people)
    with pytest.raises(PermissionDenied):
        evidence_map(item=item, mapped_by=people.carl, justifications={"K1": "x"})


def test_a_submitted_item_cannot_be_remapped(people):
    item = evidence_in_state(people.amara_apprenticeship, status="submitted")
    with pytest.raises(ValidationError):
        evidence_map(item=item, mapped_by=people.amara, justifications={"K2": "x"})


def test_a_mentoring_session_item_preselects_the_session_ksbs(people):
    from trellis.mentoring.models import MentoringSession
    from trellis.standards.models import KSB

    session = MentoringSession.objects.create(
        apprenticeship=people.amara_apprenticeship,
        learner_ref="L-01",
        held_on=date(2026, 6, 1),
        duration_minutes=60,
        setting="Workshop",
        what_was_done="Planning",
        logged_by=people.amara,
    )
    session.ksbs.set(KSB.objects.filter(code__in=["K2", "S2"]))
    item = _draft(people, kind="mentoring_session", mentoring_session=session)
    assert preselected_ksbs(item) == ["K2", "S2"]
    map_ksbs(item, ["B1"])
    assert preselected_ksbs(item) == ["B1"]


# Files


def _upload(name="report.pdf", content=samples.PDF):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_a_file_is_stored_under_a_random_name_with_its_hash(people, settings):
    item = _draft(people, kind="file")
    stored = evidence_file_add(
        item=item, uploaded_by=people.amara, upload=_upload("../My report.pdf")
    )
    assert stored.original_name == "My report.pdf"
    assert stored.content_type == "application/pdf"
    assert stored.size == len(samples.PDF)
    assert len(stored.sha256) == 64
    assert stored.file.name.startswith("evidence/") and "report" not in stored.file.name
    assert [p.read_bytes() for p in _stored(settings)] == [samples.PDF]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", samples.PNG),
        ("letter.docx", samples.PLAIN_ZIP),
        ("setup.exe", samples.EXE),
        ("empty.pdf", b""),
    ],
)
def test_a_refused_upload_leaves_nothing_behind(people, settings, name, content):
    item = _draft(people, kind="file")
    with pytest.raises(ValidationError) as raised:
        evidence_file_add(item=item, uploaded_by=people.amara, upload=_upload(name, content))
    assert "file" in raised.value.message_dict
    assert _stored(settings) == []
    assert not EvidenceFile.objects.exists()


def test_an_upload_over_the_limit_is_refused(people, settings):
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    item = _draft(people, kind="file")
    big = samples.PDF + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as raised:
        evidence_file_add(item=item, uploaded_by=people.amara, upload=_upload("big.pdf", big))
    assert "smaller than 1 MB" in raised.value.message_dict["file"][0]
    assert _stored(settings) == []


def test_a_failure_after_storing_removes_the_stored_file(people, settings, monkeypatch):
    item = _draft(people, kind="file")

    def fail(self, *args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(EvidenceFile, "save", fail)
    with pytest.raises(RuntimeError):
        evidence_file_add(item=item, uploaded_by=people.amara, upload=_upload())
    assert _stored(settings) == []


def test_an_upload_to_an_item_awaiting_assessment_is_refused(people, settings):
    item = evidence_in_state(people.amara_apprenticeship, status="submitted")
    with pytest.raises(ValidationError):
        evidence_file_add(item=item, uploaded_by=people.amara, upload=_upload())
    assert _stored(settings) == []


def test_others_cannot_add_files(people, settings):
    item = _draft(people, kind="file")
    with pytest.raises(PermissionDenied):
        evidence_file_add(item=item, uploaded_by=people.erin, upload=_upload())
    assert _stored(settings) == []


def test_removing_a_file_keeps_it_marked_removed(people, settings):
    item = _draft(people, kind="file")
    stored = evidence_file_add(item=item, uploaded_by=people.amara, upload=_upload())
    evidence_file_remove(evidence_file=stored, removed_by=people.amara)
    stored.refresh_from_db()
    assert stored.removed_by == people.amara and stored.removed_at is not None
    assert len(_stored(settings)) == 1
    with pytest.raises(ValidationError):
        evidence_file_remove(evidence_file=stored, removed_by=people.amara)


def test_a_file_cannot_be_removed_once_submitted(people):
    item = _draft(people, kind="file")
    stored = evidence_file_add(item=item, uploaded_by=people.amara, upload=_upload())
    map_ksbs(item, ["K1"])
    evidence_submit(item=item, submitted_by=people.amara)
    with pytest.raises(ValidationError) as raised:
        evidence_file_remove(evidence_file=stored, removed_by=people.amara)
    assert "awaiting assessment" in raised.value.message_dict["status"][0]


# Reopening and deleting


def test_reopening_an_assessed_item_takes_it_out_of_coverage(people):
    apprenticeship = people.amara_apprenticeship
    item = evidence_in_state(apprenticeship, status="assessed", judgements={"K1": "secure"})
    assert KsbCoverage.objects.filter(apprenticeship=apprenticeship).count() == 1
    evidence_reopen(item=item, reopened_by=people.amara)
    item.refresh_from_db()
    assert item.status == EvidenceItem.Status.DRAFT
    assert not KsbCoverage.objects.filter(apprenticeship=apprenticeship).exists()
    evidence_change(item=item, changed_by=people.amara, details=_details(), revision=item.revision)
    evidence_submit(item=item, submitted_by=people.amara)
    evidence_assess(item=item, assessed_by=people.carl, judgements={"K1": "secure"})
    assert KsbCoverage.objects.get(apprenticeship=apprenticeship).state == "secure"
    assert item.decisions.count() == 2


@pytest.mark.parametrize("status", ["draft", "submitted", "returned"])
def test_only_an_assessed_item_is_reopened(people, status):
    item = evidence_in_state(people.amara_apprenticeship, status=status)
    with pytest.raises(ValidationError):
        evidence_reopen(item=item, reopened_by=people.amara)


def test_only_the_owner_reopens(people):
    item = evidence_in_state(people.amara_apprenticeship, status="assessed")
    with pytest.raises(PermissionDenied):
        evidence_reopen(item=item, reopened_by=people.carl)


def test_deleting_a_draft_removes_its_files_from_storage(
    people, settings, django_capture_on_commit_callbacks
):
    item = _draft(people, kind="file")
    evidence_file_add(item=item, uploaded_by=people.amara, upload=_upload())
    with django_capture_on_commit_callbacks(execute=True):
        evidence_delete(item=item, deleted_by=people.amara)
    assert not EvidenceItem.objects.exists()
    assert _stored(settings) == []


@pytest.mark.parametrize("status", ["submitted", "returned", "assessed"])
def test_an_item_ever_submitted_is_never_deleted(people, status):
    item = evidence_in_state(people.amara_apprenticeship, status=status)
    with pytest.raises(ValidationError):
        evidence_delete(item=item, deleted_by=people.amara)
    assert EvidenceItem.objects.filter(pk=item.pk).exists()


def test_a_reopened_item_is_not_deleted(people):
    item = evidence_in_state(people.amara_apprenticeship, status="assessed")
    evidence_reopen(item=item, reopened_by=people.amara)
    with pytest.raises(ValidationError) as raised:
        evidence_delete(item=item, deleted_by=people.amara)
    assert "never been submitted" in raised.value.message_dict["status"][0]


def test_others_cannot_delete(people):
    item = _draft(people)
    with pytest.raises(PermissionDenied):
        evidence_delete(item=item, deleted_by=people.carl)
