from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from trellis.booking.models import Booking, EpaDate
from trellis.booking.selectors import activities
from trellis.booking.services import assessor_assign
from trellis.booking.tests.test_assessor_views import NOT_ASSESSORS
from trellis.booking.tests.test_views import MONDAY, OUTSIDERS, _more_bookings, book
from trellis.booking.views import (
    ASSESSOR_HEADINGS,
    BOOKING_HEADINGS,
    CALENDAR_HEADINGS,
    SCHEDULE_HEADINGS,
)
from trellis.gateway.models import GatewayAttempt
from trellis.testing.factories import ApprenticeshipFactory, MembershipFactory, OrganisationFactory
from trellis.testing.gateway_factories import accepted, offered
from trellis.testing.tables import csv_rows, filename, xlsx_rows

pytestmark = pytest.mark.django_db


def bookings_url(fmt: str) -> str:
    return reverse("booking:bookings_export", args=[fmt])


def assessors_url(fmt: str) -> str:
    return reverse("booking:assessors_export", args=[fmt])


def schedule_url(assessor, fmt: str) -> str:
    return reverse("booking:assessor_schedule_export", args=[assessor.pk, fmt])


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def bookings(people):
    """Amara offered dates and booked with Ian; Bea awaiting dates; another EPAO's booking."""
    amara = accepted(people.amara_apprenticeship)
    offered(amara)
    book(amara, people, date(2026, 12, 7))
    bea = people.bea_apprenticeship
    bea.epao = people.epao
    bea.save()
    accepted(bea)
    elsewhere = OrganisationFactory(kind="epao", name="Other Assessments")
    apprenticeship = ApprenticeshipFactory(
        apprentice__full_name="Elsa Elsewhere",
        provider=people.provider,
        employer=people.employer,
        epao=elsewhere,
        standard_version=people.amara_apprenticeship.standard_version,
    )
    attempt = GatewayAttempt.objects.create(
        apprenticeship=apprenticeship,
        number=1,
        status=GatewayAttempt.Status.ACCEPTED,
        started_at=timezone.now(),
        epao=elsewhere,
        submitted_at=timezone.now(),
    )
    Booking.objects.create(
        apprenticeship=apprenticeship, attempt=attempt, epao=elsewhere, created_at=timezone.now()
    )
    return people


def test_the_bookings_read_back_from_csv_as_the_page_shows_them(client, bookings):
    client.force_login(bookings.ada)
    response = client.get(bookings_url("csv"))
    assert filename(response) == "bookings-2026-11-23.csv"
    headings, *rows = csv_rows(response)
    assert tuple(headings) == BOOKING_HEADINGS
    by_name = {row[0]: row for row in rows}
    assert set(by_name) == {"Amara Example", "Bea Example"}
    assert by_name["Amara Example"] == [
        "Amara Example",
        "Learning mentor",
        "Riverside College",
        "Booked",
        "",
        "",
        "2026-12-07",
        "09:30:00",
        "Ian Example",
    ]
    assert by_name["Bea Example"][3:] == [
        "Awaiting dates from the employer",
        "",
        "",
        "",
        "",
        "Not assigned",
    ]


def test_dates_offered_come_out_as_real_dates_in_xlsx(client, bookings):
    offered(Booking.objects.get(apprenticeship=bookings.bea_apprenticeship))
    client.force_login(bookings.mo)
    headings, *rows = xlsx_rows(client.get(bookings_url("xlsx")))
    assert headings == BOOKING_HEADINGS
    bea = next(row for row in rows if row[0] == "Bea Example")
    assert bea[3:6] == ("Dates offered", datetime(2026, 12, 3), datetime(2027, 1, 2))
    amara = next(row for row in rows if row[0] == "Amara Example")
    assert amara[6:8] == (datetime(2026, 12, 7), time(9, 30))


@pytest.mark.parametrize("name", OUTSIDERS)
def test_nobody_else_downloads_the_bookings_or_the_assessors(client, bookings, name):
    client.force_login(getattr(bookings, name))
    for address in (bookings_url("csv"), bookings_url("xlsx"), assessors_url("csv")):
        assert client.get(address).status_code == 404, address


@pytest.mark.parametrize("count", [2, 30])
def test_the_bookings_download_makes_a_fixed_number_of_queries(
    client, people, django_assert_num_queries, count
):
    _more_bookings(people, count)
    client.force_login(people.ada)
    # Session, person, roles, the bookings, their offered dates and their booked days.
    with django_assert_num_queries(6):
        response = client.get(bookings_url("csv"))
    assert len(csv_rows(response)) == 1 + count


