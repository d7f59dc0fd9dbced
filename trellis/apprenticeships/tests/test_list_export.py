from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.tests.test_views import EVERYONE, SEES_AMARA
from trellis.apprenticeships.views import LIST_HEADINGS
from trellis.testing.factories import ApprenticeshipFactory
from trellis.testing.tables import csv_rows, filename, xlsx_rows

pytestmark = pytest.mark.django_db


def url(fmt: str) -> str:
    return reverse("apprenticeships:list_export", args=[fmt])


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 12, tzinfo=UTC), tick=False)


def test_the_list_reads_back_from_csv_as_the_page_shows_it(client, people):
    client.force_login(people.pat)
    response = client.get(url("csv"))
    assert filename(response) == "apprenticeships-2026-11-23.csv"
    headings, *rows = csv_rows(response)
    assert tuple(headings) == LIST_HEADINGS
    assert rows == [
        [
            "Amara Example",
            "Riverside College",
            "ST0148 v1.0",
            "Carl Example",
            "2026-01-05",
            "2027-07-05",
            "On programme",
        ],
        [
            "Bea Example",
            "Hilltop Care",
            "ST0148 v1.0",
            "Cora Example",
            "2026-01-05",
            "2027-07-05",
            "On programme",
        ],
    ]


def test_the_xlsx_holds_real_dates_and_formulas_as_text(client, people):
    people.amara.full_name = "@SUM(A1)"
    people.amara.save()
    Apprenticeship.objects.filter(pk=people.bea_apprenticeship.pk).update(consultant=None)
    client.force_login(people.pat)
    response = client.get(url("xlsx"))
    assert filename(response) == "apprenticeships-2026-11-23.xlsx"
    headings, *rows = xlsx_rows(response)
    assert headings == LIST_HEADINGS
    assert rows[0][0] == "'@SUM(A1)"
    assert rows[0][4:6] == (datetime(2026, 1, 5), datetime(2027, 7, 5))
    assert rows[1][3] == "Not assigned"


def test_the_status_filter_narrows_the_download_and_every_page_is_in_it(client, people):
    for n in range(30):
        ApprenticeshipFactory(
            apprentice__full_name=f"Withdrawn {n:02d}",
            provider=people.provider,
            employer=people.employer,
            standard_version=people.amara_apprenticeship.standard_version,
            status=Apprenticeship.Status.WITHDRAWN,
            start_date=date(2025, 1, 6),
        )
    client.force_login(people.pat)
    rows = csv_rows(client.get(url("csv"), {"status": "withdrawn", "page": "2"}))[1:]
    assert len(rows) == 30
    assert {row[6] for row in rows} == {"Withdrawn"}
    assert len(csv_rows(client.get(url("csv")))) == 1 + 32


@pytest.mark.parametrize("name", sorted(EVERYONE))
def test_the_download_holds_only_the_apprenticeships_the_person_may_see(client, people, name):
    client.force_login(getattr(people, name))
    names = [row[0] for row in xlsx_rows(client.get(url("xlsx")))[1:]]
    assert ("Amara Example" in names) == (name in SEES_AMARA)
    if name in {"erin", "amara", "evan", "bea"}:
        # Each employer's people see their own apprentices only.
        assert len(names) == 1


def test_signed_out_visitors_are_sent_to_sign_in(client, people):
    response = client.get(url("csv"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_download_in_another_format_is_not_found(client, people):
    client.force_login(people.pat)
    assert client.get("/apprenticeships/download.pdf").status_code == 404


@pytest.mark.parametrize("extra", [0, 40])
def test_the_download_makes_a_fixed_number_of_queries(
    client, people, django_assert_num_queries, extra
):
    for _ in range(extra):
        ApprenticeshipFactory(
            provider=people.provider, standard_version=people.amara_apprenticeship.standard_version
        )
    client.force_login(people.pat)
    # Session, person, roles, and the apprenticeships with all they show.
    with django_assert_num_queries(4):
        response = client.get(url("csv"), {"status": "on_programme"})
    assert len(csv_rows(response)) == 1 + 2 + extra


def test_the_list_page_links_both_downloads_with_its_filter(client, people):
    for _ in range(28):
        ApprenticeshipFactory(
            provider=people.provider, standard_version=people.amara_apprenticeship.standard_version
        )
    client.force_login(people.pat)
    html = client.get(reverse("apprenticeships:list"), {"status": "on_programme"}).text
    assert f'href="{url("csv")}?status=on_programme"' in html
    assert f'href="{url("xlsx")}?status=on_programme"' in html
    assert "All 30 matching the filters, every page:" in html
