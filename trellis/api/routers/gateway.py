"""Gateway over the API, under the same rules as the pages.

The provider's side (the apprentice, their consultant, their employer's contacts and the
provider's staff) reaches gateway through the apprentice's record: the readiness checklist,
the sign-off, overrides, submission and every attempt kept. The EPAO's staff reach only the
attempts submitted to their organisation, and through them only what the assessment needs;
everything else answers 404, as if it did not exist.
"""

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from trellis.api.schemas import ErrorOut
from trellis.apprenticeships.models import Apprenticeship
from trellis.booking import access as booking_access
from trellis.booking import selectors as booking_selectors
from trellis.booking.models import Booking
from trellis.gateway import access, readiness, selectors
from trellis.gateway.models import Declaration, GatewayAttempt, Override
from trellis.gateway.notifications import employer_contacts
from trellis.gateway.services import (
    gateway_accept,
    gateway_declare,
    gateway_override,
    gateway_return,
    gateway_submit,
)
from trellis.showcase import downloads

router = Router(tags=["gateway"])
GATEWAY = "/apprenticeships/{apprenticeship_id}/gateway"
SUBMISSIONS = "/gateway/submissions"
SUBMISSION = SUBMISSIONS + "/{attempt_id}"
ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
# Literals, not enums: the names of enums clash in the OpenAPI document.
AttemptStatus = Literal[tuple(GatewayAttempt.Status.values)]
SentStatus = Literal[tuple(GatewayAttempt.SENT_STATUSES)]
Party = Literal[tuple(Declaration.Party.values)]


class CheckOut(Schema):
    code: str
    title: str
    met: bool
    overridden: bool
    override_reason: str
    detail: str = Field(description="Why it is met or not, in words.")
    source: str = Field(description="Where the requirement comes from.")
    confirmed: bool = Field(description="False while the requirement's source is unconfirmed.")


class DeclarationOut(Schema):
    party: Party
    declared_by: str = Field(validation_alias="declared_by.full_name")
    declared_at: datetime
    statement: str = Field(description="The words declared, as they read when declared.")


class SignOffOut(Schema):
    met: bool
    declarations: list[DeclarationOut] = Field(description="In the order they were made.")
    next_to_declare: Party | None = Field(
        description="Who declares next: consultant, then apprentice, then employer."
    )


class ForecastOut(Schema):
    ready_on: date | None = Field(
        description="When the apprentice is likely to be ready at the current pace; null when "
        "there is no pace yet to go on."
    )
    reasons: list[str]


class AttemptSummaryOut(Schema):
    number: int
    status: AttemptStatus
    revision: int


class BookingSummaryOut(Schema):
    id: int = Field(description="Read it, and offer dates, at /api/v1/bookings/{id}.")
    epao: str
    assessor: str | None
    available_from: date | None
    available_until: date | None
    booked_days: list[date]


class ReadinessOut(Schema):
    checks: list[CheckOut] = Field(
        description="As the records stand today; once submitted, as they stood on submission."
    )
    sign_off: SignOffOut
    forecast: ForecastOut
    attempt: AttemptSummaryOut | None = Field(description="The attempt under way, if any.")
    booking: BookingSummaryOut | None


class OverrideIn(Schema):
    requirement_code: str
    reason: str = Field(description="Why the apprentice is ready anyway: the EPAO reads it.")


class OverrideOut(Schema):
    requirement_code: str
    requirement_title: str
    reason: str
    overridden_by: str = Field(validation_alias="overridden_by.full_name")
    overridden_at: datetime


class ReturnReasonOut(Schema):
    requirement_code: str = Field(description='"general" for the submission as a whole.')
    requirement_title: str
    reason: str


class DecisionOut(Schema):
    decided_at: datetime
    decided_by: str
    note: str


class AttemptOut(Schema):
    number: int
    status: AttemptStatus
    started_at: datetime
    submitted_at: datetime | None
    submitted_by: str | None
    epao: str | None
    checklist: list[CheckOut] = Field(
        description="Each requirement as it stood on submission; empty before it."
    )
    declarations: list[DeclarationOut]
    overrides: list[OverrideOut]
    decision: DecisionOut | None
    return_reasons: list[ReturnReasonOut]
    revision: int = Field(description="Send it back with accept and return.")


