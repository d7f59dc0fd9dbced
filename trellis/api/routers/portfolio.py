"""Portfolio evidence over the API: items, files and decisions, by the pages' services."""

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from ninja import Field, File, Router, Schema, UploadedFile
from ninja.responses import Status

from trellis.api.schemas import ErrorOut
from trellis.downloads import file_response
from trellis.portfolio import access
from trellis.portfolio.decisions import (
    evidence_assess,
    evidence_decision_correct,
    evidence_return,
    evidence_submit,
)
from trellis.portfolio.models import (
    Decision,
    EvidenceFile,
    EvidenceItem,
    EvidenceKind,
    EvidenceKsb,
    KsbJudgement,
)
from trellis.portfolio.services import (
    EvidenceDetails,
    evidence_change,
    evidence_create,
    evidence_file_add,
    evidence_map,
)

router = Router(tags=["evidence"])
EVIDENCE = "/apprenticeships/{apprenticeship_id}/evidence"
ITEM = EVIDENCE + "/{item_id}"
ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
# Plain lists of values: the API already has a schema named "Status" for apprenticeships.
ItemStatus = Literal[tuple(EvidenceItem.Status.values)]
Kind = Literal[tuple(EvidenceKind.values)]
Outcome = Literal[tuple(Decision.Outcome.values)]
JudgementValue = Literal["working_towards", "secure"]


class MappingOut(Schema):
    ksb: str = Field(validation_alias="ksb.code")
    justification: str


class EvidenceFileOut(Schema):
    id: int
    name: str = Field(validation_alias="original_name")
    content_type: str
    size: int
    sha256: str
    uploaded_by: str
    uploaded_at: datetime
    removed_at: datetime | None

    @staticmethod
    def resolve_uploaded_by(evidence_file: EvidenceFile) -> str:
        return evidence_file.uploaded_by.full_name


class EvidenceItemOut(Schema):
    id: int
    kind: Kind
    title: str
    occurred_on: date
    body: str
    witness_name: str
    witness_role: str
    status: ItemStatus
    revision: int = Field(description="Send it back when changing the item.")
    mappings: list[MappingOut]
    created_by: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_mappings(item: EvidenceItem) -> list:
        return list(item.mappings.all())

    @staticmethod
    def resolve_created_by(item: EvidenceItem) -> str:
        return item.created_by.full_name


class EvidenceItemIn(Schema):
    kind: Kind
    title: str
    occurred_on: date
    body: str = ""
    witness_name: str = ""
    witness_role: str = ""


class EvidenceChangeIn(Schema):
    title: str
    occurred_on: date
    body: str = ""
    witness_name: str = ""
    witness_role: str = ""
    revision: int = Field(description="The revision read; refused if the item changed since.")


class MappingsIn(Schema):
    ksbs: dict[str, str] = Field(description="KSB code to how the item shows it.")
    revision: int | None = None


class JudgementOut(Schema):
    ksb: str = Field(validation_alias="ksb.code")
    judgement: JudgementValue


class DecisionOut(Schema):
    id: int
    outcome: Outcome
    feedback: str
    decided_by: str
    decided_at: datetime
    submission: int = Field(validation_alias="submission.number")
    corrects: int | None = Field(validation_alias="corrects_id")
    correction_reason: str
    judgements: list[JudgementOut]

    @staticmethod
    def resolve_decided_by(decision: Decision) -> str:
        return decision.decided_by.full_name

    @staticmethod
    def resolve_judgements(decision: Decision) -> list:
        return list(decision.judgements.all())


class AssessIn(Schema):
    judgements: dict[str, JudgementValue]
    feedback: str = ""


class ReturnIn(Schema):
    feedback: str


class CorrectIn(Schema):
    reason: str
    outcome: Outcome
    judgements: dict[str, JudgementValue] = Field(default_factory=dict)
    feedback: str = ""


def _items():
    return EvidenceItem.objects.select_related("created_by").prefetch_related(
        Prefetch("mappings", queryset=EvidenceKsb.objects.select_related("ksb"))
    )


def _item(request: HttpRequest, apprenticeship_id: int, item_id: int) -> EvidenceItem:
    return access.get_item_for_user(request.auth, apprenticeship_id, item_id)


def _fresh(item: EvidenceItem) -> EvidenceItem:
    return _items().get(pk=item.pk)


def _decisions(item: EvidenceItem):
    return (
        item.decisions.select_related("decided_by", "submission")
        .prefetch_related(
            Prefetch("judgements", queryset=KsbJudgement.objects.select_related("ksb"))
        )
        .order_by("decided_at", "pk")
    )


@router.get(EVIDENCE, response={200: list[EvidenceItemOut], 404: ErrorOut})
def evidence_list(
    request: HttpRequest, apprenticeship_id: int, status: str = "", ksb: str = ""
) -> list:
    """List the portfolio's evidence, newest first; filter by status and by KSB code."""
    apprenticeship = access.get_apprenticeship_for_portfolio(request.auth, apprenticeship_id)
    items = _items().filter(apprenticeship=apprenticeship)
    if status:
        items = items.filter(status=status)
    if ksb:
        items = items.filter(mappings__ksb__code=ksb.upper())
    return list(items)


@router.post(EVIDENCE, response={201: EvidenceItemOut, **ERRORS})
def evidence_create_endpoint(request: HttpRequest, apprenticeship_id: int, payload: EvidenceItemIn):
    """Add a draft item of a kind this person writes."""
    apprenticeship = access.get_apprenticeship_for_portfolio(request.auth, apprenticeship_id)
    item = evidence_create(
        apprenticeship=apprenticeship,
        created_by=request.auth,
        kind=payload.kind,
        details=EvidenceDetails(**payload.dict(exclude={"kind"})),
    )
    return Status(201, _fresh(item))


