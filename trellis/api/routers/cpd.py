"""The apprentice's CPD log over the API: the same services as the pages."""

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from trellis.api.routers.mentoring import EvidenceLinkOut, ksbs_from_codes
from trellis.api.schemas import ErrorOut
from trellis.cpd import access, selectors
from trellis.cpd.models import CpdRecord
from trellis.cpd.services import (
    CpdRecordDetails,
    cpd_record_change,
    cpd_record_create,
    cpd_record_delete,
    cpd_record_to_evidence,
)
from trellis.mentoring.services import evidence_item_of
from trellis.portfolio.access import get_apprenticeship_for_portfolio

router = Router(tags=["CPD"])
LOG = "/apprenticeships/{apprenticeship_id}/cpd"
ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WHAT = "CPD log"


class CpdRecordOut(Schema):
    id: int
    done_on: date
    title: str
    kind: CpdRecord.Kind
    duration_minutes: int | None
    what_was_learned: str
    impact: str = Field(description="How it changes the apprentice's practice.")
    ksbs: list[str] = Field(description="The codes of the KSBs.")
    evidence_item: EvidenceLinkOut | None = Field(
        description="The evidence item made of this record, if any."
    )
    logged_at: datetime

    @staticmethod
    def resolve_ksbs(record: CpdRecord) -> list[str]:
        return [ksb.code for ksb in record.ksbs.all()]

    @staticmethod
    def resolve_evidence_item(record: CpdRecord):
        return evidence_item_of(record)


class CpdRecordIn(Schema):
    done_on: date
    title: str
    kind: CpdRecord.Kind
    duration_minutes: int | None = None
    what_was_learned: str
    impact: str = ""
    ksbs: list[str] = Field(default_factory=list, description="KSB codes of the standard.")


def _details(apprenticeship, payload: CpdRecordIn) -> CpdRecordDetails:
    return CpdRecordDetails(
        done_on=payload.done_on,
        title=payload.title,
        kind=payload.kind,
        duration_minutes=payload.duration_minutes,
        what_was_learned=payload.what_was_learned,
        impact=payload.impact,
        ksbs=ksbs_from_codes(apprenticeship, payload.ksbs),
    )


def _record(request: HttpRequest, apprenticeship_id: int, record_id: int) -> CpdRecord:
    return access.get_record_for_user(request.auth, apprenticeship_id, record_id)


def _out(record: CpdRecord) -> CpdRecord:
    return selectors.records_of(record.apprenticeship).get(pk=record.pk)


@router.get(f"{LOG}/records", response={200: list[CpdRecordOut], 404: ErrorOut})
def cpd_records_list(request: HttpRequest, apprenticeship_id: int):
    """Return the CPD records, newest first."""
    apprenticeship = get_apprenticeship_for_portfolio(request.auth, apprenticeship_id)
    return list(selectors.records_of(apprenticeship))


@router.post(f"{LOG}/records", response={201: CpdRecordOut, **ERRORS})
def cpd_records_create(request: HttpRequest, apprenticeship_id: int, payload: CpdRecordIn):
    """Record CPD, as the apprentice."""
    apprenticeship = get_apprenticeship_for_portfolio(request.auth, apprenticeship_id)
    access.require_can_write_log(request.auth, apprenticeship, WHAT)
    record = cpd_record_create(
        apprenticeship=apprenticeship,
        logged_by=request.auth,
        details=_details(apprenticeship, payload),
    )
    return Status(201, _out(record))


@router.put(f"{LOG}/records/{{record_id}}", response={200: CpdRecordOut, **ERRORS})
def cpd_records_update(
    request: HttpRequest, apprenticeship_id: int, record_id: int, payload: CpdRecordIn
):
    """Change a record, unless its evidence item is awaiting assessment or assessed."""
    record = _record(request, apprenticeship_id, record_id)
    access.require_can_write_log(request.auth, record.apprenticeship, WHAT)
    changed = cpd_record_change(
        record=record, changed_by=request.auth, details=_details(record.apprenticeship, payload)
    )
    return _out(changed)


@router.delete(f"{LOG}/records/{{record_id}}", response={204: None, **ERRORS})
def cpd_records_delete(request: HttpRequest, apprenticeship_id: int, record_id: int):
    """Delete a record that is not used as evidence."""
    record = _record(request, apprenticeship_id, record_id)
    cpd_record_delete(record=record, deleted_by=request.auth)
    return Status(204, None)


@router.post(f"{LOG}/records/{{record_id}}/evidence", response={201: EvidenceLinkOut, **ERRORS})
def cpd_records_evidence(request: HttpRequest, apprenticeship_id: int, record_id: int):
    """Make a draft evidence item of the record (once), to map to KSBs next."""
    record = _record(request, apprenticeship_id, record_id)
    return Status(201, cpd_record_to_evidence(record=record, used_by=request.auth))
