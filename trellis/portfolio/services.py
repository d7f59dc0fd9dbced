"""Writes to the portfolio's evidence: create, change, map to KSBs, add and remove files,
reopen and delete. Decisions on submitted items live in decisions.py."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.caseload.services import caseload_summary_refresh
from trellis.organisations.models import User
from trellis.portfolio import access, files, rules
from trellis.portfolio.coverage import ksb_coverage_refresh
from trellis.portfolio.models import EvidenceFile, EvidenceItem, EvidenceKind, EvidenceKsb
from trellis.standards.models import KSB
from trellis.uploads import check_upload, sha256_of

JUSTIFICATION_MAX = 500


@dataclass(frozen=True)
class EvidenceDetails:
    """What an item says: its title, the date of the evidence and, for written kinds, the
    words; a witness testimony names the witness and their role."""

    title: str
    occurred_on: date
    body: str = ""
    witness_name: str = ""
    witness_role: str = ""


def justification_field(code: str) -> str:
    """Return the name under which a KSB's justification (and its error) travels."""
    return f"justification_{code}"


def _refusals(apprenticeship: Apprenticeship, kind: str, details: EvidenceDetails) -> dict:
    errors: dict[str, str] = {}
    if not details.title.strip():
        errors["title"] = "Give the evidence a short title."
    today = timezone.localdate()
    if details.occurred_on is None:
        errors["occurred_on"] = "Give the date of the evidence."
    elif details.occurred_on > today:
        errors["occurred_on"] = "The date of the evidence must be today or in the past."
    elif details.occurred_on < apprenticeship.start_date:
        errors["occurred_on"] = (
            "The date of the evidence must be on or after the start of the apprenticeship, "
            f"{apprenticeship.start_date:%-d %B %Y}."
        )
    if kind == EvidenceKind.WITNESS_TESTIMONY:
        if not details.witness_name.strip():
            errors["witness_name"] = "Give the name of the witness."
        if not details.witness_role.strip():
            errors["witness_role"] = "Give the witness's role, such as line manager."
    if kind in rules.WRITTEN_KINDS and not details.body.strip():
        errors["body"] = {
            EvidenceKind.WITNESS_TESTIMONY: "Write the witness's testimony.",
            EvidenceKind.REFLECTIVE_ACCOUNT: "Write the reflective account.",
        }.get(kind, "Write the notes.")
    return errors


def _apply(item: EvidenceItem, details: EvidenceDetails) -> None:
    item.title = details.title.strip()
    item.occurred_on = details.occurred_on
    item.body = details.body.strip()
    is_testimony = item.kind == EvidenceKind.WITNESS_TESTIMONY
    item.witness_name = details.witness_name.strip() if is_testimony else ""
    item.witness_role = details.witness_role.strip() if is_testimony else ""


def evidence_create(
    *, apprenticeship: Apprenticeship, created_by: User, kind: str, details: EvidenceDetails
) -> EvidenceItem:
    """Add a draft item of a kind this person writes."""
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": "Choose what kind of evidence this is."})
    access.require_can_create(created_by, apprenticeship, kind)
    errors = _refusals(apprenticeship, kind, details)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = EvidenceItem(apprenticeship=apprenticeship, kind=kind, created_by=created_by)
        _apply(item, details)
        item.full_clean(
            exclude=["apprenticeship", "created_by", "current_decision"], validate_constraints=False
        )
        item.save()
    return item


def _locked(item: EvidenceItem) -> EvidenceItem:
    """Return the item read again under a row lock, so that two writes cannot cross."""
    locked = EvidenceItem.objects.select_for_update().get(pk=item.pk)
    locked.apprenticeship = item.apprenticeship
    return locked


def _require_changeable(item: EvidenceItem, revision: int | None) -> None:
    refusal = rules.refuse_change(item.status)
    if refusal:
        raise ValidationError({"status": refusal})
    if revision is not None and revision != item.revision:
        raise ValidationError(
            {
                "revision": "Someone else changed this item after you opened it, so your "
                "changes have not been saved. Open it again to see theirs, then make yours."
            }
        )


def _touch(item: EvidenceItem, *fields: str) -> None:
    item.revision += 1
    item.save(update_fields=[*fields, "revision", "updated_at"])


def evidence_change(
    *, item: EvidenceItem, changed_by: User, details: EvidenceDetails, revision: int
) -> EvidenceItem:
    """Change a draft or returned item's words. `revision` is the one the person saw: if the
    item has changed since, nothing is overwritten."""
    access.require_can_change(changed_by, item)
    with transaction.atomic():
        item = _locked(item)
        _require_changeable(item, revision)
        errors = _refusals(item.apprenticeship, item.kind, details)
        if errors:
            raise ValidationError(errors)
        _apply(item, details)
        item.full_clean(
            exclude=["apprenticeship", "created_by", "current_decision"], validate_constraints=False
        )
        _touch(item, "title", "occurred_on", "body", "witness_name", "witness_role")
    return item


