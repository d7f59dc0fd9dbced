from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from trellis.cpd import access, selectors
from trellis.cpd.forms import CpdRecordForm, record_initial
from trellis.cpd.services import (
    cpd_record_change,
    cpd_record_create,
    cpd_record_delete,
    cpd_record_to_evidence,
)
from trellis.form_errors import add_service_errors
from trellis.mentoring.rules import duration_label
from trellis.mentoring.selectors import standard_ksbs
from trellis.mentoring.services import (
    evidence_item_of,
    refuse_change_as_evidence,
    refuse_delete_as_evidence,
)
from trellis.mentoring.views import FIELD_ALIASES
from trellis.portfolio.access import get_apprenticeship_for_portfolio
from trellis.tables import hours, list_download
from trellis.wording import day_label

WHAT = "CPD log"


def _page(apprenticeship, **context) -> dict:
    return {
        "apprenticeship": apprenticeship,
        "record_tab": "portfolio",
        "portfolio_tab": "cpd",
        **context,
    }


def _ksb_hint(apprenticeship, *, preselected: bool = False) -> str:
    codes = selectors.cpd_ksb_codes(apprenticeship)
    hint = "The knowledge, skills and behaviours this CPD develops."
    if codes:
        listed = " and ".join([", ".join(codes[:-1]), codes[-1]] if len(codes) > 1 else codes)
        hint = (
            f"CPD usually shows the standard's continuing professional development KSBs ({listed})."
        )
    return f"{hint} Those of your previous record are ticked." if preselected else hint


def index(request, pk: int):
    apprenticeship = get_apprenticeship_for_portfolio(request.user, pk)
    records = list(selectors.records_of(apprenticeship))
    for record in records:
        record.date_label = day_label(record.done_on)
        record.duration_label = duration_label(record.duration_minutes)
        record.item = evidence_item_of(record)
        record.change_refusal = refuse_change_as_evidence(record, "CPD record")
    return render(
        request,
        "cpd/index.html",
        _page(
            apprenticeship,
            records=records,
            can_write=access.can_write_log(request.user, apprenticeship),
        ),
    )


RECORD_HEADINGS = (
    "Date",
    "Title",
    "Kind",
    "Hours",
    "Minutes",
    "What I learned",
    "How it changes my practice",
    "KSBs",
    "Evidence",
    "Evidence status",
)


def records_export(request, pk: int, fmt: str):
    apprenticeship = get_apprenticeship_for_portfolio(request.user, pk)
    records = selectors.records_of(apprenticeship)
    return list_download(
        fmt,
        "cpd-log",
        RECORD_HEADINGS,
        map(_record_line, records),
        of=apprenticeship.apprentice.full_name,
    )


def _record_line(record) -> tuple:
    item = evidence_item_of(record)
    return (
        record.done_on,
        record.title,
        record.get_kind_display(),
        hours(record.duration_minutes),
        record.duration_minutes,
        record.what_was_learned,
        record.impact,
        ", ".join(ksb.code for ksb in record.ksbs.all()),
        item.title if item else "",
        item.get_status_display() if item else "",
    )


def _form(apprenticeship, data=None, **kwargs) -> CpdRecordForm:
    return CpdRecordForm(data, ksbs=standard_ksbs(apprenticeship), **kwargs)


@require_http_methods(["GET", "POST"])
def record_create(request, pk: int):
    apprenticeship = get_apprenticeship_for_portfolio(request.user, pk)
    access.require_can_write_log(request.user, apprenticeship, WHAT)
    previous = selectors.previous_ksbs(apprenticeship)
    initial = {"done_on": timezone.localdate(), "ksbs": previous}
    form = _form(apprenticeship, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record = cpd_record_create(
                apprenticeship=apprenticeship, logged_by=request.user, details=form.details()
            )
        except ValidationError as error:
            add_service_errors(form, error, FIELD_ALIASES)
        else:
            messages.success(request, f"“{record.title}” recorded.")
            return redirect("cpd:index", pk=pk)
    return render(
        request,
        "cpd/record_form.html",
        _page(
            apprenticeship,
            form=form,
            ksb_hint=_ksb_hint(apprenticeship, preselected=bool(previous)),
        ),
    )


@require_http_methods(["GET", "POST"])
def record_edit(request, pk: int, record_id: int):
    record = access.get_record_for_user(request.user, pk, record_id)
    access.require_can_write_log(request.user, record.apprenticeship, WHAT)
    refusal = refuse_change_as_evidence(record, "CPD record")
    if refusal:
        messages.error(request, refusal)
        return redirect("cpd:index", pk=pk)
    form = _form(record.apprenticeship, request.POST or None, initial=record_initial(record))
    if request.method == "POST" and form.is_valid():
        try:
            cpd_record_change(record=record, changed_by=request.user, details=form.details())
        except ValidationError as error:
            add_service_errors(form, error, FIELD_ALIASES)
        else:
            messages.success(request, "The CPD record has been changed.")
            return redirect("cpd:index", pk=pk)
    return render(
        request,
        "cpd/record_form.html",
        _page(
            record.apprenticeship,
            form=form,
            record=record,
            ksb_hint=_ksb_hint(record.apprenticeship),
        ),
    )


@require_http_methods(["GET", "POST"])
def record_delete(request, pk: int, record_id: int):
    record = access.get_record_for_user(request.user, pk, record_id)
    access.require_can_write_log(request.user, record.apprenticeship, WHAT)
    refusal = refuse_delete_as_evidence(record, "CPD record")
    if refusal:
        messages.error(request, refusal)
        return redirect("cpd:index", pk=pk)
    if request.method == "POST":
        try:
            cpd_record_delete(record=record, deleted_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"“{record.title}” has been deleted.")
        return redirect("cpd:index", pk=pk)
    record.date_label = day_label(record.done_on)
    return render(request, "cpd/record_delete.html", _page(record.apprenticeship, record=record))


@require_POST
def record_to_evidence(request, pk: int, record_id: int):
    record = access.get_record_for_user(request.user, pk, record_id)
    try:
        item = cpd_record_to_evidence(record=record, used_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cpd:index", pk=pk)
    messages.success(request, "Now say which KSBs the CPD shows, and how.")
    return redirect("portfolio:item_map", pk, item.pk)
