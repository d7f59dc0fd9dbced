from datetime import UTC, datetime

import pytest
from django.urls import reverse

from trellis.booking.models import Booking
from trellis.epa.epao_views import RESULT_HEADINGS
from trellis.epa.models import Assessment
from trellis.gateway.models import GatewayAttempt
from trellis.organisations.models import Organisation
from trellis.testing.factories import ApprenticeshipFactory, OrganisationFactory
from trellis.testing.tables import csv_rows, filename, xlsx_rows

pytestmark = pytest.mark.django_db
Status = Assessment.Status


def url(fmt: str) -> str:
    return reverse("epa:queue_export", args=[fmt])


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 12, tzinfo=UTC), tick=False)


def _on(day: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, 10, tzinfo=UTC)


def _assessment(people, name, status, *, epao=None, number=1, **fields) -> Assessment:
    """An assessment saved as it stands, on a booking of its own with Ian assessing."""
    epao = epao or people.epao
    apprenticeship = ApprenticeshipFactory(
        apprentice__full_name=name,
        provider=people.provider,
        employer=people.employer,
        epao=epao,
        standard_version=people.amara_apprenticeship.standard_version,
    )
    attempt = GatewayAttempt.objects.create(
        apprenticeship=apprenticeship,
        number=1,
        status=GatewayAttempt.Status.ACCEPTED,
        started_at=_on(1, 9),
        epao=epao,
    )
    booking = Booking.objects.create(
        apprenticeship=apprenticeship,
        attempt=attempt,
        epao=epao,
        created_at=_on(1, 9),
        assessor=people.ian if epao == people.epao else None,
    )
    return Assessment.objects.create(
        booking=booking,
        apprenticeship=apprenticeship,
        number=number,
        status=status,
        created_by=people.ian,
        **{"created_at": _on(1, 10), **fields},
    )


@pytest.fixture
def results(people):
    _assessment(people, "Ivy In Progress", Status.IN_PROGRESS, created_at=_on(5))
    _assessment(
        people,
        "Pip Provisional",
        Status.PROVISIONAL,
        finalised_at=_on(10),
        provisional_result={"grade": "merit"},
    )
    _assessment(
        people,
        "Fay Final",
        Status.FINAL,
        number=2,
        kind=Assessment.Kind.RESIT,
        finalised_at=_on(1),
        confirmed_at=_on(3),
        provisional_result={"grade": "pass"},
        final_result={"grade": "=distinction"},
    )
    _assessment(
        people,
        "Tom Terminated",
        Status.FINAL,
        finalised_at=_on(12, 10),
        confirmed_at=_on(14, 10),
        terminated_at=_on(12, 10),
        final_result={"grade": "fail"},
    )
    _assessment(
        people,
        "Elsa Elsewhere",
        Status.PROVISIONAL,
        epao=OrganisationFactory(kind=Organisation.Kind.EPAO, name="Other Assessments"),
        finalised_at=_on(2),
        provisional_result={"grade": "pass"},
    )
    return people


def test_every_result_reads_back_from_csv_in_the_page_s_order(client, results):
    client.force_login(results.ada)
    response = client.get(url("csv"))
    assert filename(response) == "results-2026-11-23.csv"
    headings, *rows = csv_rows(response)
    assert tuple(headings) == RESULT_HEADINGS
    assert [row[0] for row in rows] == [
        "Pip Provisional",
        "Ivy In Progress",
        "Fay Final",
        "Tom Terminated",
    ]
    pip, ivy, fay, tom = rows
    assert pip == [
        "Pip Provisional",
        "ST0148 v1.0",
        "Ian Example",
        "1",
        "First attempt",
        "Provisional, waiting for moderation and confirmation",
        "Merit",
        "No",
        "2026-10-01",
        "2026-11-10",
        "",
    ]
    assert ivy[5:] == ["In progress with the assessor", "", "No", "2026-11-05", "", ""]
    # A grade a spreadsheet would run comes out as text.
    assert fay[3:7] == ["2", "Resit", "Confirmed", "'=Distinction"]
    assert fay[9:] == ["2026-11-01", "2026-11-03"]
    assert tom[6:8] == ["Fail", "Yes"]


def test_the_xlsx_holds_real_dates_and_numbers(client, results):
    client.force_login(results.mo)
    headings, pip, *_ = xlsx_rows(client.get(url("xlsx")))
    assert headings == RESULT_HEADINGS
    assert pip[3] == 1
    assert pip[8:] == (datetime(2026, 10, 1), datetime(2026, 11, 10), None)


def test_every_confirmed_result_is_in_the_download_not_only_the_latest_twenty(client, people):
    for n in range(24):
        _assessment(
            people,
            f"Final {n:02d}",
            Status.FINAL,
            confirmed_at=_on(1 + n),
            final_result={"grade": "pass"},
        )
    client.force_login(people.ada)
    assert len(client.get(reverse("epa:queue")).context["final"]) == 20
    assert len(csv_rows(client.get(url("csv")))) == 1 + 24


@pytest.mark.parametrize("name", ["ian", "isla", "carl", "pat", "amara", "erin", "otto"])
def test_only_the_epao_s_admins_and_moderators_download_the_results(client, results, name):
    client.force_login(getattr(results, name))
    assert client.get(url("csv")).status_code == 404
    assert client.get(url("xlsx")).status_code == 404


@pytest.mark.parametrize("count", [2, 30])
def test_the_download_makes_a_fixed_number_of_queries(
    client, people, django_assert_num_queries, count
):
    for n in range(count):
        _assessment(people, f"Waiting {n:02d}", Status.PROVISIONAL, finalised_at=_on(1 + n % 20))
    client.force_login(people.ada)
    # Session, person, roles, and the assessments with all they show.
    with django_assert_num_queries(4):
        response = client.get(url("csv"))
    assert len(csv_rows(response)) == 1 + count


def test_the_results_page_links_both_downloads(client, results):
    client.force_login(results.ada)
    html = client.get(reverse("epa:queue")).text
    assert f'href="{url("csv")}"' in html
    assert f'href="{url("xlsx")}"' in html
