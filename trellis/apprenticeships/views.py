from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from trellis.apprenticeships import access, status_changes
from trellis.apprenticeships.audit import full_record_download_log
from trellis.apprenticeships.forms import (
    BreakInLearningForm,
    EmployerChangeForm,
    EnrolmentChangeForm,
    EnrolmentForm,
    ReturnToLearningForm,
    WithdrawalForm,
)
from trellis.apprenticeships.full_record import full_record
from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.record_pdf import render_full_record
from trellis.apprenticeships.services import (
    ConcurrentEditError,
    apprenticeship_enrol,
    apprenticeship_update,
)
from trellis.audit.selectors import history_for
from trellis.epa.access import results_for_apprenticeship
from trellis.form_errors import add_service_errors
from trellis.organisations.models import Organisation
from trellis.tables import list_download
from trellis.wording import day_label

PAGE_SIZE = 25


LIST_HEADINGS = (
    "Apprentice",
    "Employer",
    "Standard",
    "Consultant",
    "Start date",
    "Planned end date",
    "Status",
)


def _listed(request) -> tuple[QuerySet[Apprenticeship], str]:
    """Return the apprenticeships the list shows this person, and the status asked for."""
    # A version's assessment rules are a large JSON document that no list line needs.
    apprenticeships = access.apprenticeships_visible_to(request.user).defer(
        "standard_version__rules"
    )
    status = request.GET.get("status", "")
    if status in dict(Apprenticeship.Status.choices):
        apprenticeships = apprenticeships.filter(status=status)
    return apprenticeships, status


def apprenticeship_list(request):
    apprenticeships, status = _listed(request)
    page = Paginator(apprenticeships, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "apprenticeships/list.html",
        {
            "page": page,
            "status": status,
            "statuses": Apprenticeship.Status.choices,
            "can_enrol": access.can_enrol(request.user),
        },
    )


def apprenticeship_list_export(request, fmt: str):
    apprenticeships, _ = _listed(request)
    return list_download(fmt, "apprenticeships", LIST_HEADINGS, map(_list_line, apprenticeships))


def _list_line(apprenticeship: Apprenticeship) -> tuple:
    version = apprenticeship.standard_version
    return (
        apprenticeship.apprentice.full_name,
        apprenticeship.employer.name,
        f"{version.standard.reference} v{version.version}",
        apprenticeship.consultant.full_name if apprenticeship.consultant else "Not assigned",
        apprenticeship.start_date,
        apprenticeship.planned_end_date,
        apprenticeship.get_status_display(),
    )


def apprenticeship_detail(request, pk: int):
    apprenticeship = access.get_apprenticeship_for_user(request.user, pk)
    show_history = access.can_view_history(request.user, apprenticeship)
    return render(
        request,
        "apprenticeships/detail.html",
        {
            "apprenticeship": apprenticeship,
            "record_tab": "overview",
            "can_edit": access.can_edit(request.user, apprenticeship),
            "history": history_for(apprenticeship) if show_history else None,
            "status_history": status_changes.status_history(apprenticeship),
            "epa_results": results_for_apprenticeship(request.user, apprenticeship),
            "status_actions": status_changes.allowed_status_changes(apprenticeship)
            if status_changes.can_change_status(request.user, apprenticeship)
            else [],
        },
    )


@require_GET
def apprenticeship_record_pdf(request, pk: int):
    apprenticeship = access.get_apprenticeship_for_user(request.user, pk)
    now = timezone.now()
    pdf = render_full_record(full_record(apprenticeship, reader=request.user, now=now))
    full_record_download_log(apprenticeship, reader=request.user)
    name = slugify(apprenticeship.apprentice.full_name)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="record-{name}-{timezone.localdate(now):%Y-%m-%d}.pdf"'
    )
    # Personal data: no browser or proxy cache keeps a copy.
    response["Cache-Control"] = "no-store, private"
    return response


