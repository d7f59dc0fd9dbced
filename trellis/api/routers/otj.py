"""The off-the-job training ledger over the API: the same services as the pages."""

from datetime import date, datetime, time
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.responses import Status

from trellis.api.schemas import ErrorOut
from trellis.apprenticeships.access import get_apprenticeship_for_user
from trellis.otj import access, selectors
from trellis.otj.models import OtjEntry, OtjKind, PriorLearningReduction
from trellis.otj.services import (
    OtjEntryDetails,
    otj_entry_confirm,
    otj_entry_log,
    otj_entry_reject,
    prior_learning_reduction_record,
)

router = Router(tags=["off-the-job"])
LEDGER = "/apprenticeships/{apprenticeship_id}/otj"
# Plain lists of values: the API already has a schema named "Status" for apprenticeships.
EntryStatus = Literal[tuple(OtjEntry.Status.values)]
LoggedAs = Literal[tuple(access.LOGGING_PARTIES)]
ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class OtjEntryOut(Schema):
    id: int
    date: date
    start_time: time | None
    end_time: time | None
    duration_minutes: int
    hours: float
    kind: OtjKind
    activity_id: int | None = Field(description="The training plan activity, if any.")
    ksbs: list[str] = Field(description="The codes of the KSBs covered.")
    description: str
    logged_by: str
    logged_as: LoggedAs
    status: EntryStatus
    decided_by: str | None
    decided_at: datetime | None
    rejection_reason: str

    @staticmethod
    def resolve_ksbs(entry: OtjEntry) -> list[str]:
        return [ksb.code for ksb in entry.ksbs.all()]

    @staticmethod
    def resolve_logged_by(entry: OtjEntry) -> str:
        return entry.logged_by.full_name

    @staticmethod
    def resolve_decided_by(entry: OtjEntry) -> str | None:
        return entry.decided_by.full_name if entry.decided_by else None


class OtjTotalsOut(Schema):
    required: float
    required_method: str = Field(description="How the required hours were worked out.")
    required_source: str = Field(description="The funding rule the requirement comes from.")
    prior_learning_reduction: float = Field(description="Hours taken off for prior learning.")
    planned: float = Field(description="Planned hours in the current training plan.")
    actual: float = Field(description="Confirmed hours.")
    awaiting_confirmation: float
    expected_to_date: float
    forecast: float | None = Field(description="Hours by the planned end at the current pace.")
    behind: str | None = Field(
        description="Why the apprentice is behind; null when on track or no longer logging."
    )
    stopped: str | None = Field(
        description="Since when and why no more time is logged (gateway or withdrawal); null "
        "while the apprentice still logs."
    )


class LedgerOut(Schema):
    totals: OtjTotalsOut
    entries: list[OtjEntryOut]


class OtjEntryIn(Schema):
    date: date
    start_time: time | None = None
    end_time: time | None = None
    duration_minutes: int | None = Field(
        None, description="Quarter hours, as minutes; leave out when giving start and end times."
    )
    kind: OtjKind
    activity_id: int | None = Field(None, description="An activity of the current plan.")
    ksbs: list[str] = Field(default_factory=list, description="KSB codes, such as K1.")
    description: str


class RejectionIn(Schema):
    reason: str


class PriorLearningReductionIn(Schema):
    hours: Decimal = Field(ge=0, max_digits=6, decimal_places=2)
    reason: str


class PriorLearningReductionOut(Schema):
    hours: float
    reason: str
    recorded_by: str
    recorded_at: datetime

    @staticmethod
    def resolve_recorded_by(reduction: PriorLearningReduction) -> str:
        return reduction.recorded_by.full_name


def _entry(request: HttpRequest, apprenticeship_id: int, entry_id: int) -> OtjEntry:
    return access.get_entry_for_user(request.auth, apprenticeship_id, entry_id)