class SubmissionRowOut(Schema):
    id: int
    number: int
    status: SentStatus
    apprentice: str
    employer: str
    provider: str
    standard: str
    submitted_at: datetime
    decided_at: datetime | None


class ContactOut(Schema):
    name: str
    email: str


class EmployerOut(Schema):
    name: str
    contacts: list[ContactOut]


class StandardOut(Schema):
    reference: str
    version: str
    title: str


class ShowcaseSnapshotOut(Schema):
    number: int
    pdf: str = Field(description="The path to download the frozen Showcase as one PDF.")
    zip: str = Field(description="The path to download the PDF with every file it lists.")


class SubmissionOut(AttemptOut):
    id: int
    apprentice: ContactOut
    employer: EmployerOut
    provider: str
    standard: StandardOut
    showcase: ShowcaseSnapshotOut | None
    can_decide: bool = Field(description="Whether you may accept or return it now.")


class SubmissionFilters(Schema):
    status: SentStatus | None = None


class AcceptIn(Schema):
    note: str = ""
    revision: int | None = Field(None, description="The revision you read; omit to skip.")


class ReturnIn(Schema):
    reasons: dict[str, str] = Field(
        description='A reason by requirement code ("general" for the submission as a whole).'
    )
    revision: int | None = Field(None, description="The revision you read; omit to skip.")


def _check_out(check: readiness.Check) -> dict:
    return {
        "code": check.code,
        "title": check.title,
        "met": check.met,
        "overridden": check.overridden,
        "override_reason": check.override_reason,
        "detail": check.detail,
        "source": check.source,
        "confirmed": check.confirmed,
    }


def _frozen_checks(attempt: GatewayAttempt) -> list[dict]:
    return [_check_out(readiness.Check(**row)) for row in attempt.checklist]


def _booking_summary(apprenticeship: Apprenticeship) -> dict | None:
    booking: Booking | None = booking_access.current_booking(apprenticeship.pk)
    if booking is None:
        return None
    offered = booking_selectors.current_range(booking)
    return {
        "id": booking.pk,
        "epao": booking.epao.name,
        "assessor": booking.assessor.full_name if booking.assessor else None,
        "available_from": offered.available_from if offered else None,
        "available_until": offered.available_until if offered else None,
        "booked_days": [day.day for day in booking_selectors.live_dates(booking)],
    }


def _readiness_out(apprenticeship: Apprenticeship) -> dict:
    state = selectors.readiness_for(apprenticeship, today=timezone.localdate())
    current = state.attempt
    if current is not None and current.status != GatewayAttempt.Status.PREPARING:
        checks = [row for row in _frozen_checks(current) if row["code"] != readiness.SIGN_OFF_CODE]
    else:
        checks = [_check_out(check) for check in state.checks]
    return {
        "checks": checks,
        "sign_off": {
            "met": state.sign_off.met,
            "declarations": [
                state.declared[party]
                for party in readiness.SIGN_OFF_ORDER
                if party in state.declared
            ],
            "next_to_declare": state.next_to_declare,
        },
        "forecast": {"ready_on": state.forecast.ready_on, "reasons": state.forecast.reasons},
        "attempt": current,
        "booking": _booking_summary(apprenticeship),
    }


def _attempt_out(attempt: GatewayAttempt) -> dict:
    decision = None
    if attempt.decided_at is not None:
        decision = {
            "decided_at": attempt.decided_at,
            "decided_by": attempt.decided_by.full_name,
            "note": attempt.decision_note,
        }
    return {
        "number": attempt.number,
        "status": attempt.status,
        "started_at": attempt.started_at,
        "submitted_at": attempt.submitted_at,
        "submitted_by": attempt.submitted_by.full_name if attempt.submitted_by else None,
        "epao": attempt.epao.name if attempt.epao else None,
        "checklist": _frozen_checks(attempt),
        "declarations": list(attempt.declarations.all()),
        "overrides": list(attempt.overrides.all()),
        "decision": decision,
        "return_reasons": list(attempt.return_reasons.all()),
        "revision": attempt.revision,
    }


