from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from trellis.form_errors import add_service_errors
from trellis.mentoring import access, selectors
from trellis.mentoring.forms import MentoringSessionForm, session_initial
from trellis.mentoring.rules import duration_label
from trellis.mentoring.services import (
    evidence_item_of,
    mentoring_session_change,
    mentoring_session_delete,
    mentoring_session_log,
    mentoring_session_to_evidence,
    refuse_change_as_evidence,
    refuse_delete_as_evidence,
)
from trellis.portfolio.access import get_apprenticeship_for_portfolio
from trellis.tables import hours, list_download
from trellis.wording import day_label

WHAT = "mentoring log"
# Refusals about a field the form shows as two selects land on the first of them.
FIELD_ALIASES = {"duration": "hours"}


def _page(apprenticeship, **context) -> dict:
    return {
        "apprenticeship": apprenticeship,
        "record_tab": "portfolio",
        "portfolio_tab": "mentoring",
        **context,
    }


def index(request, pk: int):
    apprenticeship = get_apprenticeship_for_portfolio(request.user, pk)
    can_write = access.can_write_log(request.user, apprenticeship)
    sessions = list(selectors.sessions_of(apprenticeship))
    for session in sessions:
        session.date_label = day_label(session.held_on)
        session.duration_label = duration_label(session.duration_minutes)
        session.item = evidence_item_of(session)
        session.change_refusal = refuse_change_as_evidence(session, "session")
    return render(
        request,
        "mentoring/index.html",
        _page(
            apprenticeship,
            sessions=sessions,
            summary=selectors.observation_summary(apprenticeship),
            can_write=can_write,
        ),
    )


SESSION_HEADINGS = (
    "Date",
    "Learner",
    "Format",
    "Hours",
    "Minutes",
    "Setting",
    "What was done",
    "Reflection",
    "KSBs shown",
    "Evidence",
    "Evidence status",
)


def sessions_export(request, pk: int, fmt: str):
    apprenticeship = get_apprenticeship_for_portfolio(request.user, pk)
    sessions = selectors.sessions_of(apprenticeship)
    return list_download(
        fmt,
        "mentoring-log",
        SESSION_HEADINGS,
        map(_session_line, sessions),
        of=apprenticeship.apprentice.full_name,
    )


def _session_line(session) -> tuple:
    item = evidence_item_of(session)
    return (
        session.held_on,
        session.learner_ref,
        session.get_format_display(),
        hours(session.duration_minutes),
        session.duration_minutes,
        session.setting,
        session.what_was_done,
        session.reflection,
        ", ".join(ksb.code for ksb in session.ksbs.all()),
        item.title if item else "",
        item.get_status_display() if item else "",
    )


def _form(apprenticeship, data=None, **kwargs) -> MentoringSessionForm:
    return MentoringSessionForm(data, ksbs=selectors.standard_ksbs(apprenticeship), **kwargs)


@require_http_methods(["GET", "POST"])
def session_log(request, pk: int):
    apprenticeship = get_apprenticeship_for_portfolio(request.user, pk)
    access.require_can_write_log(request.user, apprenticeship, WHAT)
    form = _form(apprenticeship, request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            session = mentoring_session_log(
                apprenticeship=apprenticeship, logged_by=request.user, details=form.details()
            )
        except ValidationError as error:
            add_service_errors(form, error, FIELD_ALIASES)
        else:
            messages.success(
                request,
                f"Session with {session.learner_ref} on {day_label(session.held_on)} logged.",
            )
            return redirect("mentoring:index", pk=pk)
    return render(request, "mentoring/session_form.html", _page(apprenticeship, form=form))


@require_http_methods(["GET", "POST"])
def session_edit(request, pk: int, session_id: int):
    session = access.get_session_for_user(request.user, pk, session_id)
    access.require_can_write_log(request.user, session.apprenticeship, WHAT)
    refusal = refuse_change_as_evidence(session, "session")
    if refusal:
        messages.error(request, refusal)
        return redirect("mentoring:index", pk=pk)
    form = _form(session.apprenticeship, request.POST or None, initial=session_initial(session))
    if request.method == "POST" and form.is_valid():
        try:
            mentoring_session_change(
                session=session, changed_by=request.user, details=form.details()
            )
        except ValidationError as error:
            add_service_errors(form, error, FIELD_ALIASES)
        else:
            messages.success(request, "The session has been changed.")
            return redirect("mentoring:index", pk=pk)
    return render(
        request,
        "mentoring/session_form.html",
        _page(session.apprenticeship, form=form, session=session),
    )


@require_http_methods(["GET", "POST"])
def session_delete(request, pk: int, session_id: int):
    session = access.get_session_for_user(request.user, pk, session_id)
    access.require_can_write_log(request.user, session.apprenticeship, WHAT)
    refusal = refuse_delete_as_evidence(session, "session")
    if refusal:
        messages.error(request, refusal)
        return redirect("mentoring:index", pk=pk)
    if request.method == "POST":
        try:
            mentoring_session_delete(session=session, deleted_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"The session with {session.learner_ref} on {day_label(session.held_on)} "
                "has been deleted.",
            )
        return redirect("mentoring:index", pk=pk)
    session.date_label = day_label(session.held_on)
    session.duration_label = duration_label(session.duration_minutes)
    return render(
        request, "mentoring/session_delete.html", _page(session.apprenticeship, session=session)
    )


@require_POST
def session_to_evidence(request, pk: int, session_id: int):
    session = access.get_session_for_user(request.user, pk, session_id)
    try:
        item = mentoring_session_to_evidence(session=session, used_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("mentoring:index", pk=pk)
    messages.success(request, "Now say which KSBs the session shows, and how.")
    return redirect("portfolio:item_map", pk, item.pk)
