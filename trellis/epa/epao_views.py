"""The EPAO's pages: results waiting for moderation, moderating one, confirming the final
grade, re-attempts, the certificate, and the question bank."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, F, QuerySet, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from trellis.epa import access, forms, selectors, services
from trellis.epa.models import Assessment, BankQuestion, Certificate
from trellis.form_errors import add_service_errors
from trellis.organisations.roles import Role
from trellis.standards.models import Standard
from trellis.tables import day, list_download


def _service_error(error: Exception) -> ValidationError:
    return ValidationError(str(error)) if isinstance(error, PermissionDenied) else error


def _epao_assessments(user) -> QuerySet[Assessment]:
    """Return the assessments of this person's EPAOs; 404 for anyone not their staff."""
    epaos = access.epao_ids(user)
    if not epaos:
        raise Http404("No such page.")
    return access.assessments_worked_on_by(user).filter(booking__epao_id__in=epaos)


def queue(request):
    found = _epao_assessments(request.user)
    return render(
        request,
        "epa/queue.html",
        {
            "waiting": found.filter(status=Assessment.Status.PROVISIONAL).order_by("finalised_at"),
            "in_progress": found.filter(status=Assessment.Status.IN_PROGRESS).order_by(
                "created_at"
            ),
            "final": found.filter(status=Assessment.Status.FINAL).order_by("-confirmed_at")[:20],
        },
    )


RESULT_HEADINGS = (
    "Apprentice",
    "Standard",
    "Assessor",
    "Attempt",
    "Kind",
    "Stage",
    "Grade",
    "Ended early",
    "Started",
    "Finalised",
    "Confirmed",
)
# The page's sections, as its headings name them.
RESULT_STAGES = {
    Assessment.Status.PROVISIONAL: "Provisional, waiting for moderation and confirmation",
    Assessment.Status.IN_PROGRESS: "In progress with the assessor",
    Assessment.Status.FINAL: "Confirmed",
}


def queue_export(request, fmt: str):
    # The page's sections in its order, each in full: provisional results oldest first,
    # those in progress oldest first, then every confirmed result newest first.
    found = _epao_assessments(request.user).order_by(
        Case(
            *(When(status=status, then=n) for n, status in enumerate(RESULT_STAGES)),
            default=len(RESULT_STAGES),
        ),
        F("confirmed_at").desc(nulls_last=True),
        "finalised_at",
        "created_at",
        "pk",
    )
    return list_download(fmt, "results", RESULT_HEADINGS, map(_result_line, found))


def _result_line(assessment: Assessment) -> tuple:
    apprenticeship = assessment.apprenticeship
    version = apprenticeship.standard_version
    result = assessment.final_result or assessment.provisional_result
    return (
        apprenticeship.apprentice.full_name,
        f"{version.standard.reference} v{version.version}",
        assessment.booking.assessor.full_name if assessment.booking.assessor else "",
        assessment.number,
        assessment.get_kind_display(),
        RESULT_STAGES[assessment.status],
        result["grade"].title() if result else "",
        "Yes" if assessment.terminated_at else "No",
        day(assessment.created_at),
        day(assessment.finalised_at),
        day(assessment.confirmed_at),
    )


def _for_epao(request, pk: int) -> Assessment:
    assessment = access.get_assessment_for_work(request.user, pk)
    if assessment.booking.epao_id not in access.epao_ids(request.user):
        raise Http404("No such assessment.")
    return assessment


def _score_rows(assessment: Assessment) -> list[dict]:
    current = selectors.moderated_scores(assessment)
    own = {(s.method, s.criterion): s for s in assessment.scores.all()}
    rows = []
    for method in selectors.methods_taken(assessment):
        for criterion in method["criteria"]:
            key = (method["code"], criterion["code"])
            rows.append(
                {
                    "method": method,
                    "criterion": criterion,
                    "field": f"score-{method['code']}-{criterion['code']}",
                    "assessor": own.get(key),
                    "current": current.get(method["code"], {}).get(criterion["code"]),
                    "choices": range(criterion["max_points"] + 1),
                }
            )
    return rows


