from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from trellis.apprenticeships.access import get_apprenticeship_for_user
from trellis.form_errors import add_service_errors
from trellis.otj import access, selectors
from trellis.otj.forms import OtjEntryForm, PriorLearningReductionForm, RejectionForm
from trellis.otj.models import OtjEntry
from trellis.otj.rules import day_label, hours_label
from trellis.otj.services import (
    otj_entry_change,
    otj_entry_confirm,
    otj_entry_log,
    otj_entry_reject,
    otj_entry_withdraw,
    prior_learning_reduction_record,
)
from trellis.otj.trajectory import trajectory_chart
from trellis.tables import hours, list_download

ENTRIES_PER_PAGE = 15


def _entry_form(apprenticeship, data=None, **kwargs) -> OtjEntryForm:
    return OtjEntryForm(
        data,
        activities=selectors.current_plan_activities(apprenticeship),
        ksbs=selectors.standard_ksbs(apprenticeship),
        **kwargs,
    )


def _render_ledger(request, apprenticeship):
    party = access.logging_party(request.user, apprenticeship)
    today = timezone.localdate()
    summary = selectors.ledger_summary(apprenticeship, today=today)
    entries = selectors.ledger_entries(apprenticeship)
    to_decide = (
        entries.filter(status=OtjEntry.Status.AWAITING_CONFIRMATION)
        .exclude(logged_as=party)
        .count()
        if party
        else 0
    )
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    for entry in page:
        entry.apprenticeship = apprenticeship
        entry.user_can_decide = access.can_decide(request.user, entry, party)
        entry.user_can_change = (
            entry.status == entry.Status.AWAITING_CONFIRMATION
            and access.can_change(request.user, entry)
        )
    reduction_form = None
    if access.can_record_prior_learning(request.user, apprenticeship):
        reduction = summary.required.reduction
        initial = {"hours": reduction.hours, "reason": reduction.reason} if reduction else None
        reduction_form = PriorLearningReductionForm(initial=initial)
    can_log = party is not None and summary.stopped is None
    log_form = _entry_form(apprenticeship, initial={"date": today}) if can_log else None
    trajectory = selectors.ledger_trajectory(
        apprenticeship,
        required=summary.required.hours,
        today=today,
        stopped_on=summary.stopped_on,
    )
    return render(
        request,
        "otj/index.html",
        {
            "apprenticeship": apprenticeship,
            "record_tab": "otj",
            "summary": summary,
            "trajectory": trajectory,
            "trajectory_chart": trajectory_chart(trajectory) if trajectory else None,
            "page": page,
            "to_decide": to_decide,
            "party": party,
            "form": log_form,
            "reduction_form": reduction_form,
        },
    )


def index(request, pk: int):
    apprenticeship = get_apprenticeship_for_user(request.user, pk)
    return _render_ledger(request, apprenticeship)


ENTRY_HEADINGS = (
    "Date",
    "Start",
    "End",
    "Hours",
    "Minutes",
    "Kind",
    "Activity",
    "What was done",
    "KSBs",
    "Logged by",
    "Logged as",
    "Status",
    "Decided by",
    "Reason for rejecting",
)


def entries_export(request, pk: int, fmt: str):
    apprenticeship = get_apprenticeship_for_user(request.user, pk)
    entries = selectors.ledger_entries(apprenticeship)
    return list_download(
        fmt,
        "off-the-job-hours",
        ENTRY_HEADINGS,
        map(_entry_line, entries),
        of=apprenticeship.apprentice.full_name,
    )


def _entry_line(entry: OtjEntry) -> tuple:
    return (
        entry.date,
        entry.start_time,
        entry.end_time,
        hours(entry.duration_minutes),
        entry.duration_minutes,
        entry.get_kind_display(),
        entry.activity.title if entry.activity else "",
        entry.description,
        ", ".join(ksb.code for ksb in entry.ksbs.all()),
        entry.logged_by.full_name,
        entry.get_logged_as_display(),
        entry.get_status_display(),
        entry.decided_by.full_name if entry.decided_by else "",
        entry.rejection_reason,
    )


@require_POST
def entry_log(request, pk: int):
    apprenticeship = get_apprenticeship_for_user(request.user, pk)
    access.require_logging_party(request.user, apprenticeship)
    form = _entry_form(apprenticeship, request.POST)
    if form.is_valid():
        try:
            entry = otj_entry_log(
                apprenticeship=apprenticeship, logged_by=request.user, details=form.details()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{hours_label(entry.hours)} hours on {day_label(entry.date)} logged, "
                "awaiting confirmation.",
            )
            return redirect("otj:index", pk=pk)
    return render(request, "otj/entry_form.html", {"apprenticeship": apprenticeship, "form": form})


@require_http_methods(["GET", "POST"])
def entry_edit(request, pk: int, entry_id: int):
    entry = access.get_entry_for_user(request.user, pk, entry_id)
    access.require_can_change(request.user, entry)
    initial = {
        "date": entry.date,
        "start_time": entry.start_time,
        "end_time": entry.end_time,
        "kind": entry.kind,
        "activity": entry.activity_id,
        "description": entry.description,
        "ksbs": list(entry.ksbs.all()),
    }
    if entry.start_time is None:
        initial |= {"hours": entry.duration_minutes // 60, "minutes": entry.duration_minutes % 60}
    form = _entry_form(entry.apprenticeship, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            otj_entry_change(entry=entry, changed_by=request.user, details=form.details())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The entry has been changed.")
            return redirect("otj:index", pk=pk)
    return render(
        request,
        "otj/entry_form.html",
        {"apprenticeship": entry.apprenticeship, "entry": entry, "form": form},
    )


@require_POST
def entry_withdraw(request, pk: int, entry_id: int):
    entry = access.get_entry_for_user(request.user, pk, entry_id)
    try:
        otj_entry_withdraw(entry=entry, withdrawn_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The entry for {day_label(entry.date)} has been withdrawn.")
    return redirect("otj:index", pk=pk)


@require_POST
def entry_confirm(request, pk: int, entry_id: int):
    entry = access.get_entry_for_user(request.user, pk, entry_id)
    try:
        otj_entry_confirm(entry=entry, confirmed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"{hours_label(entry.hours)} hours on {day_label(entry.date)} confirmed."
        )
    return redirect("otj:index", pk=pk)


@require_http_methods(["GET", "POST"])
def entry_reject(request, pk: int, entry_id: int):
    entry = access.get_entry_for_user(request.user, pk, entry_id)
    access.require_can_decide(request.user, entry)
    form = RejectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            otj_entry_reject(
                entry=entry, rejected_by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The entry for {day_label(entry.date)} has been rejected.")
            return redirect("otj:index", pk=pk)
    return render(
        request,
        "otj/reject.html",
        {"apprenticeship": entry.apprenticeship, "entry": entry, "form": form},
    )


@require_POST
def prior_learning_record(request, pk: int):
    apprenticeship = get_apprenticeship_for_user(request.user, pk)
    access.require_can_record_prior_learning(request.user, apprenticeship)
    form = PriorLearningReductionForm(request.POST)
    if form.is_valid():
        try:
            prior_learning_reduction_record(
                apprenticeship=apprenticeship, recorded_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The prior-learning reduction has been recorded.")
            return redirect("otj:index", pk=pk)
    return render(
        request, "otj/reduction_form.html", {"apprenticeship": apprenticeship, "form": form}
    )
