"""Internal quality assurance over the API: samples, verdicts and responses."""

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from trellis.api.schemas import ErrorOut
from trellis.iqa import access, selectors
from trellis.iqa.models import IqaSample
from trellis.iqa.services import (
    Period,
    default_period,
    iqa_agree,
    iqa_draw,
    iqa_refer,
    iqa_respond,
    provider_consultants,
)
from trellis.portfolio.models import Decision

router = Router(tags=["quality assurance"])
SAMPLES = "/quality/samples"
ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
Basis = Literal[tuple(IqaSample.Basis.values)]
Outcome = Literal[tuple(IqaSample.Outcome.values)]


class SampleOut(Schema):
    id: int
    decision_id: int
    apprenticeship_id: int = Field(validation_alias="decision.item.apprenticeship_id")
    item_id: int = Field(validation_alias="decision.item_id")
    item_title: str = Field(validation_alias="decision.item.title")
    decision_outcome: str = Field(validation_alias="decision.outcome")
    decided_at: datetime = Field(validation_alias="decision.decided_at")
    consultant_id: int
    consultant: str
    basis: Basis
    sampled_by: str
    sampled_at: datetime
    outcome: Outcome
    reason: str = Field(description="Why the decision was referred back; empty otherwise.")
    reviewed_by: str | None
    reviewed_at: datetime | None
    response: str
    responded_at: datetime | None
    correcting_decision_id: int | None

    @staticmethod
    def resolve_consultant(sample: IqaSample) -> str:
        return sample.consultant.full_name

    @staticmethod
    def resolve_sampled_by(sample: IqaSample) -> str:
        return sample.sampled_by.full_name

    @staticmethod
    def resolve_reviewed_by(sample: IqaSample) -> str | None:
        return sample.reviewed_by.full_name if sample.reviewed_by else None


class SampleFilters(Schema):
    outcome: Outcome | None = None
    consultant_id: int | None = None
    basis: Basis | None = None
    awaiting_response: bool | None = Field(
        None, description="true: referred and not yet responded to; false: the others."
    )


class DrawIn(Schema):
    basis: Basis
    consultant_id: int | None = Field(None, description="When sampling by consultant.")
    ksb_code: str = Field("", description="When sampling by KSB, such as K1.")
    rate: int | None = Field(None, description="Percent, 1 to 100; or give number.")
    number: int | None = Field(None, description="How many decisions; or give rate.")
    period_start: date | None = Field(None, description="Default: 90 days ago.")
    period_end: date | None = Field(None, description="Default: today.")


class ReferIn(Schema):
    reason: str


class RespondIn(Schema):
    response: str
    correcting_decision_id: int | None = Field(
        None, description="A decision you made that corrects the one referred back."
    )


class ReportRowOut(Schema):
    consultant_id: int | None
    consultant: str
    decisions: int
    sampled: int
    percent_sampled: int | None
    agreed: int
    referred: int
    awaiting_review: int
    awaiting_consultant: int


class ReportOut(Schema):
    provider: str
    period_start: date
    period_end: date
    consultants: list[ReportRowOut]
    total: ReportRowOut


def _sample(request: HttpRequest, sample_id: int) -> IqaSample:
    return access.get_sample_for_user(request.auth, sample_id)


def _period(start: date | None, end: date | None) -> Period:
    default = default_period()
    return Period(start=start or default.start, end=end or default.end)


@router.get(SAMPLES, response={200: list[SampleOut], 404: ErrorOut})
def iqa_samples(request: HttpRequest, filters: Query[SampleFilters]):
    """Return the samples this person may see: the quality lead's provider's, or a
    consultant's own referred and agreed ones; newest first."""
    if not access.sees_samples(request.auth):
        raise Http404("No quality assurance here.")
    samples = access.samples_visible_to(request.auth)
    if filters.outcome:
        samples = samples.filter(outcome=filters.outcome)
    if filters.consultant_id is not None:
        samples = samples.filter(consultant_id=filters.consultant_id)
    if filters.basis:
        samples = samples.filter(basis=filters.basis)
    if filters.awaiting_response is not None:
        awaiting = {"outcome": IqaSample.Outcome.REFERRED, "responded_at__isnull": True}
        samples = (
            samples.filter(**awaiting) if filters.awaiting_response else samples.exclude(**awaiting)
        )
    return list(samples)