@require_http_methods(["GET", "POST"])
def moderate(request, pk: int):
    assessment = _for_epao(request, pk)
    access.require_moderator(request.user, assessment)
    rows = _score_rows(assessment)
    form = forms.ModerationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        changes = {}
        for row in rows:
            given = request.POST.get(row["field"], "")
            if given.isdigit():
                changes[(row["method"]["code"], row["criterion"]["code"])] = int(given)
        try:
            services.moderation_record(
                assessment=assessment,
                moderator=request.user,
                changes=changes,
                rationale=form.cleaned_data["rationale"],
                revision=int(request.POST.get("revision") or 0) or None,
            )
        except (ValidationError, PermissionDenied) as error:
            add_service_errors(form, _service_error(error))
        else:
            messages.success(request, "Moderation recorded.")
            return redirect("epa:result", pk)
    return render(
        request,
        "epa/moderate.html",
        {
            "assessment": assessment,
            "apprenticeship": assessment.apprenticeship,
            "form": form,
            "rows": rows,
            "result": selectors.current_result(assessment),
            "notes": assessment.notes.select_related("session"),
            "moderations": assessment.moderations.prefetch_related("changes").select_related(
                "moderator"
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def confirm(request, pk: int):
    assessment = _for_epao(request, pk)
    access.require_can_confirm(request.user, assessment)
    form = forms.ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.result_confirm(
                assessment=assessment,
                by=request.user,
                appeal_until=form.cleaned_data["appeal_until"],
                revision=int(request.POST.get("revision") or 0) or None,
            )
        except (ValidationError, PermissionDenied) as error:
            add_service_errors(form, _service_error(error))
        else:
            messages.success(
                request,
                "Final grade confirmed and released to the apprentice, employer and provider.",
            )
            return redirect("epa:result", pk)
    return render(
        request,
        "epa/confirm.html",
        {
            "assessment": assessment,
            "apprenticeship": assessment.apprenticeship,
            "form": form,
            "result": selectors.current_result(assessment),
            "moderated": assessment.moderations.exists(),
        },
    )


@require_http_methods(["GET", "POST"])
def reattempt(request, pk: int):
    assessment = _for_epao(request, pk)
    access.require_epao_admin(request.user, assessment)
    form = forms.ReattemptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.reattempt_create(
                assessment=assessment, by=request.user, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as error:
            add_service_errors(form, _service_error(error))
        else:
            messages.success(request, f"Attempt {created.number} opened for the assessor.")
            return redirect("epa:result", pk)
    rules = selectors.rules_for(assessment)
    return render(
        request,
        "epa/reattempt.html",
        {
            "assessment": assessment,
            "apprenticeship": assessment.apprenticeship,
            "form": form,
            "resit": rules.get("resit", {}),
            "retaking": selectors.methods_to_retake(assessment, rules)
            if assessment.final_result
            else [],
        },
    )


@require_http_methods(["GET", "POST"])
def certificate(request, pk: int):
    assessment = _for_epao(request, pk)
    access.require_can_confirm(request.user, assessment)
    found = Certificate.objects.filter(assessment=assessment).first()
    form = forms.CertificateForm(
        request.POST if request.POST.get("step") == "consent" else None,
        initial={"address": found.address if found else ""},
    )
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "consent":
                if form.is_valid():
                    services.certificate_consent(
                        assessment=assessment, by=request.user, address=form.cleaned_data["address"]
                    )
                    messages.success(request, "Consent and address recorded.")
                    return redirect("epa:certificate", pk)
            elif step == "requested" and found:
                services.certificate_requested(certificate=found, by=request.user)
                messages.success(request, "Certificate marked requested.")
                return redirect("epa:certificate", pk)
            elif step == "received" and found:
                services.certificate_received(certificate=found, by=request.user)
                messages.success(request, "Certificate marked received.")
                return redirect("epa:certificate", pk)
        except (ValidationError, PermissionDenied) as error:
            add_service_errors(form, _service_error(error))
    return render(
        request,
        "epa/certificate.html",
        {
            "assessment": assessment,
            "apprenticeship": assessment.apprenticeship,
            "form": form,
            "certificate": found,
        },
    )


def _bank_epao(request) -> int:
    epaos = access.epao_ids(request.user, Role.EPAO_ADMIN)
    if not epaos:
        raise Http404("No such page.")
    return min(epaos)


@require_http_methods(["GET", "POST"])
def bank(request, reference: str):
    epao_id = _bank_epao(request)
    standard = get_object_or_404(Standard, reference=reference)
    codes = selectors.standard_ksb_codes(standard)
    form = forms.BankQuestionForm(request.POST or None, ksb_codes=codes)
    if request.method == "POST" and form.is_valid():
        try:
            services.bank_question_save(
                by=request.user, epao_id=epao_id, standard=standard, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Question added to the bank.")
            return redirect("epa:bank", reference)
    return render(
        request,
        "epa/bank.html",
        {
            "standard": standard,
            "form": form,
            "questions": BankQuestion.objects.filter(epao_id=epao_id, standard=standard),
        },
    )


@require_POST
def bank_retire(request, reference: str, question_pk: int):
    epao_id = _bank_epao(request)
    found = get_object_or_404(BankQuestion, pk=question_pk, epao_id=epao_id)
    services.bank_question_save(
        by=request.user,
        epao_id=epao_id,
        standard=found.standard,
        text=found.text,
        ksb_codes=found.ksb_codes,
        review_on=found.review_on,
        retired=not found.retired,
        question=found,
    )
    messages.success(request, "Question retired." if not found.retired else "Question restored.")
    return redirect("epa:bank", reference)
