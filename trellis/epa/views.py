"""The independent assessor's pages: the overview of one assessment, the desk review, the
questions, each method's record (saved as it is typed), ending early and finalising.

Every small form posts to its page. Sent by the page's script it answers with JSON, so the
assessor keeps typing; sent without the script it saves the same way and returns to the page.
"""

import uuid

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from trellis.booking import access as booking_access
from trellis.epa import access, forms, record, selectors, services
from trellis.epa.models import BankQuestion, Question
from trellis.form_errors import add_service_errors


def _wants_json(request) -> bool:
    return request.headers.get("X-Autosave") == "1"


def _errors(error: Exception) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {field: list(texts) for field, texts in error.message_dict.items()}
    return {"__all__": list(getattr(error, "messages", [str(error)]))}


def _saved(request, to: str, **extra):
    if _wants_json(request):
        return JsonResponse({"saved_at": timezone.localtime().strftime("%H:%M:%S"), **extra})
    messages.success(request, "Saved.")
    return redirect(to)


def _refused(request, error: Exception, to: str):
    found = _errors(error)
    if _wants_json(request):
        return JsonResponse({"errors": found}, status=400)
    for texts in found.values():
        for text in texts:
            messages.error(request, text)
    return redirect(to)


def _save(request, to: str, action, state=None):
    """Run one save from a small form, answering the script or the browser."""
    try:
        action()
    except (ValidationError, django_forms.ValidationError, PermissionDenied) as error:
        if isinstance(error, PermissionDenied):
            error = ValidationError(str(error))
        return _refused(request, error, to)
    return _saved(request, to, **(state() if state and _wants_json(request) else {}))


def _assessment(request, pk: int):
    return access.get_assessment_for_work(request.user, pk)


def _context(request, assessment, **extra) -> dict:
    return {
        "assessment": assessment,
        "apprenticeship": assessment.apprenticeship,
        "booking": assessment.booking,
        "is_assessor": access.is_assessor_of(request.user, assessment),
        "is_moderator": access.is_moderator_of(request.user, assessment),
        "can_confirm": access.can_confirm(request.user, assessment),
        "methods": selectors.methods_taken(assessment),
        **extra,
    }


