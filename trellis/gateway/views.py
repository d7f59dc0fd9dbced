"""The provider's side of gateway: the pipeline, and one apprentice's gateway tab with its
sign-off, overrides, submission and the attempts kept."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.rules import add_months
from trellis.booking import access as booking_access
from trellis.booking import selectors as booking_selectors
from trellis.booking.models import Booking, DateRange, EpaDate
from trellis.caseload import access as caseload_access
from trellis.caseload import selectors as caseload_selectors
from trellis.caseload.models import CaseloadSummary
from trellis.form_errors import add_service_errors
from trellis.gateway import access, selectors, services
from trellis.gateway import readiness as rules
from trellis.gateway.forms import OverrideForm, PipelineFilterForm
from trellis.gateway.models import Declaration, GatewayAttempt
from trellis.portfolio.models import KsbCoverage
from trellis.standards.models import KSB
from trellis.tables import day, list_download
from trellis.wording import day_label

# How far ahead the pipeline looks for apprentices reaching their minimum time on programme.
APPROACHING_MONTHS = 3


# --- One apprentice's gateway tab ---------------------------------------------------------------


def _record_context(apprenticeship: Apprenticeship, **extra) -> dict:
    return {"apprenticeship": apprenticeship, "record_tab": "gateway", **extra}


def _frozen_checks(attempt: GatewayAttempt) -> tuple[list[rules.Check], rules.Check | None]:
    """Return the checklist as it stood on submission, and its sign-off row apart."""
    rows = [rules.Check(**row) for row in attempt.checklist]
    sign_off = next((row for row in rows if row.code == rules.SIGN_OFF_CODE), None)
    return [row for row in rows if row.code != rules.SIGN_OFF_CODE], sign_off


def _declarations_in_order(declared: dict[str, Declaration]) -> list[dict]:
    return [
        {"party": party, "label": rules.SIGN_OFF_LABELS[party], "declaration": declared.get(party)}
        for party in rules.SIGN_OFF_ORDER
    ]


def _booking_context(user, apprenticeship: Apprenticeship) -> dict:
    booking = booking_access.current_booking(apprenticeship.pk)
    if booking is None:
        return {"booking": None}
    return {
        "booking": booking,
        "date_range": booking_selectors.current_range(booking),
        "live_dates": list(booking_selectors.live_dates(booking)),
        "date_history": [
            epa_date
            for epa_date in booking_selectors.date_history(booking)
            if epa_date.status != EpaDate.Status.BOOKED
        ],
        "can_offer_dates": booking_access.can_offer_dates(user, booking),
    }


def _status_summary(state: selectors.Readiness, returned: GatewayAttempt | None) -> str:
    current = state.attempt
    if current is not None and current.status == GatewayAttempt.Status.SUBMITTED:
        on = day_label(timezone.localdate(current.submitted_at))
        return f"Submitted to {current.epao.name} on {on}: waiting for their decision."
    if current is not None and current.status == GatewayAttempt.Status.ACCEPTED:
        on = day_label(timezone.localdate(current.decided_at))
        return f"Accepted by {current.epao.name} on {on}: the end-point assessment is booked next."
    if current is not None and state.declared:
        if state.next_to_declare is None:
            return "Signed off by all three: ready to submit to the EPAO."
        return f"Signing off: {rules.SIGN_OFF_LABELS[state.next_to_declare]} declares next."
    if returned is not None and returned.decided_at:
        on = day_label(timezone.localdate(returned.decided_at))
        prefix = f"Returned on {on}: see the reasons below. "
    else:
        prefix = ""
    if state.requirements_satisfied:
        return f"{prefix}Ready to sign off: the training consultant declares first."
    missing = len(state.unmet)
    return f"{prefix}Not ready yet: {missing} requirement{'s' if missing != 1 else ''} not met."


def readiness(request, pk: int):
    apprenticeship = access.get_apprenticeship_for_gateway(request.user, pk)
    state = selectors.readiness_for(apprenticeship, today=timezone.localdate())
    attempts = list(selectors.attempts_of(apprenticeship))
    current = state.attempt
    preparing = current is None or current.status == GatewayAttempt.Status.PREPARING
    returned = next(
        (
            found
            for found in attempts
            if found.status == GatewayAttempt.Status.RETURNED and preparing
        ),
        None,
    )
    on_programme = apprenticeship.status == Apprenticeship.Status.ON_PROGRAMME
    party = access.declaring_party(request.user, apprenticeship)
    can_declare = (
        preparing
        and on_programme
        and party is not None
        and party == state.next_to_declare
        and state.requirements_satisfied
    )
    checks, sign_off = state.checks, state.sign_off
    if not preparing and current.checklist:
        checks, frozen_sign_off = _frozen_checks(current)
        sign_off = frozen_sign_off or sign_off
    return render(
        request,
        "gateway/readiness.html",
        _record_context(
            apprenticeship,
            state=state,
            summary=_status_summary(state, returned),
            checks=checks,
            sign_off=sign_off,
            declarations=_declarations_in_order(state.declared),
            next_label=rules.SIGN_OFF_LABELS.get(state.next_to_declare or "", ""),
            overrides=list(current.overrides.all()) if current else [],
            preparing=preparing,
            returned=returned,
            earlier=[
                attempt for attempt in attempts if current is None or attempt.pk != current.pk
            ],
            can_declare=can_declare,
            statement=services.statement_for(party, apprenticeship) if can_declare else "",
            can_override=(
                preparing
                and on_programme
                and not state.declared
                and state.overrides_left > 0
                and access.can_override(request.user, apprenticeship)
            ),
            can_submit=(
                current is not None
                and preparing
                and state.ready_to_submit
                and access.can_submit(request.user, apprenticeship)
            ),
            **_booking_context(request.user, apprenticeship),
        ),
    )


def _declared_message(apprenticeship: Apprenticeship, declaration: Declaration) -> str:
    order = rules.SIGN_OFF_ORDER
    position = order.index(declaration.party)
    if declaration.party == Declaration.Party.APPRENTICE:
        done = "You declared yourself competent and ready."
    else:
        done = f"You declared {apprenticeship.apprentice.full_name} competent and ready."
    if position + 1 < len(order):
        return f"{done} Next: {rules.SIGN_OFF_LABELS[order[position + 1]]}."
    return (
        f"{done} The sign-off is complete: the training consultant or a provider admin can now "
        "submit the gateway."
    )


@require_POST
def declare(request, pk: int):
    apprenticeship = access.get_apprenticeship_for_gateway(request.user, pk)
    try:
        declaration = services.gateway_declare(
            apprenticeship=apprenticeship, declared_by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _declared_message(apprenticeship, declaration))
    return redirect("gateway:readiness", pk=pk)


@require_http_methods(["GET", "POST"])
def override(request, pk: int):
    apprenticeship = access.get_apprenticeship_for_gateway(request.user, pk)
    access.require_can_override(request.user, apprenticeship)
    state = selectors.readiness_for(apprenticeship, today=timezone.localdate())
    form = OverrideForm(
        request.POST if request.method == "POST" else None,
        unmet=state.unmet,
        initial={"requirement": request.GET.get("requirement")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            done = services.gateway_override(
                apprenticeship=apprenticeship,
                requirement_code=form.cleaned_data["requirement"],
                reason=form.cleaned_data["reason"],
                overridden_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"“{done.requirement_title}” is overridden. The EPAO will read your reason "
                "with the gateway submission.",
            )
            return redirect("gateway:readiness", pk=pk)
    return render(
        request,
        "gateway/override.html",
        _record_context(
            apprenticeship,
            form=form,
            state=state,
            signing_begun=bool(state.declared),
        ),
    )


@require_POST
def submit(request, pk: int):
    apprenticeship = access.get_apprenticeship_for_gateway(request.user, pk)
    try:
        attempt = services.gateway_submit(apprenticeship=apprenticeship, submitted_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Submitted to {attempt.epao.name}. The Showcase is frozen and off-the-job hours "
            "stop; everyone concerned has been told.",
        )
    return redirect("gateway:readiness", pk=pk)


def attempt(request, pk: int, number: int):
    apprenticeship = access.get_apprenticeship_for_gateway(request.user, pk)
    found = selectors.attempts_of(apprenticeship).filter(number=number).first()
    if found is None:
        raise Http404("No such gateway attempt.")
    checks, sign_off = _frozen_checks(found)
    declared = {declaration.party: declaration for declaration in found.declarations.all()}
    return render(
        request,
        "gateway/attempt.html",
        _record_context(
            apprenticeship,
            attempt=found,
            checks=checks,
            sign_off=sign_off,
            declarations=_declarations_in_order(declared),
            overrides=list(found.overrides.all()),
            reasons=list(found.return_reasons.all()),
        ),
    )


# --- The provider's pipeline ------------------------------------------------------------------


@dataclass
class PipelineRow:
    """One apprentice on the pipeline, with what their stage needs said about them."""

    apprenticeship: Apprenticeship
    attempt: GatewayAttempt | None = None
    next_label: str = ""
    booking: Booking | None = None
    date_range: DateRange | None = None
    next_day: EpaDate | None = None
    minimum_met_on: date | None = None
    ksbs_secure: int = 0
    ksbs_total: int = 0
    otj_confirmed: Decimal | None = None
    otj_required: Decimal | None = None


@dataclass
class Pipeline:
    returned: list[PipelineRow]
    signing: list[PipelineRow]
    submitted: list[PipelineRow]
    accepted: list[PipelineRow]
    approaching: list[PipelineRow]

    @property
    def is_empty(self) -> bool:
        return not any(
            (self.returned, self.signing, self.submitted, self.accepted, self.approaching)
        )


def _latest_attempts(apprenticeship_ids: list[int]) -> dict[int, GatewayAttempt]:
    latest: dict[int, GatewayAttempt] = {}
    attempts = (
        GatewayAttempt.objects.filter(apprenticeship_id__in=apprenticeship_ids)
        .select_related("epao", "decided_by")
        .prefetch_related("declarations")
        .order_by("apprenticeship_id", "-number")
    )
    for gateway_attempt in attempts:
        latest.setdefault(gateway_attempt.apprenticeship_id, gateway_attempt)
    return latest


def _bookings_by_attempt(attempt_ids: list[int], today: date) -> dict[int, dict]:
    bookings = Booking.objects.filter(attempt_id__in=attempt_ids).select_related("assessor")
    found = {
        booking.pk: {"booking": booking, "range": None, "next_day": None} for booking in bookings
    }
    for date_range in DateRange.objects.filter(booking_id__in=found).order_by("given_at", "pk"):
        found[date_range.booking_id]["range"] = date_range
    upcoming = EpaDate.objects.filter(
        booking_id__in=found, status=EpaDate.Status.BOOKED, day__gte=today
    ).order_by("-day", "-starts_at")
    for epa_date in upcoming:
        found[epa_date.booking_id]["next_day"] = epa_date
    return {entry["booking"].attempt_id: entry for entry in found.values()}


def _approaching(apprenticeships: list[Apprenticeship], today: date) -> list[PipelineRow]:
    horizon = add_months(today, APPROACHING_MONTHS)
    rows = []
    for apprenticeship in apprenticeships:
        met_on = add_months(apprenticeship.start_date, selectors.minimum_months(apprenticeship))
        if met_on <= horizon:
            rows.append(PipelineRow(apprenticeship=apprenticeship, minimum_met_on=met_on))
    if not rows:
        return rows
    ids = [row.apprenticeship.pk for row in rows]
    secure = dict(
        KsbCoverage.objects.filter(apprenticeship_id__in=ids, state=KsbCoverage.State.SECURE)
        .values("apprenticeship_id")
        .annotate(count=Count("pk"))
        .values_list("apprenticeship_id", "count")
    )
    totals = dict(
        KSB.objects.filter(
            standard_version_id__in={row.apprenticeship.standard_version_id for row in rows}
        )
        .values("standard_version_id")
        .annotate(count=Count("pk"))
        .values_list("standard_version_id", "count")
    )
    summaries = {
        summary.apprenticeship_id: summary
        for summary in CaseloadSummary.objects.filter(apprenticeship_id__in=ids)
    }
    for row in rows:
        summary = summaries.get(row.apprenticeship.pk)
        row.ksbs_secure = secure.get(row.apprenticeship.pk, 0)
        row.ksbs_total = totals.get(row.apprenticeship.standard_version_id, 0)
        if summary is not None:
            row.otj_confirmed = summary.otj_actual_hours
            row.otj_required = summary.otj_required_hours
    return sorted(
        rows, key=lambda row: (row.minimum_met_on, row.apprenticeship.apprentice.full_name)
    )


def _pipeline(apprenticeships: list[Apprenticeship], today: date) -> Pipeline:
    latest = _latest_attempts([apprenticeship.pk for apprenticeship in apprenticeships])
    accepted_ids = [
        found.pk for found in latest.values() if found.status == GatewayAttempt.Status.ACCEPTED
    ]
    bookings = _bookings_by_attempt(accepted_ids, today) if accepted_ids else {}
    pipeline = Pipeline(returned=[], signing=[], submitted=[], accepted=[], approaching=[])
    not_started = []
    for apprenticeship in apprenticeships:
        found = latest.get(apprenticeship.pk)
        if found is None:
            if apprenticeship.status == Apprenticeship.Status.ON_PROGRAMME:
                not_started.append(apprenticeship)
            continue
        row = PipelineRow(apprenticeship=apprenticeship, attempt=found)
        if found.status == GatewayAttempt.Status.RETURNED:
            pipeline.returned.append(row)
        elif found.status == GatewayAttempt.Status.PREPARING:
            waiting = rules.next_to_declare(d.party for d in found.declarations.all())
            row.next_label = rules.SIGN_OFF_LABELS[waiting] if waiting else ""
            pipeline.signing.append(row)
        elif found.status == GatewayAttempt.Status.SUBMITTED:
            pipeline.submitted.append(row)
        else:
            entry = bookings.get(found.pk)
            if entry:
                row.booking, row.date_range = entry["booking"], entry["range"]
                row.next_day = entry["next_day"]
            pipeline.accepted.append(row)
    pipeline.approaching = _approaching(not_started, today)
    return pipeline


def _pipeline_shown(request, today: date) -> tuple[Pipeline, PipelineFilterForm | None]:
    """Return the person's apprentices on the pipeline, with the consultant filter for those
    who look across the provider (None for the others); 404 for anyone not the provider's."""
    if not access.sees_pipeline(request.user):
        raise Http404("The gateway pipeline is for the training provider's staff.")
    form = None
    apprenticeships = Apprenticeship.objects.filter(
        caseload_access.caseload_filter(request.user),
        status__in=[
            Apprenticeship.Status.ON_PROGRAMME,
            Apprenticeship.Status.GATEWAY,
            Apprenticeship.Status.IN_EPA,
        ],
    )
    if caseload_access.sees_whole_provider(request.user):
        form = PipelineFilterForm(
            request.GET, consultants=caseload_selectors.consultant_choices(request.user)
        )
        consultant_id = form.consultant_id()
        if consultant_id:
            apprenticeships = apprenticeships.filter(consultant_id=consultant_id)
    apprenticeships = apprenticeships.select_related(
        "apprentice", "employer", "consultant", "epao", "standard_version__standard"
    ).order_by("apprentice__full_name", "pk")
    return _pipeline(list(apprenticeships), today), form