@require_http_methods(["GET", "POST"])
def apprenticeship_create(request):
    access.require_can_enrol(request.user)
    provider = Organisation.objects.get(pk=min(access.provider_ids_managed_by(request.user)))
    form = EnrolmentForm(request.POST or None, provider=provider)
    if request.method == "POST" and form.is_valid():
        try:
            apprenticeship = apprenticeship_enrol(
                provider=provider,
                employer=form.cleaned_data["employer"],
                apprentice_email=form.cleaned_data["apprentice_email"],
                apprentice_name=form.cleaned_data["apprentice_name"].strip(),
                standard=form.cleaned_data["standard"],
                details=form.details(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{apprenticeship.apprentice} has been enrolled.")
            return redirect("apprenticeships:detail", pk=apprenticeship.pk)
    return render(request, "apprenticeships/form.html", {"form": form, "provider": provider})


@require_http_methods(["GET", "POST"])
def apprenticeship_edit(request, pk: int):
    apprenticeship = access.get_apprenticeship_for_editing(request.user, pk)
    initial = {
        "consultant": apprenticeship.consultant,
        "epao": apprenticeship.epao,
        "start_date": apprenticeship.start_date,
        "planned_end_date": apprenticeship.planned_end_date,
        "entry_requirements": apprenticeship.entry_requirements,
        "entry_requirements_met": apprenticeship.entry_requirements_met,
        "date_of_birth": apprenticeship.apprentice.date_of_birth,
        "contracted_weekly_hours": apprenticeship.contracted_weekly_hours,
        "status": apprenticeship.status,
        "revision": apprenticeship.revision,
    }
    form = EnrolmentChangeForm(
        request.POST or None,
        initial=initial,
        provider=apprenticeship.provider,
        current_status=apprenticeship.status,
    )
    if request.method == "POST" and form.is_valid():
        try:
            apprenticeship_update(
                apprenticeship=apprenticeship,
                expected_revision=form.cleaned_data["revision"],
                details=form.details(),
                status=form.cleaned_data["status"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except ConcurrentEditError as error:
            apprenticeship.refresh_from_db()
            form.data = form.data.copy()
            form.data["revision"] = apprenticeship.revision
            form.add_error(None, str(error))
        else:
            messages.success(request, "The enrolment has been updated.")
            return redirect("apprenticeships:detail", pk=apprenticeship.pk)
    return render(
        request,
        "apprenticeships/form.html",
        {"form": form, "apprenticeship": apprenticeship, "provider": apprenticeship.provider},
    )


def _status_change(
    request, apprenticeship, form, record, *, done: str, heading: str, submit: str, lede=""
):
    """Record a status change from a valid form, or show the form with what to fix."""
    if request.method == "POST" and form.is_valid():
        try:
            record(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("apprenticeships:detail", pk=apprenticeship.pk)
    return render(
        request,
        "apprenticeships/form.html",
        {
            "form": form,
            "apprenticeship": apprenticeship,
            "provider": apprenticeship.provider,
            "heading": heading,
            "submit": submit,
            "lede": lede,
        },
    )


@require_http_methods(["GET", "POST"])
def status_break(request, pk: int):
    apprenticeship = status_changes.get_apprenticeship_for_status_change(request.user, pk)
    return _status_change(
        request,
        apprenticeship,
        BreakInLearningForm(request.POST or None),
        lambda data: status_changes.apprenticeship_break_start(
            apprenticeship=apprenticeship,
            starts_on=data["effective_date"],
            expected_return_on=data["expected_return_date"],
            reason=data["reason"],
            recorded_by=request.user,
        ),
        done="The break in learning is recorded.",
        heading="Record a break in learning",
        submit="Record the break",
        lede="Nothing falls due during the break: reviews and off-the-job hours wait until "
        "the apprentice returns.",
    )


@require_http_methods(["GET", "POST"])
def status_return(request, pk: int):
    apprenticeship = status_changes.get_apprenticeship_for_status_change(request.user, pk)
    return _status_change(
        request,
        apprenticeship,
        ReturnToLearningForm(request.POST or None),
        lambda data: status_changes.apprenticeship_return(
            apprenticeship=apprenticeship,
            returns_on=data["effective_date"],
            recorded_by=request.user,
        ),
        done="The return to learning is recorded.",
        heading="Record a return to learning",
        submit="Record the return",
    )


@require_http_methods(["GET", "POST"])
def status_withdraw(request, pk: int):
    apprenticeship = status_changes.get_apprenticeship_for_status_change(request.user, pk)
    last_learning = status_changes.last_confirmed_learning_on(apprenticeship)
    return _status_change(
        request,
        apprenticeship,
        WithdrawalForm(request.POST or None, initial={"effective_date": last_learning}),
        lambda data: status_changes.apprenticeship_withdraw(
            apprenticeship=apprenticeship,
            last_learning_on=data["effective_date"],
            reason=data["reason"],
            recorded_by=request.user,
        ),
        done="The withdrawal is recorded.",
        heading="Record a withdrawal",
        submit="Record the withdrawal",
        lede=f"The latest confirmed off-the-job training was on {day_label(last_learning)}."
        if last_learning
        else "No off-the-job training has been confirmed yet.",
    )


@require_http_methods(["GET", "POST"])
def status_employer_change(request, pk: int):
    apprenticeship = status_changes.get_apprenticeship_for_status_change(request.user, pk)
    return _status_change(
        request,
        apprenticeship,
        EmployerChangeForm(request.POST or None, current_employer=apprenticeship.employer),
        lambda data: status_changes.apprenticeship_employer_change(
            apprenticeship=apprenticeship,
            new_employer=data["new_employer"],
            changes_on=data["effective_date"],
            reason=data["reason"],
            recorded_by=request.user,
        ),
        done="The change of employer is recorded.",
        heading="Record a change of employer",
        submit="Record the change",
        lede=f"From the change on, {apprenticeship.employer} no longer sees this apprenticeship; "
        "its history keeps who the employer was before.",
    )
