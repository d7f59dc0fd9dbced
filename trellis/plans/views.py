from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from trellis.form_errors import add_service_errors
from trellis.plans import access
from trellis.plans.forms import ActivityForm, ActivityRemoveForm, EpaoForm, SignForm
from trellis.plans.selectors import (
    current_plan_version,
    plan_epao_flag,
    plan_timetable,
    plan_version_get,
    plan_versions,
    signing_state,
)
from trellis.plans.services import (
    plan_activity_add,
    plan_activity_remove,
    plan_activity_update,
    plan_epao_set,
    plan_sign,
)


def _is_signed(version) -> bool:
    return version is not None and version.signatures.exists()


def _version_context(request, apprenticeship, version) -> dict:
    state = signing_state(version) if version else None
    party = access.signing_party(request.user, apprenticeship)
    return {
        "apprenticeship": apprenticeship,
        "record_tab": "plan",
        "version": version,
        "state": state,
        "party": party,
        "can_sign": access.can_sign_now(request.user, apprenticeship, version),
        "can_change": access.can_change_plan_now(request.user, apprenticeship),
    }


def index(request, pk: int):
    apprenticeship = access.get_apprenticeship_for_plan_reading(request.user, pk)
    version = current_plan_version(apprenticeship)
    context = _version_context(request, apprenticeship, version)
    context["planned_hours"] = (
        sum((activity.planned_otj_hours for activity in version.activities.all()), start=0)
        if version
        else 0
    )
    context["epao_flag"] = plan_epao_flag(apprenticeship, version, today=timezone.localdate())
    return render(request, "plans/index.html", context)


def timetable(request, pk: int):
    apprenticeship = access.get_apprenticeship_for_plan_reading(request.user, pk)
    version = current_plan_version(apprenticeship)
    rows = plan_timetable(apprenticeship, version) if version else []
    return render(
        request,
        "plans/timetable.html",
        {
            **_version_context(request, apprenticeship, version),
            "rows": rows,
            "this_month": timezone.localdate().replace(day=1),
        },
    )


def version_list(request, pk: int):
    apprenticeship = access.get_apprenticeship_for_plan_reading(request.user, pk)
    versions = plan_versions(apprenticeship)
    rows = [
        (version, signing_state(version, replaced=index > 0))
        for index, version in enumerate(versions)
    ]
    return render(
        request,
        "plans/versions.html",
        {"apprenticeship": apprenticeship, "record_tab": "plan", "rows": rows},
    )


def version_detail(request, pk: int, number: int):
    apprenticeship = access.get_apprenticeship_for_plan_reading(request.user, pk)
    version = plan_version_get(apprenticeship, number)
    current = current_plan_version(apprenticeship)
    if current is not None and current.pk == version.pk:
        return redirect("plans:index", pk=pk)
    return render(
        request,
        "plans/version_detail.html",
        {
            "apprenticeship": apprenticeship,
            "record_tab": "plan",
            "version": version,
            "state": signing_state(version, replaced=True),
            "current": current,
        },
    )


@require_http_methods(["GET", "POST"])
def activity_add(request, pk: int):
    apprenticeship = access.get_apprenticeship_for_plan_change(request.user, pk)
    version = current_plan_version(apprenticeship)
    form = ActivityForm(
        request.POST if request.method == "POST" else None,
        apprenticeship=apprenticeship,
        makes_new_version=_is_signed(version),
        initial={"status": "planned"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = plan_activity_add(
                apprenticeship=apprenticeship,
                by=request.user,
                details=form.details(),
                change_summary=form.summary_of_change(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{activity.title}” has been added to the plan.")
            return redirect("plans:index", pk=pk)
    return render(
        request,
        "plans/activity_form.html",
        {"apprenticeship": apprenticeship, "record_tab": "plan", "form": form, "version": version},
    )


@require_http_methods(["GET", "POST"])
def activity_edit(request, pk: int, activity_pk: int):
    activity = access.get_activity_for_plan_change(request.user, pk, activity_pk)
    apprenticeship = activity.plan_version.apprenticeship
    initial = {
        "title": activity.title,
        "kind": activity.kind,
        "ksbs": list(activity.ksbs.all()),
        "planned_start": activity.planned_start,
        "planned_end": activity.planned_end,
        "planned_otj_hours": activity.planned_otj_hours,
        "status": activity.status,
    }
    form = ActivityForm(
        request.POST if request.method == "POST" else None,
        apprenticeship=apprenticeship,
        makes_new_version=_is_signed(activity.plan_version),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan_activity_update(
                activity=activity,
                by=request.user,
                details=form.details(),
                change_summary=form.summary_of_change(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{form.cleaned_data['title']}” has been changed.")
            return redirect("plans:index", pk=pk)
    return render(
        request,
        "plans/activity_form.html",
        {
            "apprenticeship": apprenticeship,
            "record_tab": "plan",
            "form": form,
            "activity": activity,
            "version": activity.plan_version,
        },
    )


@require_http_methods(["GET", "POST"])
def activity_remove(request, pk: int, activity_pk: int):
    activity = access.get_activity_for_plan_change(request.user, pk, activity_pk)
    apprenticeship = activity.plan_version.apprenticeship
    form = ActivityRemoveForm(
        request.POST if request.method == "POST" else None,
        makes_new_version=_is_signed(activity.plan_version),
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan_activity_remove(
                activity=activity, by=request.user, change_summary=form.summary_of_change()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{activity.title}” has been removed from the plan.")
            return redirect("plans:index", pk=pk)
    return render(
        request,
        "plans/activity_remove.html",
        {
            "apprenticeship": apprenticeship,
            "record_tab": "plan",
            "form": form,
            "activity": activity,
        },
    )


@require_http_methods(["GET", "POST"])
def epao_change(request, pk: int):
    apprenticeship = access.get_apprenticeship_for_plan_change(request.user, pk)
    version = current_plan_version(apprenticeship)
    epao = version.epao if version else apprenticeship.epao
    form = EpaoForm(
        request.POST if request.method == "POST" else None,
        initial={"epao": epao},
        makes_new_version=_is_signed(version),
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan_epao_set(
                apprenticeship=apprenticeship,
                by=request.user,
                epao=form.cleaned_data["epao"],
                change_summary=form.summary_of_change(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The end-point assessment organisation has been saved.")
            return redirect("plans:index", pk=pk)
    return render(
        request,
        "plans/epao_form.html",
        {"apprenticeship": apprenticeship, "record_tab": "plan", "form": form, "version": version},
    )


@require_POST
def sign(request, pk: int):
    apprenticeship, _ = access.get_apprenticeship_for_plan_signing(request.user, pk)
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Open the plan again and sign the version shown.")
        return redirect("plans:index", pk=pk)
    version = plan_version_get(apprenticeship, form.cleaned_data["version"])
    try:
        plan_sign(version=version, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"You have signed version {version.number} of the plan.")
    return redirect("plans:index", pk=pk)