def pipeline(request):
    today = timezone.localdate()
    found, form = _pipeline_shown(request, today)
    return render(
        request,
        "gateway/pipeline.html",
        {
            "pipeline": found,
            "form": form,
            "today": today,
            "show_consultant": form is not None,
            "approaching_months": APPROACHING_MONTHS,
            "horizon": day_label(add_months(today, APPROACHING_MONTHS)),
        },
    )


# The pipeline's stages in the page's order, as its headings name them.
PIPELINE_STAGES = {
    "returned": "Returned by the EPAO",
    "signing": "Signing off",
    "submitted": "Submitted, awaiting the EPAO",
    "accepted": "Accepted: booking",
    "approaching": "Approaching gateway",
}
PIPELINE_HEADINGS = (
    "Apprentice",
    "Employer",
    "Consultant",
    "Stage",
    "Sign-off",
    "EPAO",
    "Attempt",
    "Submitted",
    "Decided",
    "Dates offered from",
    "Dates offered until",
    "Assessor",
    "Next booked day",
    "Starts at",
    "Activity",
    "Minimum time on programme reached on",
    "KSBs secure",
    "KSBs in the standard",
    "Off-the-job hours confirmed",
    "Off-the-job hours required",
)


def pipeline_export(request, fmt: str):
    found, _ = _pipeline_shown(request, timezone.localdate())
    lines = (
        _pipeline_line(stage, row)
        for name, stage in PIPELINE_STAGES.items()
        for row in getattr(found, name)
    )
    return list_download(fmt, "gateway-pipeline", PIPELINE_HEADINGS, lines)


