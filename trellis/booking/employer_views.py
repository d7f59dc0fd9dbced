"""The employer contact's side of booking: offering the dates the assessment can take place."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from trellis.booking import access, rules, selectors, services
from trellis.form_errors import add_service_errors
from trellis.gateway.access import get_apprenticeship_for_gateway
from trellis.gateway.forms import DateRangeForm
from trellis.wording import day_label


@require_http_methods(["GET", "POST"])
def offer_dates(request, pk: int):
    apprenticeship = get_apprenticeship_for_gateway(request.user, pk)
    booking = access.current_booking(apprenticeship.pk)
    if booking is None:
        raise Http404("No end-point assessment to offer dates for yet.")
    if not access.can_offer_dates(request.user, booking):
        raise PermissionDenied("Only the employer's contacts offer the dates for assessment.")
    notice_days = selectors.minimum_notice_days(apprenticeship)
    earliest = rules.earliest_allowed(timezone.now(), notice_days)
    current = selectors.current_range(booking)
    initial = (
        {
            "available_from": current.available_from,
            "available_until": current.available_until,
            "notes": current.notes,
        }
        if current
        else {}
    )
    form = DateRangeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            offered = services.dates_offer(
                booking=booking, given_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Dates offered: {day_label(offered.available_from)} to "
                f"{day_label(offered.available_until)}. {booking.epao.name} will book the "
                "assessment inside them and tell you.",
            )
            return redirect("gateway:readiness", pk=pk)
    return render(
        request,
        "booking/offer_dates.html",
        {
            "apprenticeship": apprenticeship,
            "record_tab": "gateway",
            "booking": booking,
            "form": form,
            "current": current,
            "notice_days": notice_days,
            "earliest": earliest,
        },
    )