@router.post(f"{SAMPLES}/draw", response={201: list[SampleOut], **ERRORS})
def iqa_samples_draw(request: HttpRequest, payload: DrawIn):
    """Draw decisions for review, as the provider's quality lead."""
    provider = access.report_provider(request.auth)
    access.require_can_draw(request.auth, provider)
    consultant = None
    if payload.consultant_id is not None:
        consultant = provider_consultants(provider).filter(pk=payload.consultant_id).first()
        if consultant is None:
            raise ValidationError({"consultant_id": f"Choose a consultant of {provider.name}."})
    samples = iqa_draw(
        provider=provider,
        drawn_by=request.auth,
        basis=payload.basis,
        consultant=consultant,
        ksb_code=payload.ksb_code,
        rate=payload.rate,
        number=payload.number,
        period=_period(payload.period_start, payload.period_end),
    )
    return Status(
        201,
        list(
            access.samples_visible_to(request.auth)
            .filter(pk__in=[s.pk for s in samples])
            .order_by("decision__decided_at", "pk")
        ),
    )


@router.post(f"{SAMPLES}/{{sample_id}}/agree", response={200: SampleOut, **ERRORS})
def iqa_sample_agree(request: HttpRequest, sample_id: int):
    """Agree with the sampled decision."""
    iqa_agree(sample=_sample(request, sample_id), reviewed_by=request.auth)
    return _sample(request, sample_id)


@router.post(f"{SAMPLES}/{{sample_id}}/refer", response={200: SampleOut, **ERRORS})
def iqa_sample_refer(request: HttpRequest, sample_id: int, payload: ReferIn):
    """Refer the sampled decision back to the consultant, saying why."""
    iqa_refer(sample=_sample(request, sample_id), reviewed_by=request.auth, reason=payload.reason)
    return _sample(request, sample_id)


@router.post(f"{SAMPLES}/{{sample_id}}/respond", response={200: SampleOut, **ERRORS})
def iqa_sample_respond(request: HttpRequest, sample_id: int, payload: RespondIn):
    """Say what you did about a decision of yours referred back, optionally naming the
    decision that corrects it."""
    sample = _sample(request, sample_id)
    correcting = None
    if payload.correcting_decision_id is not None:
        correcting = Decision.objects.filter(
            pk=payload.correcting_decision_id, item_id=sample.decision.item_id
        ).first()
        if correcting is None:
            raise ValidationError(
                {
                    "correcting_decision_id": "Choose a correction you made of the decision "
                    "referred back, or none."
                }
            )
    iqa_respond(
        sample=sample,
        responded_by=request.auth,
        response=payload.response,
        correcting_decision=correcting,
    )
    return _sample(request, sample_id)


def _row(name: str, figures) -> dict:
    return {
        "consultant_id": figures.consultant_id,
        "consultant": name,
        "decisions": figures.decisions,
        "sampled": figures.sampled,
        "percent_sampled": figures.percent_sampled,
        "agreed": figures.agreed,
        "referred": figures.referred,
        "awaiting_review": figures.awaiting_review,
        "awaiting_consultant": figures.awaiting_consultant,
    }


@router.get("/quality/report", response={200: ReportOut, 404: ErrorOut, 422: ErrorOut})
def iqa_report(
    request: HttpRequest, period_start: date | None = None, period_end: date | None = None
):
    """Return sampling coverage per consultant for the period (default the last 90 days),
    for the quality lead and the provider admin."""
    provider = access.report_provider(request.auth)
    period = _period(period_start, period_end)
    if period.start > period.end:
        raise ValidationError({"period_start": "The period must start on or before it ends."})
    report = selectors.coverage_report(provider, period)
    return {
        "provider": provider.name,
        "period_start": period.start,
        "period_end": period.end,
        "consultants": [_row(row.consultant.full_name, row.figures) for row in report.rows],
        "total": _row("All consultants", report.total),
    }