def test_the_assessors_read_back_with_their_workload(client, bookings):
    client.force_login(bookings.ada)
    response = client.get(assessors_url("csv"))
    assert filename(response) == "assessors-2026-11-23.csv"
    headings, *rows = csv_rows(response)
    assert tuple(headings) == ASSESSOR_HEADINGS
    assert headings[2] == "Days booked in the next 30 days"
    assert rows == [["Ian Example", "1", "1", "2026-12-07"], ["Isla Example", "0", "0", ""]]
    headings, ian, isla = xlsx_rows(client.get(assessors_url("xlsx")))
    assert ian == ("Ian Example", 1, 1, datetime(2026, 12, 7))
    assert isla == ("Isla Example", 0, 0, None)


def test_another_epao_s_staff_download_none_of_these(client, bookings):
    elsewhere = Booking.objects.get(apprenticeship__apprentice__full_name="Elsa Elsewhere").epao
    MembershipFactory(user=bookings.otto, organisation=elsewhere, role="epao_admin")
    client.force_login(bookings.otto)
    names = [row[0] for row in csv_rows(client.get(bookings_url("csv")))[1:]]
    assert names == ["Elsa Elsewhere"]
    assert csv_rows(client.get(assessors_url("csv")))[1:] == []


def test_the_pages_link_both_downloads(client, bookings):
    client.force_login(bookings.ada)
    html = client.get(reverse("booking:bookings")).text
    assert f'href="{bookings_url("csv")}"' in html
    assert f'href="{bookings_url("xlsx")}"' in html
    html = client.get(reverse("booking:assessors")).text
    assert f'href="{assessors_url("csv")}"' in html
    assert f'href="{assessors_url("xlsx")}"' in html


def test_an_assessor_s_schedule_reads_back_with_each_booked_day(client, bookings):
    client.force_login(bookings.mo)
    response = client.get(schedule_url(bookings.ian, "csv"))
    assert filename(response) == "assessor-schedule-ian-example-2026-11-23.csv"
    headings, *rows = csv_rows(response)
    assert tuple(headings) == SCHEDULE_HEADINGS
    assert [row[:5] for row in rows] == [
        ["2026-12-07", "09:30:00", "15:00:00", "Amara Example", "Riverside College"]
    ]
    assert rows[0][6] == "Riverside College"
    headings, day = xlsx_rows(client.get(schedule_url(bookings.ian, "xlsx")))
    assert day[:3] == (datetime(2026, 12, 7), time(9, 30), time(15))
    assert csv_rows(client.get(schedule_url(bookings.isla, "csv")))[1:] == []


def test_only_the_epao_s_own_assessors_schedules_download(client, bookings):
    client.force_login(bookings.ada)
    assert client.get(schedule_url(bookings.pat, "csv")).status_code == 404
    for name in OUTSIDERS:
        client.force_login(getattr(bookings, name))
        assert client.get(schedule_url(bookings.ian, "csv")).status_code == 404, name


def test_the_schedule_page_links_both_downloads(client, bookings):
    client.force_login(bookings.ada)
    html = client.get(reverse("booking:assessor_schedule", args=[bookings.ian.pk])).text
    assert f'href="{schedule_url(bookings.ian, "csv")}"' in html
    assert f'href="{schedule_url(bookings.ian, "xlsx")}"' in html


@pytest.fixture
def diary(bookings):
    """Besides Amara's day with Ian on 7 Dec: Bea's day with Isla on 10 Dec, and a day on
    8 Dec of another EPAO's booking, which names Ian as its assessor too."""
    bea = Booking.objects.get(apprenticeship=bookings.bea_apprenticeship)
    offered(bea)
    bea = assessor_assign(booking=bea, assigned_by=bookings.ada, assessor=bookings.isla)
    book(bea, bookings, date(2026, 12, 10))
    elsewhere = Booking.objects.get(apprenticeship__apprentice__full_name="Elsa Elsewhere")
    elsewhere.assessor = bookings.ian
    elsewhere.save()
    EpaDate.objects.create(
        booking=elsewhere,
        activity="Observation",
        day=date(2026, 12, 8),
        starts_at=time(10),
        ends_at=time(12),
        location="Elsewhere",
        booked_by=bookings.otto,
        booked_at=timezone.now(),
    )
    return bookings


def _more_days(people, count: int) -> None:
    """Add `count` of the EPAO's bookings with Ian, each with dates offered and a day booked
    in December."""
    _more_bookings(people, count)
    added = Booking.objects.filter(epao=people.epao, dates__isnull=True).order_by("pk")
    for n, booking in enumerate(added):
        offered(booking)
        book(booking, people, date(2026, 12, 3 + n % 28))


# --- The calendar ---------------------------------------------------------------------------


def calendar_url(fmt: str) -> str:
    return reverse("booking:calendar_export", args=[fmt])