def _pipeline_line(stage: str, row: PipelineRow) -> tuple:
    apprenticeship = row.apprenticeship
    consultant = apprenticeship.consultant
    return (
        apprenticeship.apprentice.full_name,
        apprenticeship.employer.name,
        consultant.full_name if consultant else "No consultant",
        stage,
        *_attempt_facts(row),
        *_booking_facts(row),
        *_approaching_facts(row),
    )


def _attempt_facts(row: PipelineRow) -> tuple:
    """Sign-off, EPAO, attempt, submitted and decided, for an apprentice with an attempt."""
    attempt = row.attempt
    if attempt is None:
        return (None,) * 5
    if attempt.status != GatewayAttempt.Status.PREPARING:
        sign_off = None
    elif row.next_label:
        sign_off = f"{row.next_label.capitalize()} declares next"
    else:
        sign_off = "Signed off: ready to submit"
    # Until it is submitted, the attempt goes to the apprenticeship's EPAO.
    epao = attempt.epao or row.apprenticeship.epao
    return (
        sign_off,
        epao.name if epao else None,
        attempt.number,
        day(attempt.submitted_at),
        day(attempt.decided_at),
    )


def _booking_facts(row: PipelineRow) -> tuple:
    """The dates offered, assessor and next booked day, for an accepted gateway."""
    if row.attempt is None or row.attempt.status != GatewayAttempt.Status.ACCEPTED:
        return (None,) * 6
    offered, next_day = row.date_range, row.next_day
    assessor = row.booking.assessor if row.booking else None
    return (
        offered.available_from if offered else None,
        offered.available_until if offered else None,
        assessor.full_name if assessor else "Not assigned yet",
        next_day.day if next_day else None,
        next_day.starts_at if next_day else None,
        next_day.activity if next_day else None,
    )


def _approaching_facts(row: PipelineRow) -> tuple:
    """The minimum time, KSBs secure and off-the-job hours, for one approaching gateway."""
    if row.minimum_met_on is None:
        return (None,) * 5
    return (
        row.minimum_met_on,
        row.ksbs_secure,
        row.ksbs_total,
        row.otj_confirmed,
        row.otj_required,
    )
