from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from trellis.reviews.services import review_correct
from trellis.reviews.tests.test_views import OUTSIDERS, READ_ONLY
from trellis.reviews.views import REVIEW_HEADINGS
from trellis.testing.reviews_factories import recorded_review
from trellis.testing.tables import csv_rows, filename, xlsx_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 1), tick=False):
        yield


def url(people, fmt: str) -> str:
    return reverse("reviews:reviews_export", args=[people.amara_apprenticeship.pk, fmt])


@pytest.fixture
def reviews(people):
    apprenticeship = people.amara_apprenticeship
    locked = recorded_review(
        apprenticeship,
        held_on=date(2026, 3, 2),
        signed_by=[people.carl, people.amara, people.erin],
    )
    recorded_review(apprenticeship, held_on=date(2026, 5, 4), signed_by=[people.carl])
    review_correct(review=locked, corrected_by=people.carl, reason="Wrong hours.")
    return people


def test_the_reviews_read_back_from_csv_newest_first(client, reviews):
    client.force_login(reviews.carl)
    response = client.get(url(reviews, "csv"))
    assert filename(response) == "progress-reviews-amara-example-2026-06-01.csv"
    headings, *rows = csv_rows(response)
    assert tuple(headings) == REVIEW_HEADINGS
    assert rows == [
        ["2026-05-04", "Online", "Awaiting apprentice, employer", "", "No"],
        [
            "2026-03-02",
            "Online",
            "Awaiting apprentice, training consultant, employer",
            "2026-03-02",
            "No",
        ],
        ["2026-03-02", "Online", "Signed and locked", "", "Yes"],
    ]


def test_the_xlsx_holds_real_dates(client, reviews):
    client.force_login(reviews.amara)
    headings, *rows = xlsx_rows(client.get(url(reviews, "xlsx")))
    assert headings == REVIEW_HEADINGS
    assert [row[0] for row in rows] == [
        datetime(2026, 5, 4),
        datetime(2026, 3, 2),
        datetime(2026, 3, 2),
    ]
    assert rows[1][3] == datetime(2026, 3, 2)


@pytest.mark.parametrize("name", ["carl", *READ_ONLY])
def test_everyone_who_reads_the_reviews_downloads_them(client, reviews, name):
    client.force_login(getattr(reviews, name))
    assert len(csv_rows(client.get(url(reviews, "csv")))) == 4


@pytest.mark.parametrize("name", [*OUTSIDERS, "ada", "ian"])
def test_outsiders_cannot_download_the_reviews(client, reviews, name):
    client.force_login(getattr(reviews, name))
    assert client.get(url(reviews, "csv")).status_code == 404
    assert client.get(url(reviews, "xlsx")).status_code == 404


def test_another_apprentice_s_reviews_are_never_in_the_download(client, reviews):
    recorded_review(reviews.bea_apprenticeship, held_on=date(2026, 4, 1))
    client.force_login(reviews.pat)
    held = [row[0] for row in csv_rows(client.get(url(reviews, "csv")))[1:]]
    assert "2026-04-01" not in held


@pytest.mark.parametrize("count", [1, 6])
def test_the_download_makes_a_fixed_number_of_queries(
    client, people, django_assert_num_queries, count
):
    for n in range(count):
        recorded_review(
            people.amara_apprenticeship, held_on=date(2026, 1, 5 + n * 3), signed_by=[people.carl]
        )
    client.force_login(people.carl)
    # Session, person, roles, the apprenticeship, the reviews and what they show.
    with django_assert_num_queries(11):
        response = client.get(url(people, "csv"))
    assert len(csv_rows(response)) == 1 + count


def test_the_reviews_tab_links_both_downloads(client, reviews):
    client.force_login(reviews.carl)
    html = client.get(reverse("reviews:index", args=[reviews.amara_apprenticeship.pk])).text
    assert f'href="{url(reviews, "csv")}"' in html
    assert f'href="{url(reviews, "xlsx")}"' in html
