import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from trellis.booking.ics import PRODUCT_ID, calendar_for
from trellis.booking.models import EpaDate

UID = uuid.UUID("6f1c2d3e-4a5b-4c6d-8e7f-901234567890")


def epa_day(day: date, **changes) -> EpaDate:
    values = {
        "day": day,
        "starts_at": time(9),
        "ends_at": time(12, 30),
        "activity": "Learning mentor observation",
        "location": "Riverside College, Room 4",
        "calendar_uid": UID,
        "calendar_sequence": 0,
        "status": EpaDate.Status.BOOKED,
    }
    return EpaDate(**(values | changes))


def parsed(epa_date: EpaDate, **kwargs) -> tuple[Calendar, object]:
    calendar = Calendar.from_ical(
        calendar_for(epa_date, summary="End-point assessment: Amara Example", **kwargs)
    )
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_a_booked_day_is_a_request_for_one_event():
    calendar, event = parsed(epa_day(date(2026, 12, 7)), description="Observation at work.")
    assert str(calendar["prodid"]) == PRODUCT_ID
    assert str(calendar["method"]) == "REQUEST"
    assert str(event["uid"]) == f"{UID}@trellis"
    assert int(event["sequence"]) == 0
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["summary"]) == "End-point assessment: Amara Example"
    assert str(event["location"]) == "Riverside College, Room 4"
    assert "description" in event
    assert str(event["description"]) == "Observation at work."


@pytest.mark.parametrize(
    ("day", "utc_start"),
    [
        # Greenwich Mean Time: UK time is UTC.
        (date(2026, 12, 7), datetime(2026, 12, 7, 9, tzinfo=UTC)),
        # British Summer Time: UK time is an hour ahead of UTC.
        (date(2027, 4, 6), datetime(2027, 4, 6, 8, tzinfo=UTC)),
        # The day the clocks go back, after 02:00: back on GMT.
        (date(2026, 10, 25), datetime(2026, 10, 25, 9, tzinfo=UTC)),
        # The day the clocks go forward, after 01:00: on BST.
        (date(2027, 3, 28), datetime(2027, 3, 28, 8, tzinfo=UTC)),
    ],
)
def test_the_times_are_uk_times_with_their_zone(day, utc_start):
    calendar, event = parsed(epa_day(day))
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == utc_start
    assert end - start == timedelta(hours=3, minutes=30)
    assert (start.hour, start.minute) == (9, 0)
    assert event["dtstart"].params["TZID"] == "Europe/London"
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_a_moved_day_keeps_the_event_id_with_a_higher_sequence():
    _, before = parsed(epa_day(date(2026, 12, 7)))
    _, after = parsed(epa_day(date(2026, 12, 9), calendar_sequence=1))
    assert str(after["uid"]) == str(before["uid"])
    assert int(after["sequence"]) > int(before["sequence"])
    assert after.decoded("dtstart").date() == date(2026, 12, 9)


def test_a_cancelled_day_is_a_cancellation_of_the_same_event():
    calendar, event = parsed(
        epa_day(date(2026, 12, 7), status=EpaDate.Status.CANCELLED, calendar_sequence=2)
    )
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == f"{UID}@trellis"
    assert int(event["sequence"]) == 2


def test_the_calendar_has_no_description_when_none_is_given():
    _, event = parsed(epa_day(date(2026, 12, 7)))
    assert "description" not in event