def test_the_calendar_reads_back_a_line_per_day_booked_in_the_month_shown(client, diary):
    client.force_login(diary.ada)
    response = client.get(calendar_url("csv"), {"month": "2026-12"})
    assert filename(response) == "epa-calendar-december-2026-2026-11-23.csv"
    headings, *rows = csv_rows(response)
    assert tuple(headings) == CALENDAR_HEADINGS
    observation = activities(diary.amara_apprenticeship)[0]
    assert rows == [
        [
            "2026-12-07",
            "09:30:00",
            "15:00:00",
            "Amara Example",
            observation,
            "Riverside College",
            "Ian Example",
        ],
        [
            "2026-12-10",
            "09:30:00",
            "15:00:00",
            "Bea Example",
            observation,
            "Riverside College",
            "Isla Example",
        ],
    ]
    # This month, as the page opens, has no day booked.
    assert csv_rows(client.get(calendar_url("csv")))[1:] == []


def test_the_calendar_xlsx_holds_real_dates_and_times(client, diary):
    client.force_login(diary.mo)
    headings, amara, bea = xlsx_rows(client.get(calendar_url("xlsx"), {"month": "2026-12"}))
    assert headings == CALENDAR_HEADINGS
    assert amara[:4] == (datetime(2026, 12, 7), time(9, 30), time(15), "Amara Example")
    assert bea[0] == datetime(2026, 12, 10)


@pytest.mark.parametrize("count", [2, 30])
def test_the_calendar_download_makes_a_fixed_number_of_queries(
    client, diary, django_assert_num_queries, count
):
    _more_days(diary, count)
    client.force_login(diary.ada)
    # Session, person, roles, and the month's booked days with their apprentices and assessors.
    with django_assert_num_queries(4):
        response = client.get(calendar_url("csv"), {"month": "2026-12"})
    # Amara's and Bea's days, then those added.
    assert len(csv_rows(response)) == 1 + 2 + count


@pytest.mark.parametrize("name", OUTSIDERS)
def test_nobody_else_sees_or_downloads_the_calendar(client, people, name):
    client.force_login(getattr(people, name))
    assert client.get(reverse("booking:calendar")).status_code == 404
    assert client.get(calendar_url("csv")).status_code == 404
    assert client.get(calendar_url("xlsx")).status_code == 404


def test_the_calendar_links_both_downloads_for_a_month_with_days_booked(client, bookings):
    client.force_login(bookings.ada)
    assert calendar_url("csv") not in client.get(reverse("booking:calendar")).text
    html = client.get(reverse("booking:calendar"), {"month": "2026-12"}).text
    assert f'href="{calendar_url("csv")}?month=2026-12"' in html
    assert f'href="{calendar_url("xlsx")}?month=2026-12"' in html
    assert client.get("/epao/calendar/download.pdf").status_code == 404


# --- The assessor's own assessments ------------------------------------------------------------


def my_url(fmt: str) -> str:
    return reverse("booking:schedule_export", args=[fmt])


def test_an_assessor_downloads_their_own_days_only(client, diary):
    client.force_login(diary.ian)
    response = client.get(my_url("csv"))
    assert filename(response) == "my-assessments-ian-example-2026-11-23.csv"
    headings, *rows = csv_rows(response)
    assert tuple(headings) == SCHEDULE_HEADINGS
    assert [row[:5] for row in rows] == [
        ["2026-12-07", "09:30:00", "15:00:00", "Amara Example", "Riverside College"]
    ]
    headings, day = xlsx_rows(client.get(my_url("xlsx")))
    assert day[:4] == (datetime(2026, 12, 7), time(9, 30), time(15), "Amara Example")
    client.force_login(diary.isla)
    assert [row[3] for row in csv_rows(client.get(my_url("csv")))[1:]] == ["Bea Example"]


@pytest.mark.parametrize("count", [2, 30])
def test_my_assessments_download_makes_a_fixed_number_of_queries(
    client, diary, django_assert_num_queries, count
):
    _more_days(diary, count)
    client.force_login(diary.ian)
    # Session, person, roles, and Ian's booked days with their apprentices and employers.
    with django_assert_num_queries(4):
        response = client.get(my_url("csv"))
    # Amara's day, then those added; not the other EPAO's day, nor Isla's.
    assert len(csv_rows(response)) == 1 + 1 + count


@pytest.mark.parametrize("name", NOT_ASSESSORS)
def test_nobody_but_an_assessor_downloads_my_assessments(client, people, name):
    client.force_login(getattr(people, name))
    assert client.get(reverse("booking:schedule")).status_code == 404
    assert client.get(my_url("csv")).status_code == 404
    assert client.get(my_url("xlsx")).status_code == 404


def test_my_assessments_link_both_downloads_once_a_day_is_booked(client, bookings):
    client.force_login(bookings.isla)
    assert my_url("csv") not in client.get(reverse("booking:schedule")).text
    client.force_login(bookings.ian)
    html = client.get(reverse("booking:schedule")).text
    assert f'href="{my_url("csv")}"' in html
    assert f'href="{my_url("xlsx")}"' in html
    assert client.get("/assessments/download.pdf").status_code == 404
