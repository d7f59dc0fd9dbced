from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from trellis.cpd.services import CpdRecordDetails, cpd_record_create, cpd_record_to_evidence
from trellis.cpd.tests.test_views import OUTSIDERS, READERS
from trellis.cpd.views import RECORD_HEADINGS
from trellis.standards.models import KSB
from trellis.testing.tables import csv_rows, filename, xlsx_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 15), tick=False):
        yield


def url(people, fmt: str) -> str:
    return reverse("cpd:records_export", args=[people.amara_apprenticeship.pk, fmt])


def created(people, apprenticeship=None, **details):
    apprenticeship = apprenticeship or people.amara_apprenticeship
    fields = {
        "done_on": date(2026, 5, 1),
        "title": "Reading on feedback",
        "kind": "reading",
        "what_was_learned": "Feed forward",
    }
    return cpd_record_create(
        apprenticeship=apprenticeship,
        logged_by=apprenticeship.apprentice,
        details=CpdRecordDetails(**(fields | details)),
    )


@pytest.fixture
def records(people):
    course = created(
        people,
        done_on=date(2026, 6, 10),
        title="Prevent duty refresher",
        kind="course",
        duration_minutes=150,
        what_was_learned="@How to raise a concern",
        impact="I check in with learners sooner.",
        ksbs=list(
            KSB.objects.filter(
                standard_version=people.amara_apprenticeship.standard_version,
                code__in=["K1", "B2"],
            )
        ),
    )
    cpd_record_to_evidence(record=course, used_by=people.amara)
    created(people)
    created(people, people.bea_apprenticeship, title="Bea's reading")
    return people


def test_the_log_reads_back_from_csv_newest_first(client, records):
    client.force_login(records.carl)
    response = client.get(url(records, "csv"))
    assert filename(response) == "cpd-log-amara-example-2026-06-15.csv"
    headings, course, reading = csv_rows(response)
    assert tuple(headings) == RECORD_HEADINGS
    assert course[:8] == [
        "2026-06-10",
        "Prevent duty refresher",
        "Course or training",
        "2.50",
        "150",
        "'@How to raise a concern",
        "I check in with learners sooner.",
        "K1, B2",
    ]
    assert course[8]
    assert course[9] == "Draft"
    assert reading == [
        "2026-05-01",
        "Reading on feedback",
        "Reading or research",
        "",
        "",
        "Feed forward",
        "",
        "",
        "",
        "",
    ]


def test_the_xlsx_holds_dates_and_hours_as_numbers(client, records):
    client.force_login(records.amara)
    headings, course, reading = xlsx_rows(client.get(url(records, "xlsx")))
    assert headings == RECORD_HEADINGS
    assert (course[0], reading[0]) == (datetime(2026, 6, 10), datetime(2026, 5, 1))
    assert course[3:5] == (2.5, 150)
    assert reading[3:5] == (None, None)


@pytest.mark.parametrize("name", READERS)
def test_portfolio_readers_download_the_log(client, records, name):
    client.force_login(getattr(records, name))
    rows = csv_rows(client.get(url(records, "csv")))
    assert len(rows) == 3
    assert "Bea's reading" not in str(rows)


@pytest.mark.parametrize("name", OUTSIDERS)
def test_outsiders_cannot_download_the_log(client, records, name):
    client.force_login(getattr(records, name))
    assert client.get(url(records, "csv")).status_code == 404
    assert client.get(url(records, "xlsx")).status_code == 404


@pytest.mark.parametrize("count", [1, 12])
def test_the_download_makes_a_fixed_number_of_queries(
    client, people, django_assert_num_queries, count
):
    for n in range(count):
        created(people, title=f"Record {n}", ksbs=list(KSB.objects.filter(code="K1")[:1]))
    client.force_login(people.carl)
    # Session, person, roles, the apprenticeship, the records and their KSBs.
    with django_assert_num_queries(6):
        response = client.get(url(people, "csv"))
    assert len(csv_rows(response)) == 1 + count


def test_the_log_links_both_downloads(client, records):
    client.force_login(records.amara)
    html = client.get(reverse("cpd:index", args=[records.amara_apprenticeship.pk])).text
    assert f'href="{url(records, "csv")}"' in html
    assert f'href="{url(records, "xlsx")}"' in html