def _submission_row(attempt: GatewayAttempt) -> dict:
    apprenticeship = attempt.apprenticeship
    version = apprenticeship.standard_version
    return {
        "id": attempt.pk,
        "number": attempt.number,
        "status": attempt.status,
        "apprentice": apprenticeship.apprentice.full_name,
        "employer": apprenticeship.employer.name,
        "provider": apprenticeship.provider.name,
        "standard": f"{version.standard.title} ({version.standard.reference})",
        "submitted_at": attempt.submitted_at,
        "decided_at": attempt.decided_at,
    }


def _submission_out(request: HttpRequest, attempt: GatewayAttempt) -> dict:
    apprenticeship = attempt.apprenticeship
    version = apprenticeship.standard_version
    snapshot = attempt.showcase_snapshot
    showcase = None
    if snapshot is not None:
        path = f"/api/v1{SUBMISSIONS}/{attempt.pk}/showcase"
        showcase = {"number": snapshot.number, "pdf": f"{path}/pdf", "zip": f"{path}/zip"}
    return {
        **_attempt_out(attempt),
        "id": attempt.pk,
        "apprentice": {
            "name": apprenticeship.apprentice.full_name,
            "email": apprenticeship.apprentice.email,
        },
        "employer": {
            "name": apprenticeship.employer.name,
            "contacts": [
                {"name": contact.full_name, "email": contact.email}
                for contact in employer_contacts(apprenticeship)
            ],
        },
        "provider": apprenticeship.provider.name,
        "standard": {
            "reference": version.standard.reference,
            "version": version.version,
            "title": version.standard.title,
        },
        "showcase": showcase,
        "can_decide": attempt.status == GatewayAttempt.Status.SUBMITTED
        and access.can_decide(request.auth, attempt),
    }


