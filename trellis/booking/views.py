"""The EPAO's booking pages: the bookings, one booking with its assessor and days, the
calendar, and the assessors' workload. Admins act; moderators read."""

import calendar as month_calendar
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from trellis.booking import access, rules, selectors, services
from trellis.booking.forms import AssignForm, CancelForm, DayForm, MoveForm
from trellis.booking.models import Booking, DateRange, EpaDate
from trellis.form_errors import add_service_errors
from trellis.gateway.access import epao_ids_read_by
from trellis.gateway.notifications import employer_contacts
from trellis.organisations.models import User
from trellis.tables import list_download
from trellis.wording import day_label


def _epao_ids(user) -> list[int]:
    ids = sorted(epao_ids_read_by(user))
    if not ids:
        raise Http404("No such page.")
    return ids


def _stage(booking: Booking, today: date) -> dict:
    ranges = list(booking.date_ranges.all())
    live = list(booking.dates.all())
    offered = ranges[0] if ranges else None
    if live:
        upcoming = [epa_date for epa_date in live if epa_date.day >= today]
        shown = upcoming[0] if upcoming else live[-1]
        return {"code": "booked", "label": "Booked", "tag": "green", "date": shown}
    if booking.assessor_id:
        return {"code": "assigned", "label": "Assessor assigned", "tag": "purple"}
    if offered:
        return {"code": "offered", "label": "Dates offered", "tag": "yellow", "range": offered}
    return {"code": "awaiting", "label": "Awaiting dates from the employer", "tag": "grey"}


def _bookings_listed(user) -> QuerySet[Booking]:
    """Return the EPAO's bookings with what their stage is worked out from, read along."""
    return access.bookings_for_epao(user).prefetch_related(
        Prefetch("date_ranges", queryset=DateRange.objects.order_by("-given_at", "-pk")),
        Prefetch(
            "dates",
            queryset=EpaDate.objects.filter(status=EpaDate.Status.BOOKED).order_by(
                "day", "starts_at"
            ),
        ),
    )


def bookings(request):
    _epao_ids(request.user)
    today = timezone.localdate()
    found = _bookings_listed(request.user)
    rows = [{"booking": booking, "stage": _stage(booking, today)} for booking in found]
    return render(request, "booking/bookings.html", {"rows": rows, "today": today})


BOOKING_HEADINGS = (
    "Apprentice",
    "Standard",
    "Employer",
    "Stage",
    "Dates offered from",
    "Dates offered until",
    "Booked day",
    "Starts at",
    "Assessor",
)


def bookings_export(request, fmt: str):
    _epao_ids(request.user)
    today = timezone.localdate()
    lines = (
        _booking_line(booking, _stage(booking, today)) for booking in _bookings_listed(request.user)
    )
    return list_download(fmt, "bookings", BOOKING_HEADINGS, lines)


def _booking_line(booking: Booking, stage: dict) -> tuple:
    apprenticeship = booking.apprenticeship
    offered, booked = stage.get("range"), stage.get("date")
    return (
        apprenticeship.apprentice.full_name,
        apprenticeship.standard_version.standard.title,
        apprenticeship.employer.name,
        stage["label"],
        offered.available_from if offered else None,
        offered.available_until if offered else None,
        booked.day if booked else None,
        booked.starts_at if booked else None,
        booking.assessor.full_name if booking.assessor else "Not assigned",
    )


def _advisers(booking: Booking) -> list[tuple[int, str]]:
    members = (
        User.objects.filter(is_active=True, memberships__organisation_id=booking.epao_id)
        .distinct()
        .order_by("full_name", "pk")
    )
    return [(person.pk, person.full_name) for person in members]


def _assign_form(booking: Booking, data=None, loads=None) -> AssignForm:
    return AssignForm(
        data,
        loads=loads,
        advisers=_advisers(booking),
        initial={
            "assessor": booking.assessor_id,
            "adviser": booking.adviser_id,
            "revision": booking.revision,
        },
    )


def _loads(booking: Booking):
    return selectors.workload(
        booking.epao_id, today=timezone.localdate(), apprenticeship=booking.apprenticeship
    )


def _render_booking(request, booking: Booking, *, assign_form=None, day_form=None):
    apprenticeship = booking.apprenticeship
    managing = access.can_manage(request.user, booking)
    ranges = list(booking.date_ranges.select_related("given_by").order_by("-given_at", "-pk"))
    notice_days = selectors.minimum_notice_days(apprenticeship)
    loads = []
    if managing:
        loads = _loads(booking)
        assign_form = assign_form or _assign_form(booking, loads=loads)
        day_form = day_form or DayForm(activities=selectors.activities(apprenticeship))
    return render(
        request,
        "booking/booking.html",
        {
            "booking": booking,
            "apprenticeship": apprenticeship,
            "employer_contacts": employer_contacts(apprenticeship),
            "current_range": ranges[0] if ranges else None,
            "earlier_ranges": ranges[1:],
            "live_dates": selectors.live_dates(booking),
            "history": selectors.date_history(booking),
            "managing": managing,
            "loads": loads,
            "not_independent": [load for load in loads if not load.independent],
            "assign_form": assign_form,
            "day_form": day_form,
            "notice_days": notice_days,
            "earliest": rules.earliest_allowed(timezone.now(), notice_days),
        },
    )


