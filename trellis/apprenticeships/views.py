from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from trellis.apprenticeships import access
from trellis.apprenticeships.forms import EnrolmentChangeForm, EnrolmentForm
from trellis.apprenticeships.services import (
    ConcurrentEditError,
    apprenticeship_enrol,
    apprenticeship_update,
)
from trellis.audit.selectors import history_for
from trellis.organisations.models import Organisation

PAGE_SIZE = 25


def _add_service_errors(form, error: ValidationError) -> None:
    for field, messages_for_field in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_for_field)


def apprenticeship_list(request):
    apprenticeships = access.apprenticeships_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in dict(access.Apprenticeship.Status.choices):
        apprenticeships = apprenticeships.filter(status=status)
    page = Paginator(apprenticeships, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "apprenticeships/list.html",
        {
            "page": page,
            "status": status,
            "statuses": access.Apprenticeship.Status.choices,
            "can_enrol": access.can_enrol(request.user),
        },
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
        },
    )


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
            _add_service_errors(form, error)
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
        "status": apprenticeship.status,
        "revision": apprenticeship.revision,
    }
    form = EnrolmentChangeForm(
        request.POST or None, initial=initial, provider=apprenticeship.provider
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
            _add_service_errors(form, error)
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