def _details(apprenticeship, payload: OtjEntryIn) -> OtjEntryDetails:
    """Turn the request into an entry, refusing activities and KSBs from elsewhere."""
    errors = {}
    activity = None
    if payload.activity_id is not None:
        activity = (
            selectors.current_plan_activities(apprenticeship).filter(pk=payload.activity_id).first()
        )
        if activity is None:
            errors["activity_id"] = "Choose an activity from the current training plan."
    ksbs = list(selectors.standard_ksbs(apprenticeship).filter(code__in=payload.ksbs))
    unknown = sorted(set(payload.ksbs) - {ksb.code for ksb in ksbs})
    if unknown:
        errors["ksbs"] = f"Not KSBs of this standard: {', '.join(unknown)}."
    if errors:
        raise ValidationError(errors)
    return OtjEntryDetails(
        date=payload.date,
        kind=payload.kind,
        description=payload.description,
        start_time=payload.start_time,
        end_time=payload.end_time,
        duration_minutes=payload.duration_minutes,
        activity=activity,
        ksbs=ksbs,
    )


@router.get(LEDGER, response={200: LedgerOut, 404: ErrorOut})
def otj_ledger(request: HttpRequest, apprenticeship_id: int) -> dict:
    """Return the ledger's totals and its entries, newest first."""
    apprenticeship = get_apprenticeship_for_user(request.auth, apprenticeship_id)
    summary = selectors.ledger_summary(apprenticeship, today=timezone.localdate())
    reduction = summary.required.reduction
    return {
        "totals": {
            "required": summary.required.hours,
            "required_method": summary.required.method,
            "required_source": summary.required.source,
            "prior_learning_reduction": reduction.hours if reduction else Decimal(0),
            "planned": summary.planned,
            "actual": summary.actual,
            "awaiting_confirmation": summary.awaiting,
            "expected_to_date": summary.expected,
            "forecast": summary.forecast,
            "behind": summary.behind,
            "stopped": summary.stopped,
        },
        "entries": list(selectors.ledger_entries(apprenticeship)),
    }


@router.post(f"{LEDGER}/entries", response={201: OtjEntryOut, **ERRORS})
def otj_entry_create(request: HttpRequest, apprenticeship_id: int, payload: OtjEntryIn):
    """Log off-the-job hours as the apprentice or the consultant; the other side confirms."""
    apprenticeship = get_apprenticeship_for_user(request.auth, apprenticeship_id)
    access.require_logging_party(request.auth, apprenticeship)
    entry = otj_entry_log(
        apprenticeship=apprenticeship,
        logged_by=request.auth,
        details=_details(apprenticeship, payload),
    )
    return Status(201, entry)


@router.post(f"{LEDGER}/entries/{{entry_id}}/confirm", response={200: OtjEntryOut, **ERRORS})
def otj_entry_confirm_endpoint(request: HttpRequest, apprenticeship_id: int, entry_id: int):
    """Confirm an entry the other side logged."""
    entry = _entry(request, apprenticeship_id, entry_id)
    return otj_entry_confirm(entry=entry, confirmed_by=request.auth)


@router.post(f"{LEDGER}/entries/{{entry_id}}/reject", response={200: OtjEntryOut, **ERRORS})
def otj_entry_reject_endpoint(
    request: HttpRequest, apprenticeship_id: int, entry_id: int, payload: RejectionIn
):
    """Reject an entry the other side logged, saying why."""
    entry = _entry(request, apprenticeship_id, entry_id)
    return otj_entry_reject(entry=entry, rejected_by=request.auth, reason=payload.reason)


@router.get(
    f"{LEDGER}/prior-learning-reduction",
    response={200: PriorLearningReductionOut, 404: ErrorOut},
)
def prior_learning_reduction_get(request: HttpRequest, apprenticeship_id: int):
    """Return the prior-learning reduction; 404 if none has been recorded."""
    apprenticeship = get_apprenticeship_for_user(request.auth, apprenticeship_id)
    reduction = selectors.prior_learning_reduction_for(apprenticeship)
    if reduction is None:
        raise Http404("No prior-learning reduction recorded.")
    return reduction


@router.put(
    f"{LEDGER}/prior-learning-reduction", response={200: PriorLearningReductionOut, **ERRORS}
)
def prior_learning_reduction_put(
    request: HttpRequest, apprenticeship_id: int, payload: PriorLearningReductionIn
):
    """Record or change the hours taken off the requirement for prior learning, and why."""
    apprenticeship = get_apprenticeship_for_user(request.auth, apprenticeship_id)
    return prior_learning_reduction_record(
        apprenticeship=apprenticeship,
        recorded_by=request.auth,
        hours=payload.hours,
        reason=payload.reason,
    )