@router.get(ITEM, response={200: EvidenceItemOut, 404: ErrorOut})
def evidence_detail(request: HttpRequest, apprenticeship_id: int, item_id: int):
    """Return one item with its KSB mapping."""
    return _fresh(_item(request, apprenticeship_id, item_id))


@router.put(ITEM, response={200: EvidenceItemOut, **ERRORS})
def evidence_change_endpoint(
    request: HttpRequest, apprenticeship_id: int, item_id: int, payload: EvidenceChangeIn
):
    """Change a draft or returned item; refused if it changed since `revision` was read."""
    item = _item(request, apprenticeship_id, item_id)
    data = payload.dict()
    revision = data.pop("revision")
    evidence_change(
        item=item, changed_by=request.auth, details=EvidenceDetails(**data), revision=revision
    )
    return _fresh(item)


@router.put(f"{ITEM}/ksbs", response={200: EvidenceItemOut, **ERRORS})
def evidence_map_endpoint(
    request: HttpRequest, apprenticeship_id: int, item_id: int, payload: MappingsIn
):
    """Set the KSBs the item shows, each with a short justification."""
    item = _item(request, apprenticeship_id, item_id)
    evidence_map(
        item=item,
        mapped_by=request.auth,
        justifications=payload.ksbs,
        revision=payload.revision,
    )
    return _fresh(item)


@router.get(f"{ITEM}/files", response={200: list[EvidenceFileOut], 404: ErrorOut})
def evidence_files(request: HttpRequest, apprenticeship_id: int, item_id: int) -> list:
    """List the item's files, removed ones included (with removed_at)."""
    item = _item(request, apprenticeship_id, item_id)
    return list(item.files.select_related("uploaded_by"))


@router.post(f"{ITEM}/files", response={201: EvidenceFileOut, **ERRORS})
def evidence_file_upload(
    request: HttpRequest, apprenticeship_id: int, item_id: int, file: File[UploadedFile]
):
    """Upload a file (multipart, field `file`); checked by name and content."""
    item = _item(request, apprenticeship_id, item_id)
    stored = evidence_file_add(item=item, uploaded_by=request.auth, upload=file)
    return Status(201, stored)


@router.get(f"{ITEM}/files/{{file_id}}", response={200: None, 404: ErrorOut})
def evidence_file_download(
    request: HttpRequest, apprenticeship_id: int, item_id: int, file_id: int
):
    """Download a file as an attachment."""
    item = _item(request, apprenticeship_id, item_id)
    evidence_file = item.files.filter(pk=file_id).first()
    if evidence_file is None:
        raise Http404("No such file.")
    return file_response(
        evidence_file.file,
        filename=evidence_file.original_name,
        content_type=evidence_file.content_type,
    )


@router.post(f"{ITEM}/submit", response={200: EvidenceItemOut, **ERRORS})
def evidence_submit_endpoint(request: HttpRequest, apprenticeship_id: int, item_id: int):
    """Submit a draft or returned item for assessment."""
    item = _item(request, apprenticeship_id, item_id)
    evidence_submit(item=item, submitted_by=request.auth)
    return _fresh(item)


@router.post(f"{ITEM}/assess", response={201: DecisionOut, **ERRORS})
def evidence_assess_endpoint(
    request: HttpRequest, apprenticeship_id: int, item_id: int, payload: AssessIn
):
    """Judge each mapped KSB "working_towards" or "secure"."""
    item = _item(request, apprenticeship_id, item_id)
    decision = evidence_assess(
        item=item,
        assessed_by=request.auth,
        judgements=payload.judgements,
        feedback=payload.feedback,
    )
    return Status(201, _decisions(item).get(pk=decision.pk))


@router.post(f"{ITEM}/return", response={201: DecisionOut, **ERRORS})
def evidence_return_endpoint(
    request: HttpRequest, apprenticeship_id: int, item_id: int, payload: ReturnIn
):
    """Return a submitted item with feedback saying what to improve."""
    item = _item(request, apprenticeship_id, item_id)
    decision = evidence_return(item=item, returned_by=request.auth, feedback=payload.feedback)
    return Status(201, _decisions(item).get(pk=decision.pk))


@router.get(f"{ITEM}/decisions", response={200: list[DecisionOut], 404: ErrorOut})
def evidence_decisions(request: HttpRequest, apprenticeship_id: int, item_id: int) -> list:
    """List every decision on the item, oldest first, corrections included."""
    return list(_decisions(_item(request, apprenticeship_id, item_id)))


@router.post(f"{ITEM}/decisions/{{decision_id}}/correct", response={201: DecisionOut, **ERRORS})
def evidence_decision_correct_endpoint(
    request: HttpRequest, apprenticeship_id: int, item_id: int, decision_id: int, payload: CorrectIn
):
    """Correct the decision that stands with a newer one, giving the reason."""
    item = _item(request, apprenticeship_id, item_id)
    decision = item.decisions.filter(pk=decision_id).first()
    if decision is None:
        raise Http404("No such decision.")
    decision.item = item
    if payload.outcome == Decision.Outcome.ASSESSED and not payload.judgements:
        raise ValidationError({"judgements": "Judge every mapped KSB."})
    correction = evidence_decision_correct(
        decision=decision,
        corrected_by=request.auth,
        reason=payload.reason,
        outcome=payload.outcome,
        judgements=payload.judgements,
        feedback=payload.feedback,
    )
    return Status(201, _decisions(item).get(pk=correction.pk))
