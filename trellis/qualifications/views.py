from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from trellis.apprenticeships.access import get_apprenticeship_for_user
from trellis.downloads import file_response
from trellis.form_errors import add_service_errors
from trellis.qualifications import access, services
from trellis.qualifications.forms import (
    AdditionalQualificationForm,
    EmployerRequirementForm,
    EnglishMathsForm,
    SafeguardingForm,
)
from trellis.qualifications.models import (
    AdditionalQualification,
    EnglishMaths,
    SafeguardingQualification,
)
from trellis.qualifications.selectors import (
    SAFEGUARDING_NAME,
    QualificationsOverview,
    qualifications_overview,
)
from trellis.tables import list_download


def _form_page(request, apprenticeship, form, *, heading: str, submit: str):
    return render(
        request,
        "qualifications/form.html",
        {
            "apprenticeship": apprenticeship,
            "record_tab": "qualifications",
            "form": form,
            "heading": heading,
            "submit": submit,
        },
    )


def index(request, pk: int):
    apprenticeship = get_apprenticeship_for_user(request.user, pk)
    overview = qualifications_overview(apprenticeship)
    employer_form = EmployerRequirementForm(
        initial={
            view.subject: bool(view.record and view.record.employer_requires)
            for view in overview.subjects
        }
    )
    return render(
        request,
        "qualifications/index.html",
        {
            "apprenticeship": apprenticeship,
            "record_tab": "qualifications",
            "overview": overview,
            "can_record": access.can_record_qualifications(request.user, apprenticeship),
            "can_set_employer_requirement": access.can_set_employer_requirement(
                request.user, apprenticeship
            ),
            "employer_form": employer_form,
        },
    )


QUALIFICATION_HEADINGS = (
    "Qualification",
    "Awarding body",
    "Status",
    "Date",
    "Details",
    "Still needed before gateway",
)


def qualifications_export(request, pk: int, fmt: str):
    apprenticeship = get_apprenticeship_for_user(request.user, pk)
    overview = qualifications_overview(apprenticeship)
    return list_download(
        fmt,
        "qualifications",
        QUALIFICATION_HEADINGS,
        _qualification_lines(overview),
        of=apprenticeship.apprentice.full_name,
    )


def _qualification_lines(overview: QualificationsOverview) -> list[tuple]:
    """Return the tab's qualifications in its order: safeguarding, English and maths, then
    those the employer asks for."""
    outstanding = set(overview.outstanding)
    safeguarding = overview.safeguarding
    lines = [
        (
            SAFEGUARDING_NAME,
            "",
            "Achieved" if overview.safeguarding_achieved else "Required",
            safeguarding.achieved_on if safeguarding else None,
            f"Certificate number {safeguarding.certificate_reference}"
            if safeguarding and safeguarding.certificate_reference
            else "",
            _yes_no(SAFEGUARDING_NAME in outstanding),
        )
    ]
    lines += [
        (
            view.label,
            "",
            view.status.label,
            view.record.functional_skills_level_2_date if view.record else None,
            view.status.reason,
            _yes_no(view.status.outstanding),
        )
        for view in overview.subjects
    ]
    lines += [
        (
            qualification.title,
            qualification.awarding_body,
            qualification.get_result_display(),
            qualification.achieved_on,
            "",
            _yes_no(qualification.result != AdditionalQualification.Result.ACHIEVED),
        )
        for qualification in overview.additional
    ]
    return lines


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