def _by_field(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """Name the fields of a service's refusal as the API's input names them."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {names.get(key, key): messages for key, messages in error.message_dict.items()}
    )


@router.get(GATEWAY, response={200: ReadinessOut, 404: ErrorOut})
def gateway_readiness(request: HttpRequest, apprenticeship_id: int):
    """Return the readiness checklist, the sign-off so far, the forecast, the attempt under
    way and the booking, if any."""
    apprenticeship = access.get_apprenticeship_for_gateway(request.auth, apprenticeship_id)
    return _readiness_out(apprenticeship)


@router.post(f"{GATEWAY}/declarations", response={201: DeclarationOut, **ERRORS})
def gateway_declaration_add(request: HttpRequest, apprenticeship_id: int):
    """Declare the apprentice competent and ready, in your turn: the consultant, then the
    apprentice, then an employer contact, once every requirement is met."""
    apprenticeship = access.get_apprenticeship_for_gateway(request.auth, apprenticeship_id)
    if access.declaring_party(request.auth, apprenticeship) is None:
        raise PermissionDenied(readiness.refuse_declaration(None, [], []))
    declaration = gateway_declare(apprenticeship=apprenticeship, declared_by=request.auth)
    return Status(201, declaration)


@router.post(f"{GATEWAY}/overrides", response={201: OverrideOut, **ERRORS})
def gateway_override_add(request: HttpRequest, apprenticeship_id: int, payload: OverrideIn):
    """Override one unmet requirement with the reason the EPAO will read (a provider admin,
    before the first declaration)."""
    apprenticeship = access.get_apprenticeship_for_gateway(request.auth, apprenticeship_id)
    try:
        override: Override = gateway_override(
            apprenticeship=apprenticeship,
            requirement_code=payload.requirement_code,
            reason=payload.reason,
            overridden_by=request.auth,
        )
    except ValidationError as error:
        raise _by_field(error, {"requirement": "requirement_code"}) from None
    return Status(201, override)


@router.post(f"{GATEWAY}/submissions", response={201: AttemptOut, **ERRORS})
def gateway_submission_add(request: HttpRequest, apprenticeship_id: int):
    """Submit the signed-off gateway to the EPAO: the checklist and the Showcase are frozen
    and off-the-job hours stop (the consultant or a provider admin)."""
    apprenticeship = access.get_apprenticeship_for_gateway(request.auth, apprenticeship_id)
    attempt = gateway_submit(apprenticeship=apprenticeship, submitted_by=request.auth)
    return Status(201, _attempt_out(attempt))


@router.get(f"{GATEWAY}/attempts", response={200: list[AttemptOut], 404: ErrorOut})
def gateway_attempts(request: HttpRequest, apprenticeship_id: int):
    """Return every attempt, the latest first, with its frozen checklist, declarations,
    overrides, decision and the EPAO's reasons for a return."""
    apprenticeship = access.get_apprenticeship_for_gateway(request.auth, apprenticeship_id)
    return [_attempt_out(attempt) for attempt in selectors.attempts_of(apprenticeship)]


@router.get(SUBMISSIONS, response={200: list[SubmissionRowOut]})
def gateway_submissions(request: HttpRequest, filters: Query[SubmissionFilters]):
    """The gateways submitted to your EPAO, newest first (none for anyone else)."""
    attempts = access.attempts_for_epao(request.auth).order_by("-submitted_at", "-pk")
    if filters.status:
        attempts = attempts.filter(status=filters.status)
    return [_submission_row(attempt) for attempt in attempts]


@router.get(SUBMISSION, response={200: SubmissionOut, 404: ErrorOut})
def gateway_submission(request: HttpRequest, attempt_id: int):
    """One submission with what the assessment needs: the checklist, declarations and
    overrides, the frozen Showcase, and the apprentice's and employer's contact details."""
    return _submission_out(request, access.get_attempt_for_epao(request.auth, attempt_id))


@router.post(f"{SUBMISSION}/accept", response={200: SubmissionOut, **ERRORS})
def gateway_submission_accept(request: HttpRequest, attempt_id: int, payload: AcceptIn):
    """Accept the gateway (the EPAO's admins): the apprentice goes forward to booking."""
    attempt = access.get_attempt_for_epao(request.auth, attempt_id)
    gateway_accept(attempt=attempt, decided_by=request.auth, **payload.dict())
    return _submission_out(request, access.get_attempt_for_epao(request.auth, attempt_id))


@router.post(f"{SUBMISSION}/return", response={200: SubmissionOut, **ERRORS})
def gateway_submission_return(request: HttpRequest, attempt_id: int, payload: ReturnIn):
    """Return the gateway with a reason for each requirement questioned (the EPAO's admins);
    the provider puts it right and submits a new attempt."""
    attempt = access.get_attempt_for_epao(request.auth, attempt_id)
    gateway_return(attempt=attempt, decided_by=request.auth, **payload.dict())
    return _submission_out(request, access.get_attempt_for_epao(request.auth, attempt_id))


def _snapshot(request: HttpRequest, attempt_id: int):
    attempt = access.get_attempt_for_epao(request.auth, attempt_id)
    if attempt.showcase_snapshot is None:
        raise Http404("No Showcase was submitted with this gateway.")
    return attempt.showcase_snapshot


@router.get(
    f"{SUBMISSION}/showcase/pdf",
    response={200: None, 404: ErrorOut},
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def gateway_submission_showcase_pdf(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """Download the Showcase frozen with the submission, as one PDF."""
    return downloads.pdf_response(_snapshot(request, attempt_id))


@router.get(
    f"{SUBMISSION}/showcase/zip",
    response={200: None, 404: ErrorOut},
    openapi_extra={"responses": {200: {"content": {"application/zip": {}}}}},
)
def gateway_submission_showcase_zip(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """Download the frozen Showcase's PDF and every file it lists, as one zip."""
    return downloads.zip_response(_snapshot(request, attempt_id))
