"""Calendar files (.ics) for booked assessment days, so that each person's calendar shows a
day, moves it when it moves and removes it when it is cancelled."""

from datetime import datetime

from django.utils import timezone
from icalendar import Calendar, Event

from trellis.booking.models import EpaDate
from trellis.booking.rules import UK

PRODUCT_ID = "-//Trellis//End-point assessment//EN"


def _moment(epa_date: EpaDate, which: str) -> datetime:
    return datetime.combine(epa_date.day, getattr(epa_date, which), tzinfo=UK)


def calendar_for(
    epa_date: EpaDate, *, summary: str, description: str = "", withdrawn: bool = False
) -> bytes:
    """Return one event for the day: a request while it stands, a cancellation once it is
    cancelled or `withdrawn` from one person's calendar. A moved day keeps the event's id
    with a higher sequence, so calendars update the event they already hold rather than
    adding a second."""
    cancelled = withdrawn or epa_date.status == EpaDate.Status.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", f"{epa_date.calendar_uid}@trellis")
    event.add("dtstamp", timezone.now())
    event.add("sequence", epa_date.calendar_sequence)
    event.add("dtstart", _moment(epa_date, "starts_at"))
    event.add("dtend", _moment(epa_date, "ends_at"))
    event.add("summary", summary)
    event.add("location", epa_date.location)
    if description:
        event.add("description", description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