@require_http_methods(["GET", "POST"])
def safeguarding_edit(request, pk: int):
    apprenticeship = access.get_apprenticeship_for_recording(request.user, pk)
    current = SafeguardingQualification.objects.filter(apprenticeship=apprenticeship).first()
    initial = (
        {"achieved_on": current.achieved_on, "certificate_reference": current.certificate_reference}
        if current
        else {}
    )
    form = SafeguardingForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.safeguarding_record(
                apprenticeship=apprenticeship,
                achieved_on=form.cleaned_data["achieved_on"],
                certificate=form.cleaned_data["certificate"],
                certificate_reference=form.cleaned_data["certificate_reference"],
                recorded_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Level 1 Safeguarding has been recorded.")
            return redirect("qualifications:index", pk=apprenticeship.pk)
    return _form_page(request, apprenticeship, form, heading="Level 1 Safeguarding", submit="Save")


@require_GET
def safeguarding_certificate(request, pk: int):
    apprenticeship = get_apprenticeship_for_user(request.user, pk)
    qualification = SafeguardingQualification.objects.filter(apprenticeship=apprenticeship).first()
    if qualification is None or not qualification.certificate:
        raise Http404("No certificate has been uploaded.")
    extension = qualification.certificate.name.rsplit(".", 1)[-1]
    return file_response(
        qualification.certificate,
        filename=f"safeguarding-certificate-{apprenticeship.pk}.{extension}",
        attachment=False,
    )


@require_http_methods(["GET", "POST"])
def english_maths_edit(request, pk: int, subject: str):
    apprenticeship = access.get_apprenticeship_for_recording(request.user, pk)
    if subject not in EnglishMaths.Subject.values:
        raise Http404("No such subject.")
    current = EnglishMaths.objects.filter(apprenticeship=apprenticeship, subject=subject).first()
    initial = (
        {
            "prior_gcse_grade": current.prior_gcse_grade,
            "functional_skills_level_2_result": current.functional_skills_level_2_result,
            "functional_skills_level_2_date": current.functional_skills_level_2_date,
        }
        if current
        else {}
    )
    form = EnglishMathsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.english_maths_record(
                apprenticeship=apprenticeship,
                subject=subject,
                recorded_by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{EnglishMaths.Subject(subject).label} has been recorded.")
            return redirect("qualifications:index", pk=apprenticeship.pk)
    label = EnglishMaths.Subject(subject).label
    return _form_page(request, apprenticeship, form, heading=label, submit="Save")


@require_http_methods(["POST"])
def employer_requirement(request, pk: int):
    apprenticeship = access.get_apprenticeship_for_employer_requirement(request.user, pk)
    form = EmployerRequirementForm(request.POST)
    form.is_valid()  # two checkboxes: any input is valid
    for subject in EnglishMaths.Subject.values:
        services.english_maths_employer_requirement_set(
            apprenticeship=apprenticeship,
            subject=subject,
            employer_requires=form.cleaned_data[subject],
            recorded_by=request.user,
        )
    messages.success(request, "The employer's choice about English and maths has been saved.")
    return redirect("qualifications:index", pk=apprenticeship.pk)


@require_http_methods(["GET", "POST"])
def additional_add(request, pk: int):
    apprenticeship = access.get_apprenticeship_for_recording(request.user, pk)
    form = AdditionalQualificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.additional_qualification_add(
                apprenticeship=apprenticeship, recorded_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['title']} has been added.")
            return redirect("qualifications:index", pk=apprenticeship.pk)
    return _form_page(
        request,
        apprenticeship,
        form,
        heading="Add a qualification the employer asks for",
        submit="Add the qualification",
    )


@require_http_methods(["GET", "POST"])
def additional_edit(request, pk: int, qualification_pk: int):
    apprenticeship = access.get_apprenticeship_for_recording(request.user, pk)
    qualification = get_object_or_404(
        AdditionalQualification, pk=qualification_pk, apprenticeship=apprenticeship
    )
    initial = {
        "title": qualification.title,
        "awarding_body": qualification.awarding_body,
        "result": qualification.result,
        "achieved_on": qualification.achieved_on,
    }
    form = AdditionalQualificationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.additional_qualification_update(
                qualification=qualification, recorded_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{qualification.title} has been updated.")
            return redirect("qualifications:index", pk=apprenticeship.pk)
    return _form_page(request, apprenticeship, form, heading=qualification.title, submit="Save")
