"""Writes to the CPD log: create, change and delete a record, and use it as evidence."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.cpd import access
from trellis.cpd.models import CpdRecord
from trellis.mentoring import rules
from trellis.mentoring.services import (
    evidence_item_of,
    refuse_change_as_evidence,
    refuse_delete_as_evidence,
    standard_ksb_refusal,
)
from trellis.organisations.models import User
from trellis.portfolio.access import require_can_create
from trellis.portfolio.models import EvidenceItem, EvidenceKind
from trellis.standards.models import KSB

WHAT = "CPD log"


@dataclass(frozen=True)
class CpdRecordDetails:
    done_on: date
    title: str
    kind: str
    what_was_learned: str
    impact: str = ""
    duration_minutes: int | None = None
    ksbs: Sequence[KSB] = field(default_factory=tuple)


def _refusals(apprenticeship: Apprenticeship, details: CpdRecordDetails) -> dict[str, str]:
    errors: dict[str, str] = {}
    date_refusal = rules.refuse_future_date(
        day=details.done_on, today=timezone.localdate()
    ) or rules.refuse_before_start(day=details.done_on, start=apprenticeship.start_date)
    if date_refusal:
        errors["done_on"] = date_refusal
    if not details.title.strip():
        errors["title"] = "Give the CPD a short title, such as the course or article's name."
    if details.kind not in CpdRecord.Kind.values:
        errors["kind"] = "Choose what kind of CPD it was."
    if details.duration_minutes is not None and details.duration_minutes <= 0:
        errors["duration"] = "Give how long it took (more than 0 minutes), or leave it blank."
    if not details.what_was_learned.strip():
        errors["what_was_learned"] = "Say what you learned."
    ksb_refusal = standard_ksb_refusal(apprenticeship, details.ksbs)
    if ksb_refusal:
        errors["ksbs"] = ksb_refusal
    return errors


def _apply(record: CpdRecord, details: CpdRecordDetails) -> None:
    record.done_on = details.done_on
    record.title = details.title.strip()
    record.kind = details.kind
    record.duration_minutes = details.duration_minutes
    record.what_was_learned = details.what_was_learned.strip()
    record.impact = details.impact.strip()
    record.full_clean(exclude=["apprenticeship", "logged_by"])
    created = record.pk is None
    record.save()
    if created:
        # Nothing to clear on a new one: adding saves reading what is there first.
        record.ksbs.add(*details.ksbs)
    else:
        record.ksbs.set(details.ksbs)


def cpd_record_create(
    *, apprenticeship: Apprenticeship, logged_by: User, details: CpdRecordDetails
) -> CpdRecord:
    """Record CPD the apprentice did to keep their vocational skills current."""
    access.require_can_write_log(logged_by, apprenticeship, WHAT)
    errors = _refusals(apprenticeship, details)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        record = CpdRecord(apprenticeship=apprenticeship, logged_by=logged_by)
        _apply(record, details)
    return record


def _locked(record: CpdRecord) -> CpdRecord:
    locked = CpdRecord.objects.select_for_update().get(pk=record.pk)
    locked.apprenticeship = record.apprenticeship
    return locked


def cpd_record_change(
    *, record: CpdRecord, changed_by: User, details: CpdRecordDetails
) -> CpdRecord:
    """Change a record, unless the evidence made of it is awaiting assessment or assessed."""
    access.require_can_write_log(changed_by, record.apprenticeship, WHAT)
    with transaction.atomic():
        record = _locked(record)
        refusal = refuse_change_as_evidence(record, "CPD record")
        if refusal:
            raise ValidationError({"evidence": refusal})
        errors = _refusals(record.apprenticeship, details)
        if errors:
            raise ValidationError(errors)
        _apply(record, details)
    return record


def cpd_record_delete(*, record: CpdRecord, deleted_by: User) -> None:
    """Delete a record that is not used as evidence."""
    access.require_can_write_log(deleted_by, record.apprenticeship, WHAT)
    with transaction.atomic():
        record = _locked(record)
        refusal = refuse_delete_as_evidence(record, "CPD record")
        if refusal:
            raise ValidationError({"evidence": refusal})
        record.delete()


def cpd_record_to_evidence(*, record: CpdRecord, used_by: User) -> EvidenceItem:
    """Make a draft evidence item of the record, once; the apprentice then maps its KSBs."""
    access.require_can_write_log(used_by, record.apprenticeship, WHAT)
    require_can_create(used_by, record.apprenticeship, EvidenceKind.CPD)
    with transaction.atomic():
        record = _locked(record)
        existing = evidence_item_of(record)
        if existing is not None:
            raise ValidationError(
                {"evidence": f"This CPD record is already the evidence item “{existing.title}”."}
            )
        return EvidenceItem.objects.create(
            apprenticeship=record.apprenticeship,
            kind=EvidenceKind.CPD,
            title=record.title,
            occurred_on=record.done_on,
            cpd_record=record,
            created_by=used_by,
        )