def evidence_map(
    *,
    item: EvidenceItem,
    mapped_by: User,
    justifications: Mapping[str, str],
    revision: int | None = None,
) -> list[EvidenceKsb]:
    """Set the KSBs the item shows, each with the reason, replacing the earlier mapping.

    `justifications` maps KSB codes of the apprenticeship's standard to a short reason.
    """
    access.require_can_put_forward(mapped_by, item)
    errors: dict[str, str] = {}
    if not justifications:
        errors["ksbs"] = "Choose at least one KSB the evidence shows."
    known = {
        ksb.code: ksb
        for ksb in KSB.objects.filter(
            standard_version_id=item.apprenticeship.standard_version_id,
            code__in=list(justifications),
        )
    }
    unknown = sorted(set(justifications) - set(known))
    if unknown:
        errors["ksbs"] = f"Not KSBs of this apprenticeship's standard: {', '.join(unknown)}."
    cleaned = {code: (text or "").strip() for code, text in justifications.items()}
    for code, text in cleaned.items():
        if code not in known:
            continue
        if not text:
            errors[justification_field(code)] = f"Say briefly how the evidence shows {code}."
        elif len(text) > JUSTIFICATION_MAX:
            errors[justification_field(code)] = (
                f"The reason for {code} must be {JUSTIFICATION_MAX} characters or fewer; "
                f"it has {len(text)}."
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = _locked(item)
        _require_changeable(item, revision)
        existing = {mapping.ksb_id: mapping for mapping in item.mappings.all()}
        wanted = {known[code].pk: text for code, text in cleaned.items()}
        item.mappings.exclude(ksb_id__in=wanted).delete()
        to_update, to_create = [], []
        for ksb_id, text in wanted.items():
            mapping = existing.get(ksb_id)
            if mapping is None:
                to_create.append(EvidenceKsb(item=item, ksb_id=ksb_id, justification=text))
            elif mapping.justification != text:
                mapping.justification = text
                to_update.append(mapping)
        EvidenceKsb.objects.bulk_create(to_create)
        EvidenceKsb.objects.bulk_update(to_update, ["justification"])
        _touch(item)
    return list(item.mappings.all())


def preselected_ksbs(item: EvidenceItem) -> list[str]:
    """Return the codes the mapping starts from: its own, or for an item made from a
    mentoring session or CPD record not yet mapped, the KSBs recorded there."""
    own = [mapping.ksb.code for mapping in item.mappings.select_related("ksb")]
    if own:
        return own
    source = item.mentoring_session or item.cpd_record
    if source is None:
        return []
    return [ksb.code for ksb in source.ksbs.order_by("position")]


def evidence_file_add(*, item: EvidenceItem, uploaded_by: User, upload: UploadedFile):
    """Check an upload and keep it with the item. A refused upload leaves nothing behind:
    it is checked before it is stored, and removed again if anything fails after."""
    access.require_can_change(uploaded_by, item)
    check_upload(upload)
    stored_name = None
    try:
        with transaction.atomic():
            item = _locked(item)
            _require_changeable(item, None)
            name = files.safe_name(upload.name)
            evidence_file = EvidenceFile(
                item=item,
                original_name=name,
                content_type=files.content_type_for(name),
                size=upload.size,
                sha256=sha256_of(upload),
                uploaded_by=uploaded_by,
                uploaded_at=timezone.now(),
            )
            evidence_file.file.save(name, upload, save=False)
            stored_name = evidence_file.file.name
            evidence_file.full_clean(exclude=["item", "uploaded_by", "removed_by"])
            evidence_file.save()
            _touch(item)
    except BaseException:
        if stored_name:
            evidence_file.file.storage.delete(stored_name)
        raise
    return evidence_file


def evidence_file_remove(*, evidence_file: EvidenceFile, removed_by: User) -> EvidenceFile:
    """Take a file off an item while the item may change. The file is kept, marked removed,
    so that anything that pointed at it still can."""
    item = evidence_file.item
    access.require_can_change(removed_by, item)
    with transaction.atomic():
        item = _locked(item)
        _require_changeable(item, None)
        evidence_file = EvidenceFile.objects.select_for_update().get(pk=evidence_file.pk)
        if evidence_file.removed_at is not None:
            raise ValidationError({"file": "This file has already been removed."})
        evidence_file.removed_at = timezone.now()
        evidence_file.removed_by = removed_by
        evidence_file.save(update_fields=["removed_at", "removed_by"])
        _touch(item)
    return evidence_file


def evidence_reopen(*, item: EvidenceItem, reopened_by: User) -> EvidenceItem:
    """Take an assessed item back to a draft, to change it and submit it again. Until it is
    assessed again it counts for nothing in the KSB coverage."""
    access.require_can_put_forward(reopened_by, item)
    with transaction.atomic():
        item = _locked(item)
        if item.status != EvidenceItem.Status.ASSESSED:
            raise ValidationError(
                {
                    "status": f"The item is {rules.STATUS_WORDS[item.status]}: only an assessed "
                    "item is reopened."
                }
            )
        item.status = EvidenceItem.Status.DRAFT
        _touch(item, "status")
        ksb_coverage_refresh(apprenticeship=item.apprenticeship)
        caseload_summary_refresh(apprenticeship=item.apprenticeship)
    caseload_summary_refresh(apprenticeship=item.apprenticeship)
    return item


def evidence_delete(*, item: EvidenceItem, deleted_by: User) -> None:
    """Delete a draft that was never submitted, with its files. Anything ever submitted is
    kept, because decisions point at it."""
    access.require_can_change(deleted_by, item)
    with transaction.atomic():
        item = _locked(item)
        if item.status != EvidenceItem.Status.DRAFT or item.submissions.exists():
            raise ValidationError(
                {
                    "status": "Only a draft that has never been submitted can be deleted; "
                    "this one has been submitted, so it is kept."
                }
            )
        stored = [(f.file.storage, f.file.name) for f in item.files.all()]
        item.delete()
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in stored])
