"""The independent assessor's own pages: their assessments and days, one assessment with the
frozen Showcase once the employer has offered dates, and their conflicts of interest."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from trellis.booking import access, selectors, services
from trellis.booking.forms import ConflictForm
from trellis.booking.models import Booking, ConflictOfInterest, EpaDate
from trellis.booking.views import SCHEDULE_HEADINGS, schedule_line
from trellis.epa.selectors import latest_attempt
from trellis.form_errors import add_service_errors
from trellis.gateway.notifications import employer_contacts
from trellis.organisations.models import Organisation
from trellis.showcase.downloads import pdf_response, zip_response
from trellis.tables import list_download


def _require_assessor(user) -> set[int]:
    epao_ids = access.assessor_epao_ids(user)
    if not epao_ids:
        raise Http404("No such page.")
    return epao_ids


def _my_days(request) -> QuerySet[EpaDate]:
    """Return the assessor's own days booked with their EPAOs from today; 404 for anyone
    not an assessor."""
    epao_ids = _require_assessor(request.user)
    return selectors.assessor_schedule(request.user, since=timezone.localdate()).filter(
        booking__epao_id__in=epao_ids
    )


def schedule(request):
    days = _my_days(request)
    return render(
        request,
        "booking/schedule.html",
        {"bookings": access.bookings_for_assessor(request.user), "days": days},
    )


def schedule_export(request, fmt: str):
    days = _my_days(request)
    return list_download(
        fmt,
        "my-assessments",
        SCHEDULE_HEADINGS,
        map(schedule_line, days),
        of=request.user.full_name,
    )


def assessment(request, booking_pk: int):
    found = access.get_booking_for_assessor(request.user, booking_pk)
    offered = selectors.current_range(found)
    return render(
        request,
        "booking/assessment.html",
        {
            "booking": found,
            "apprenticeship": found.apprenticeship,
            "employer_contacts": employer_contacts(found.apprenticeship),
            "current_range": offered,
            "live_dates": selectors.live_dates(found),
            "sees_showcase": access.assessor_sees_showcase(found, has_range=offered is not None),
            "snapshot": found.attempt.showcase_snapshot,
            "epa_attempt": latest_attempt(found.apprenticeship_id),
        },
    )


def _snapshot(request, booking_pk: int):
    found: Booking = access.get_booking_for_assessor(request.user, booking_pk)
    has_range = selectors.current_range(found) is not None
    snapshot = found.attempt.showcase_snapshot
    if snapshot is None or not access.assessor_sees_showcase(found, has_range=has_range):
        raise Http404("The Showcase opens to you once the employer has offered dates.")
    return snapshot


def showcase_pdf(request, booking_pk: int):
    return pdf_response(_snapshot(request, booking_pk))


def showcase_zip(request, booking_pk: int):
    return zip_response(_snapshot(request, booking_pk))


def _conflict_form(user, data=None) -> ConflictForm:
    organisations = Organisation.objects.filter(
        kind__in=[Organisation.Kind.PROVIDER, Organisation.Kind.EMPLOYER]
    ).order_by("name")
    assigned = access.bookings_for_assessor(user).order_by("apprenticeship__apprentice__full_name")
    return ConflictForm(
        data,
        organisations=[
            (organisation.pk, f"{organisation.name} ({organisation.get_kind_display().lower()})")
            for organisation in organisations
        ],
        apprenticeships=[
            (booking.apprenticeship_id, f"{booking.apprenticeship.apprentice.full_name}")
            for booking in assigned
        ],
    )


@require_http_methods(["GET", "POST"])
def conflicts(request):
    _require_assessor(request.user)
    form = _conflict_form(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        organisation_id = form.cleaned_data["organisation"]
        try:
            services.conflict_declare(
                assessor=request.user,
                description=form.cleaned_data["description"],
                organisation=Organisation.objects.get(pk=organisation_id)
                if organisation_id
                else None,
                apprenticeship_id=form.cleaned_data["apprenticeship"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Conflict of interest recorded. You will not be assigned where it applies.",
            )
            return redirect("booking:conflicts")
    declared = ConflictOfInterest.objects.filter(assessor=request.user).select_related(
        "organisation", "apprenticeship__apprentice"
    )
    return render(request, "booking/conflicts.html", {"form": form, "declared": declared})


@require_POST
def withdraw_conflict(request, conflict_pk: int):
    _require_assessor(request.user)
    conflict = get_object_or_404(ConflictOfInterest, pk=conflict_pk, assessor=request.user)
    services.conflict_withdraw(conflict=conflict, withdrawn_by=request.user)
    messages.success(request, "Conflict of interest withdrawn.")
    return redirect("booking:conflicts")
