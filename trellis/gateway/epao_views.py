"""The EPAO's side of gateway: the queue of submissions, and one submission with only what
the assessment needs, accepted or returned by the EPAO's admins."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, F, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from trellis.form_errors import add_service_errors
from trellis.gateway import access
from trellis.gateway.epao_forms import AcceptForm, ReturnForm
from trellis.gateway.models import Declaration, GatewayAttempt
from trellis.gateway.notifications import employer_contacts
from trellis.gateway.services import gateway_accept, gateway_return
from trellis.showcase.downloads import pdf_response, zip_response
from trellis.tables import day, list_download

RECENT = 20


def _require_epao_staff(user) -> None:
    if not access.is_epao_staff(user):
        raise Http404("No such page.")


def _overrides(attempt: GatewayAttempt) -> list[dict]:
    return [row for row in attempt.checklist if row.get("override_reason")]


def _queue_row(attempt: GatewayAttempt, today) -> dict:
    return {
        "attempt": attempt,
        "apprenticeship": attempt.apprenticeship,
        "days_waiting": (today - timezone.localdate(attempt.submitted_at)).days,
        "overrides": _overrides(attempt),
    }


def queue(request):
    _require_epao_staff(request.user)
    attempts = access.attempts_for_epao(request.user)
    today = timezone.localdate()
    Status = GatewayAttempt.Status
    awaiting = attempts.filter(status=Status.SUBMITTED).order_by("submitted_at", "pk")
    accepted = (
        attempts.filter(status=Status.ACCEPTED)
        .select_related("booking")
        .order_by("-decided_at", "-pk")[:RECENT]
    )
    returned = attempts.filter(status=Status.RETURNED).order_by("-decided_at", "-pk")[:RECENT]
    return render(
        request,
        "gateway/epao_queue.html",
        {
            "awaiting": [_queue_row(attempt, today) for attempt in awaiting],
            "accepted": [_queue_row(attempt, today) for attempt in accepted],
            "returned": [_queue_row(attempt, today) for attempt in returned],
        },
    )


QUEUE_HEADINGS = (
    "Apprentice",
    "Attempt",
    "Stage",
    "Submitted",
    "Days waiting",
    "Decided",
    "Provider",
    "Employer",
    "Standard",
    "Overrides",
)
# The queue's sections, as its headings name them.
QUEUE_STAGES = {
    GatewayAttempt.Status.SUBMITTED: "Awaiting your decision",
    GatewayAttempt.Status.ACCEPTED: "Accepted",
    GatewayAttempt.Status.RETURNED: "Returned",
}


def queue_export(request, fmt: str):
    _require_epao_staff(request.user)
    today = timezone.localdate()
    # The page's sections in its order, each in full: those awaiting a decision oldest
    # first, then the decided newest first.
    attempts = access.attempts_for_epao(request.user).order_by(
        Case(When(status=GatewayAttempt.Status.SUBMITTED, then=0), default=1),
        F("decided_at").desc(nulls_first=True),
        "submitted_at",
        "pk",
    )
    rows = (_queue_row(attempt, today) for attempt in attempts)
    return list_download(fmt, "gateway-queue", QUEUE_HEADINGS, map(_queue_line, rows))


def _queue_line(row: dict) -> tuple:
    attempt, apprenticeship = row["attempt"], row["apprenticeship"]
    standard = apprenticeship.standard_version.standard
    awaiting = attempt.status == GatewayAttempt.Status.SUBMITTED
    return (
        apprenticeship.apprentice.full_name,
        attempt.number,
        QUEUE_STAGES[attempt.status],
        day(attempt.submitted_at),
        row["days_waiting"] if awaiting else None,
        day(attempt.decided_at),
        apprenticeship.provider.name,
        apprenticeship.employer.name,
        f"{standard.title} ({standard.reference})",
        "; ".join(item["title"] for item in row["overrides"]),
    )


def _declarations(attempt: GatewayAttempt) -> list[dict]:
    declared = {
        declaration.party: declaration
        for declaration in attempt.declarations.select_related("declared_by")
    }
    return [
        {"label": label, "declaration": declared.get(party)}
        for party, label in Declaration.Party.choices
    ]


def _render_attempt(request, attempt, *, accept_form=None, return_form=None):
    apprenticeship = attempt.apprenticeship
    deciding = access.can_decide(request.user, attempt) and (
        attempt.status == GatewayAttempt.Status.SUBMITTED
    )
    if deciding:
        accept_form = accept_form or AcceptForm(initial={"revision": attempt.revision})
        return_form = return_form or ReturnForm(
            checklist=attempt.checklist, initial={"revision": attempt.revision}
        )
    earlier = (
        access.attempts_for_epao(request.user)
        .filter(apprenticeship=apprenticeship, epao_id=attempt.epao_id)
        .exclude(pk=attempt.pk)
        .prefetch_related("return_reasons")
        .order_by("-number")
    )
    booking = getattr(attempt, "booking", None)
    return render(
        request,
        "gateway/epao_attempt.html",
        {
            "attempt": attempt,
            "apprenticeship": apprenticeship,
            "employer_contacts": employer_contacts(apprenticeship),
            "checklist": attempt.checklist,
            "overrides": _overrides(attempt),
            "declarations": _declarations(attempt),
            "snapshot": attempt.showcase_snapshot,
            "return_reasons": attempt.return_reasons.all(),
            "earlier": earlier,
            "booking": booking,
            "deciding": deciding,
            "accept_form": accept_form,
            "return_form": return_form,
        },
    )


def attempt(request, attempt_pk: int):
    found = access.get_attempt_for_epao(request.user, attempt_pk)
    return _render_attempt(request, found)


def _attempt_to_decide(request, attempt_pk: int) -> GatewayAttempt:
    found = access.get_attempt_for_epao(request.user, attempt_pk)
    access.require_can_decide(request.user, found)
    return found


@require_POST
def accept(request, attempt_pk: int):
    found = _attempt_to_decide(request, attempt_pk)
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            gateway_accept(
                attempt=found,
                decided_by=request.user,
                note=form.cleaned_data["note"],
                revision=form.cleaned_data["revision"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            name = found.apprenticeship.apprentice.full_name
            messages.success(
                request,
                f"Gateway accepted: {name}. The employer is asked to offer dates for the "
                "assessment.",
            )
            return redirect("gateway:epao_attempt", attempt_pk=found.pk)
    return _render_attempt(request, found, accept_form=form)


@require_POST
def return_(request, attempt_pk: int):
    found = _attempt_to_decide(request, attempt_pk)
    form = ReturnForm(request.POST, checklist=found.checklist)
    if form.is_valid():
        try:
            gateway_return(
                attempt=found,
                decided_by=request.user,
                reasons=form.reasons(),
                revision=form.cleaned_data["revision"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            name = found.apprenticeship.apprentice.full_name
            messages.success(
                request,
                f"Gateway returned: {name}. The provider has been told what to put right.",
            )
            return redirect("gateway:epao_attempt", attempt_pk=found.pk)
    return _render_attempt(request, found, return_form=form)


def _snapshot(request, attempt_pk: int):
    found = access.get_attempt_for_epao(request.user, attempt_pk)
    if found.showcase_snapshot is None:
        raise Http404("This submission has no Showcase.")
    return found.showcase_snapshot


def showcase_pdf(request, attempt_pk: int):
    return pdf_response(_snapshot(request, attempt_pk))


def showcase_zip(request, attempt_pk: int):
    return zip_response(_snapshot(request, attempt_pk))