def booking(request, booking_pk: int):
    found = access.get_booking_for_epao(request.user, booking_pk)
    return _render_booking(request, found)


def _booking_to_manage(request, booking_pk: int) -> Booking:
    found = access.get_booking_for_epao(request.user, booking_pk)
    access.require_can_manage(request.user, found)
    return found


@require_POST
def assign(request, booking_pk: int):
    found = _booking_to_manage(request, booking_pk)
    loads = _loads(found)
    form = _assign_form(found, data=request.POST, loads=loads)
    if form.is_valid():
        assessors = {load.assessor.pk: load.assessor for load in loads}
        adviser_id = form.cleaned_data["adviser"]
        try:
            services.assessor_assign(
                booking=found,
                assigned_by=request.user,
                assessor=assessors[form.cleaned_data["assessor"]],
                adviser=User.objects.get(pk=adviser_id) if adviser_id else None,
                revision=form.cleaned_data["revision"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            assessor = assessors[form.cleaned_data["assessor"]].full_name
            messages.success(request, f"{assessor} is the independent assessor, and was told.")
            return redirect("booking:booking", booking_pk=found.pk)
    return _render_booking(request, found, assign_form=form)


@require_POST
def book_date(request, booking_pk: int):
    found = _booking_to_manage(request, booking_pk)
    form = DayForm(request.POST, activities=selectors.activities(found.apprenticeship))
    if form.is_valid():
        try:
            booked = services.epa_date_book(
                booking=found, booked_by=request.user, details=form.details()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Booked: {booked.activity} on {booked.day:%A} {day_label(booked.day)}. "
                "Everyone concerned was sent the date.",
            )
            return redirect("booking:booking", booking_pk=found.pk)
    return _render_booking(request, found, day_form=form)


def _date_to_manage(request, date_pk: int) -> tuple[EpaDate, Booking]:
    epa_date = access.get_date_for_epao(request.user, date_pk)
    found = access.get_booking_for_epao(request.user, epa_date.booking_id)
    if not access.can_manage(request.user, found):
        raise PermissionDenied("Only the EPAO's admins move or cancel a day.")
    return epa_date, found


def _not_live(request, epa_date: EpaDate):
    messages.error(
        request,
        f"This day is {epa_date.get_status_display().lower()} already: change the day that "
        "replaced it.",
    )
    return redirect("booking:booking", booking_pk=epa_date.booking_id)


@require_http_methods(["GET", "POST"])
def move_date(request, date_pk: int):
    epa_date, found = _date_to_manage(request, date_pk)
    if epa_date.status != EpaDate.Status.BOOKED:
        return _not_live(request, epa_date)
    form = MoveForm(
        request.POST if request.method == "POST" else None,
        activities=selectors.activities(found.apprenticeship),
        initial={
            "day": epa_date.day,
            "starts_at": epa_date.starts_at,
            "ends_at": epa_date.ends_at,
            "activity": epa_date.activity,
            "location": epa_date.location,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.epa_date_move(
                epa_date=epa_date,
                moved_by=request.user,
                details=form.details(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Moved to {moved.day:%A} {day_label(moved.day)}. Everyone concerned was told.",
            )
            return redirect("booking:booking", booking_pk=found.pk)
    notice_days = selectors.minimum_notice_days(found.apprenticeship)
    return render(
        request,
        "booking/move_date.html",
        {
            "booking": found,
            "epa_date": epa_date,
            "form": form,
            "current_range": selectors.current_range(found),
            "notice_days": notice_days,
            "earliest": rules.earliest_allowed(timezone.now(), notice_days),
        },
    )


@require_http_methods(["GET", "POST"])
def cancel_date(request, date_pk: int):
    epa_date, found = _date_to_manage(request, date_pk)
    if epa_date.status != EpaDate.Status.BOOKED:
        return _not_live(request, epa_date)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.epa_date_cancel(
                epa_date=epa_date, cancelled_by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Cancelled: {epa_date.activity} on {day_label(epa_date.day)}. Everyone "
                "concerned was told.",
            )
            return redirect("booking:booking", booking_pk=found.pk)
    return render(
        request, "booking/cancel_date.html", {"booking": found, "epa_date": epa_date, "form": form}
    )


def _month(value: str | None, today: date) -> date:
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def _shift(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _calendar_month(request) -> tuple[date, list[EpaDate]]:
    """Return the month the calendar shows (the one asked for, else this month) and the
    EPAO's days booked in it, soonest first; 404 for anyone not the EPAO's staff."""
    epao_ids = _epao_ids(request.user)
    first = _month(request.GET.get("month"), timezone.localdate())
    last = _shift(first, 1) - timedelta(days=1)
    days = [
        epa_date
        for epao_id in epao_ids
        for epa_date in selectors.calendar_dates(epao_id, first=first, last=last)
    ]
    return first, sorted(days, key=lambda epa_date: (epa_date.day, epa_date.starts_at))


def calendar(request):
    first, days = _calendar_month(request)
    today = timezone.localdate()
    by_day: dict[date, list[EpaDate]] = {}
    for epa_date in days:
        by_day.setdefault(epa_date.day, []).append(epa_date)
    weeks = [
        [
            {
                "day": day,
                "in_month": day.month == first.month,
                "today": day == today,
                "entries": by_day.get(day, []),
            }
            for day in week
        ]
        for week in month_calendar.Calendar(firstweekday=0).monthdatescalendar(
            first.year, first.month
        )
    ]
    return render(
        request,
        "booking/calendar.html",
        {
            "first": first,
            "weeks": [
                {"days": week, "booked": sum(len(cell["entries"]) for cell in week)}
                for week in weeks
            ],
            "booked": len(days),
            "previous": _shift(first, -1),
            "next": _shift(first, 1),
            "weekdays": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        },
    )


CALENDAR_HEADINGS = (
    "Day",
    "Starts at",
    "Ends at",
    "Apprentice",
    "Activity",
    "Location",
    "Assessor",
)


def calendar_export(request, fmt: str):
    first, days = _calendar_month(request)
    return list_download(
        fmt, "epa-calendar", CALENDAR_HEADINGS, map(_calendar_line, days), of=f"{first:%B %Y}"
    )


def _calendar_line(epa_date: EpaDate) -> tuple:
    assessor = epa_date.booking.assessor
    return (
        epa_date.day,
        epa_date.starts_at,
        epa_date.ends_at,
        epa_date.booking.apprenticeship.apprentice.full_name,
        epa_date.activity,
        epa_date.location,
        assessor.full_name if assessor else "Not assigned",
    )


def assessors(request):
    epao_ids = _epao_ids(request.user)
    today = timezone.localdate()
    loads = [load for epao_id in epao_ids for load in selectors.workload(epao_id, today=today)]
    return render(
        request,
        "booking/assessors.html",
        {"loads": loads, "workload_days": selectors.WORKLOAD_DAYS},
    )


ASSESSOR_HEADINGS = (
    "Assessor",
    "Apprentices assigned",
    f"Days booked in the next {selectors.WORKLOAD_DAYS} days",
    "Next day",
)


def assessors_export(request, fmt: str):
    epao_ids = _epao_ids(request.user)
    today = timezone.localdate()
    loads = (load for epao_id in epao_ids for load in selectors.workload(epao_id, today=today))
    return list_download(fmt, "assessors", ASSESSOR_HEADINGS, map(_assessor_line, loads))


def _assessor_line(load: selectors.AssessorLoad) -> tuple:
    return (load.assessor.full_name, load.assigned, load.days_ahead, load.next_day)


def _assessor_days(request, user_pk: int) -> tuple[User, QuerySet[EpaDate]]:
    """Return one of the EPAO's assessors and their days booked with it from today; 404 for
    anyone not its assessor."""
    epao_ids = _epao_ids(request.user)
    assessor = next(
        (
            person
            for epao_id in epao_ids
            for person in selectors.epao_assessors(epao_id).filter(pk=user_pk)
        ),
        None,
    )
    if assessor is None:
        raise Http404("No such assessor.")
    days = selectors.assessor_schedule(assessor, since=timezone.localdate()).filter(
        booking__epao_id__in=epao_ids
    )
    return assessor, days


def assessor_schedule(request, user_pk: int):
    assessor, days = _assessor_days(request, user_pk)
    return render(request, "booking/assessor_schedule.html", {"assessor": assessor, "days": days})


SCHEDULE_HEADINGS = (
    "Day",
    "Starts at",
    "Ends at",
    "Apprentice",
    "Employer",
    "Activity",
    "Location",
)


def assessor_schedule_export(request, user_pk: int, fmt: str):
    assessor, days = _assessor_days(request, user_pk)
    return list_download(
        fmt,
        "assessor-schedule",
        SCHEDULE_HEADINGS,
        map(schedule_line, days),
        of=assessor.full_name,
    )


def schedule_line(epa_date: EpaDate) -> tuple:
    """Return a booked day as a line of an assessor's schedule, which the EPAO and the
    assessor download alike."""
    apprenticeship = epa_date.booking.apprenticeship
    return (
        epa_date.day,
        epa_date.starts_at,
        epa_date.ends_at,
        apprenticeship.apprentice.full_name,
        apprenticeship.employer.name,
        epa_date.activity,
        epa_date.location,
    )