@require_POST
def start(request, booking_pk: int):
    booking = booking_access.get_booking_for_assessor(request.user, booking_pk)
    try:
        assessment = services.assessment_start(booking=booking, started_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("booking:assessment", booking.pk)
    return redirect("epa:overview", assessment.pk)


def overview(request, pk: int):
    assessment = _assessment(request, pk)
    findings = selectors.findings(assessment)
    ksb_count = len(selectors.ksb_codes(assessment))
    reviewed = sum(1 for f in findings.values() if f.appears_met is not None)
    sittings = selectors.sittings(assessment)
    scores = selectors.own_scores(assessment)
    steps = []
    for method in selectors.methods_taken(assessment):
        code = method["code"]
        scored = len(scores.get(code, {}))
        steps.append(
            {
                "method": method,
                "scored": scored,
                "criteria": len(method["criteria"]),
                "problems": record.sitting_problems(method, sittings[code]),
            }
        )
    return render(
        request,
        "epa/overview.html",
        _context(
            request,
            assessment,
            reviewed=reviewed,
            ksb_count=ksb_count,
            gaps=selectors.gap_codes(assessment),
            question_count=assessment.questions.count(),
            steps=steps,
            attempts=selectors.attempts(assessment.apprenticeship_id),
        ),
    )


@require_http_methods(["GET", "POST"])
def desk_review(request, pk: int):
    assessment = _assessment(request, pk)
    here = reverse("epa:desk_review", args=[pk])
    if request.method == "POST":
        data = forms.finding(request.POST)
        return _save(
            request,
            f"{here}#ksb-{data['ksb_code']}",
            lambda: services.finding_save(assessment=assessment, by=request.user, **data),
        )
    snapshot = assessment.booking.attempt.showcase_snapshot
    findings = selectors.findings(assessment)
    sections = []
    for section in snapshot.content["sections"] if snapshot else []:
        sections.append(
            {
                **section,
                "findings": [
                    {"ksb": ksb, "finding": findings.get(ksb["code"])} for ksb in section["ksbs"]
                ],
            }
        )
    return render(
        request,
        "epa/desk_review.html",
        _context(request, assessment, sections=sections, snapshot=snapshot),
    )


@require_http_methods(["GET", "POST"])
def questions(request, pk: int):
    assessment = _assessment(request, pk)
    here = reverse("epa:questions", args=[pk])
    method_choices = [(m["code"], m["name"]) for m in selectors.methods_taken(assessment)]
    ksb_codes = selectors.ksb_codes(assessment)
    form = forms.QuestionForm(methods=method_choices, ksb_codes=ksb_codes)
    if request.method == "POST":
        if "bank_question" in request.POST:
            bank = get_object_or_404(
                BankQuestion, pk=request.POST["bank_question"], epao_id=assessment.booking.epao_id
            )
            return _save(
                request,
                here,
                lambda: services.question_add(
                    assessment=assessment,
                    by=request.user,
                    method=request.POST.get("method", ""),
                    bank_question=bank,
                ),
            )
        form = forms.QuestionForm(request.POST, methods=method_choices, ksb_codes=ksb_codes)
        if form.is_valid():
            try:
                services.question_add(
                    assessment=assessment,
                    by=request.user,
                    method=form.cleaned_data["method"],
                    text=form.cleaned_data["text"],
                    ksb_codes=form.cleaned_data["ksb_codes"],
                )
            except (ValidationError, PermissionDenied) as error:
                if isinstance(error, PermissionDenied):
                    error = ValidationError(str(error))
                add_service_errors(form, error)
            else:
                messages.success(request, "Question added.")
                return redirect(here)
    names = dict(method_choices)
    prepared = [
        (question, names.get(question.method, question.method))
        for question in assessment.questions.filter(source=Question.Source.PREPARED).select_related(
            "bank_question"
        )
    ]
    return render(
        request,
        "epa/questions.html",
        _context(
            request,
            assessment,
            form=form,
            prepared=prepared,
            suggestions=selectors.suggestions(assessment, timezone.localdate()),
            gaps=selectors.gap_codes(assessment),
            advice=assessment.advice.select_related("written_by"),
            is_adviser=access.is_adviser_of(request.user, assessment),
        ),
    )


@require_POST
def question(request, pk: int, question_pk: int):
    assessment = _assessment(request, pk)
    found = get_object_or_404(Question, pk=question_pk, assessment=assessment)
    to = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(to, allowed_hosts={request.get_host()}):
        to = reverse("epa:questions", args=[pk])
    if request.POST.get("remove"):
        return _save(request, to, lambda: services.question_remove(question=found, by=request.user))
    return _save(
        request,
        to,
        lambda: services.question_update(
            question=found,
            by=request.user,
            text=request.POST.get("text"),
            answer_notes=request.POST.get("answer_notes"),
        ),
    )


@require_POST
def advice(request, pk: int):
    assessment = _assessment(request, pk)
    return _save(
        request,
        reverse("epa:questions", args=[pk]),
        lambda: services.advice_add(
            assessment=assessment, by=request.user, text=request.POST.get("text", "")
        ),
    )


def _method_save(request, assessment, code: str, here: str):
    kind = request.POST.get("kind")
    by = request.user
    if kind == "session":
        data = forms.session(request.POST)
        return lambda: services.session_save(assessment=assessment, by=by, method=code, **data)
    if kind == "record":
        data = forms.method_record(request.POST)
        return lambda: services.method_record_save(
            assessment=assessment, by=by, method=code, **data
        )
    if kind == "score":
        data = forms.score(request.POST)
        return lambda: services.score_save(assessment=assessment, by=by, method=code, **data)
    if kind == "follow_up":
        return lambda: services.question_add(
            assessment=assessment,
            by=by,
            method=code,
            text=request.POST.get("text", ""),
            source=Question.Source.FOLLOW_UP,
        )
    raise Http404("No such form.")


@require_http_methods(["GET", "POST"])
def method(request, pk: int, code: str):
    assessment = _assessment(request, pk)
    rules = selectors.method_rules(assessment, code)
    if rules is None or code not in assessment.methods:
        raise Http404("No such method in this attempt.")
    here = reverse("epa:method", args=[pk, code])
    if request.method == "POST":
        if request.POST.get("kind") == "note":
            return _note(request, assessment, code, here)
        try:
            action = _method_save(request, assessment, code, here)
        except django_forms.ValidationError as error:
            return _refused(request, error, here)
        anchor = request.POST.get("anchor", "")
        return _save(
            request,
            f"{here}#{anchor}" if anchor else here,
            action,
            state=lambda: _method_state(assessment, rules),
        )
    sitting = selectors.sittings(assessment)[code]
    scores = {s.criterion: s for s in assessment.scores.filter(method=code)}
    notes = list(assessment.notes.filter(method=code).select_related("session"))
    sessions = []
    for session in sitting.sessions:
        sessions.append(
            {
                "record": session,
                "minutes": record.minutes_between(session.started_at, session.ended_at),
                "notes": [n for n in notes if n.session and n.session.number == session.number],
                "key": uuid.uuid4(),
            }
        )
    return render(
        request,
        "epa/method.html",
        _context(
            request,
            assessment,
            method=rules,
            observed=record.is_observed(rules),
            sitting=sitting,
            sessions=sessions,
            observed_minutes=record.observed_minutes(sitting.sessions),
            sitting_minutes=record.minutes_between(sitting.started_at, sitting.ended_at),
            rules_in_brief=record.rules_in_brief(rules),
            method_notes=[n for n in notes if n.session is None],
            criteria=[
                {
                    "criterion": c,
                    "score": scores.get(c["code"]),
                    "choices": range(c["max_points"] + 1),
                }
                for c in rules["criteria"]
            ],
            prepared=assessment.questions.filter(method=code, source=Question.Source.PREPARED),
            follow_ups=assessment.questions.filter(method=code, source=Question.Source.FOLLOW_UP),
            unconfirmed=_unconfirmed(rules),
            new_key=uuid.uuid4(),
            problems=record.sitting_problems(rules, sitting),
        ),
    )


def _method_state(assessment, rules: dict) -> dict:
    """What the method page shows of the record as a whole, sent back after each save so the
    page keeps it current."""
    sitting = selectors.sittings(assessment)[rules["code"]]
    return {
        "problems": record.sitting_problems(rules, sitting),
        "observed_minutes": record.observed_minutes(sitting.sessions),
    }


def _unconfirmed(method: dict) -> list[dict]:
    """The parts of the method's rules the data flags as not yet confirmed, with sources."""
    found = []
    for part, label in (
        ("duration", "Timing"),
        ("sessions", "Sessions"),
        ("follow_up_questioning", "Follow-up questioning"),
        ("setting", "Setting"),
        ("scoring", "Scoring"),
        ("grading", "Grading"),
    ):
        value = method.get(part)
        if value and not value.get("confirmed", True):
            found.append({"label": label, "source": value.get("source", "")})
    for rule in method["grading"]["grades"]:
        if not rule.get("confirmed", True):
            found.append(
                {"label": f"{rule['grade'].title()} thresholds", "source": rule.get("source", "")}
            )
    return found


def _note(request, assessment, code: str, here: str):
    try:
        data = forms.note(request.POST)
        saved = services.note_save(assessment=assessment, by=request.user, method=code, **data)
    except (ValidationError, django_forms.ValidationError, PermissionDenied) as error:
        if isinstance(error, PermissionDenied):
            error = ValidationError(str(error))
        return _refused(request, error, here)
    if _wants_json(request):
        payload = {
            "saved_at": timezone.localtime().strftime("%H:%M:%S"),
            "written_at": timezone.localtime(saved.written_at).strftime("%H:%M") if saved else "",
        }
        if request.POST.get("done") and saved is not None:
            payload["html"] = render_to_string("epa/_note.html", {"note": saved})
            payload["next_key"] = str(uuid.uuid4())
        return JsonResponse(payload)
    messages.success(request, "Note saved.")
    return redirect(here)


@require_http_methods(["GET", "POST"])
def terminate(request, pk: int):
    assessment = _assessment(request, pk)
    access.require_assessor(request.user, assessment)
    form = forms.TerminateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_terminate(
                assessment=assessment,
                by=request.user,
                reason=form.cleaned_data["reason"],
                description=form.cleaned_data["description"],
            )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, PermissionDenied):
                error = ValidationError(str(error))
            add_service_errors(form, error)
        else:
            messages.success(request, "The assessment has been ended and recorded as a Fail.")
            return redirect("epa:overview", pk)
    return render(request, "epa/terminate.html", _context(request, assessment, form=form))


@require_http_methods(["GET", "POST"])
def finalise(request, pk: int):
    assessment = _assessment(request, pk)
    access.require_assessor(request.user, assessment)
    problems = selectors.finalise_problems(assessment) if assessment.is_open else []
    if request.method == "POST":
        try:
            services.assessment_finalise(assessment=assessment, by=request.user)
        except ValidationError as error:
            problems = error.messages
        except PermissionDenied as error:
            problems = [str(error)]
        else:
            messages.success(
                request,
                "Finalised. The apprentice and employer can now see the provisional grades.",
            )
            return redirect("epa:overview", pk)
    preview = None
    if assessment.is_open and not problems:
        preview = selectors.graded(assessment)
    return render(
        request,
        "epa/finalise.html",
        _context(request, assessment, problems=problems, preview=preview),
    )
