from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from trellis.booking.models import Booking
from trellis.booking.services import assessor_assign
from trellis.booking.tests.test_views import _more_bookings, book
from trellis.gateway.views import PIPELINE_HEADINGS
from trellis.testing.caseload_factories import CaseloadSummaryFactory
from trellis.testing.factories import ApprenticeshipFactory
from trellis.testing.gateway_factories import accepted, offered
from trellis.testing.tables import csv_rows, filename, xlsx_rows

pytestmark = pytest.mark.django_db


def url(fmt: str) -> str:
    return reverse("gateway:pipeline_export", args=[fmt])


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 12, tzinfo=UTC), tick=False)


@pytest.fixture
def board(people):
    """Amara accepted with dates offered and Isla assigned; Bea, Cora's apprentice,
    approaching gateway; another provider's apprentice approaching too."""
    booking = accepted(people.amara_apprenticeship)
    offered(booking)
    assessor_assign(booking=booking, assigned_by=people.ada, assessor=people.isla)
    CaseloadSummaryFactory(apprenticeship=people.bea_apprenticeship, otj_actual_hours=50.5)
    ApprenticeshipFactory(
        apprentice__full_name="Elsa Elsewhere",
        provider=people.other_provider,
        standard_version=people.amara_apprenticeship.standard_version,
    )
    return people


def lines(response) -> dict[str, dict[str, str]]:
    headings, *rows = csv_rows(response)
    return {row[0]: dict(zip(headings, row, strict=True)) for row in rows}


def test_the_pipeline_reads_back_from_csv_a_line_per_apprentice_with_its_stage(client, board):
    client.force_login(board.pat)
    response = client.get(url("csv"))
    assert filename(response) == "gateway-pipeline-2026-11-23.csv"
    assert tuple(csv_rows(response)[0]) == PIPELINE_HEADINGS
    found = lines(response)
    assert list(found) == ["Amara Example", "Bea Example"]
    amara = found["Amara Example"]
    assert amara["Stage"] == "Accepted: booking"
    assert (amara["Employer"], amara["Consultant"]) == ("Riverside College", "Carl Example")
    assert (amara["EPAO"], amara["Attempt"]) == ("Fair Assessment Ltd", "1")
    assert (amara["Submitted"], amara["Decided"]) == ("2026-11-23", "2026-11-23")
    assert (amara["Dates offered from"], amara["Dates offered until"]) == (
        "2026-12-03",
        "2027-01-02",
    )
    assert (amara["Assessor"], amara["Next booked day"]) == ("Isla Example", "")
    assert amara["KSBs secure"] == ""
    approaching = found["Bea Example"]
    assert (approaching["Stage"], approaching["Consultant"]) == (
        "Approaching gateway",
        "Cora Example",
    )
    assert approaching["Minimum time on programme reached on"] == "2027-01-05"
    assert approaching["Off-the-job hours confirmed"] == "50.50"
    assert approaching["Off-the-job hours required"] == "187.00"
    assert approaching["Assessor"] == ""


def test_the_xlsx_holds_real_dates_and_numbers(client, board):
    client.force_login(board.pat)
    headings, *rows = xlsx_rows(client.get(url("xlsx")))
    assert headings == PIPELINE_HEADINGS
    amara, bea = (dict(zip(headings, row, strict=True)) for row in rows)
    assert amara["Apprentice"] == "Amara Example"
    assert amara["Attempt"] == 1
    assert amara["Dates offered from"] == datetime(2026, 12, 3)
    assert amara["Decided"] == datetime(2026, 11, 23)
    assert amara["Next booked day"] is None
    assert bea["Minimum time on programme reached on"] == datetime(2027, 1, 5)
    assert bea["KSBs secure"] == 0
    assert bea["KSBs in the standard"] > 0
    assert (bea["Off-the-job hours confirmed"], bea["Off-the-job hours required"]) == (50.5, 187)


def _more_apprentices(people, count: int) -> None:
    """Add `count` apprentices of the provider: half accepted by the EPAO, with Ian assigned,
    dates offered and a day booked; the other half approaching gateway, with their summaries."""
    _more_bookings(people, count // 2)
    added = Booking.objects.exclude(apprenticeship=people.amara_apprenticeship).order_by("pk")
    for n, booking in enumerate(added):
        offered(booking)
        book(booking, people, date(2026, 12, 3) + timedelta(days=n))
    for _ in range(count - count // 2):
        apprenticeship = ApprenticeshipFactory(
            provider=people.provider,
            employer=people.employer,
            consultant=people.carl,
            standard_version=people.amara_apprenticeship.standard_version,
        )
        CaseloadSummaryFactory(apprenticeship=apprenticeship, otj_actual_hours=40)


@pytest.mark.parametrize("count", [2, 30])
def test_the_pipeline_download_makes_a_fixed_number_of_queries(
    client, board, django_assert_num_queries, count
):
    _more_apprentices(board, count)
    client.force_login(board.pat)
    # Session, person, roles, the consultants to filter by, the apprentices, their attempts
    # and the attempts' declarations; for those accepted, the bookings, dates offered and days
    # booked; for those approaching, their KSBs secure, the standards' KSBs and their summaries.
    with django_assert_num_queries(13):
        response = client.get(url("csv"))
    found = lines(response)
    assert len(found) == 2 + count
    stages = [line["Stage"] for line in found.values()]
    assert stages.count("Accepted: booking") == 1 + count // 2
    assert stages.count("Approaching gateway") == 1 + count - count // 2


def test_each_reader_downloads_only_their_own_apprentices(client, board):
    client.force_login(board.pat)
    carls = lines(client.get(url("csv"), {"consultant": board.carl.pk}))
    assert list(carls) == ["Amara Example"]
    client.force_login(board.cora)
    assert list(lines(client.get(url("csv")))) == ["Bea Example"]
    client.force_login(board.paula)
    assert list(lines(client.get(url("csv")))) == ["Elsa Elsewhere"]


@pytest.mark.parametrize("name", ["amara", "erin", "ada", "ian", "otto"])
def test_whoever_may_not_see_the_pipeline_may_not_download_it(client, people, name):
    client.force_login(getattr(people, name))
    assert client.get(reverse("gateway:pipeline")).status_code == 404
    assert client.get(url("csv")).status_code == 404
    assert client.get(url("xlsx")).status_code == 404


def test_the_pipeline_links_both_downloads_and_no_other_format(client, people):
    client.force_login(people.paula)
    assert url("csv") not in client.get(reverse("gateway:pipeline")).text
    client.force_login(people.pat)
    html = client.get(reverse("gateway:pipeline")).text
    assert f'href="{url("csv")}"' in html
    assert f'href="{url("xlsx")}"' in html
    assert client.get("/gateway/download.pdf").status_code == 404
