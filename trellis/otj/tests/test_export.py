from datetime import date, datetime, time

import pytest
import time_machine
from django.urls import reverse

from trellis.otj.models import OtjEntry
from trellis.otj.tests.test_views import OUTSIDERS, READERS
from trellis.otj.views import ENTRY_HEADINGS
from trellis.standards.models import KSB
from trellis.testing.otj_factories import OtjEntryFactory
from trellis.testing.tables import csv_rows, filename, xlsx_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 15), tick=False):
        yield


def url(apprenticeship, fmt: str) -> str:
    return reverse("otj:entries_export", args=[apprenticeship.pk, fmt])


@pytest.fixture
def entries(people):
    apprenticeship = people.amara_apprenticeship
    workshop = OtjEntryFactory(
        apprenticeship=apprenticeship,
        date=date(2026, 3, 2),
        start_time=time(9, 30),
        end_time=time(11, 10),
        duration_minutes=100,
        status=OtjEntry.Status.CONFIRMED,
        decided_by=people.carl,
    )
    workshop.ksbs.set(
        KSB.objects.filter(standard_version=apprenticeship.standard_version, code__in=["K1", "S2"])
    )
    OtjEntryFactory(
        apprenticeship=apprenticeship,
        date=date(2026, 4, 7),
        duration_minutes=90,
        description="=cmd|' /C calc'!A0",
        status=OtjEntry.Status.REJECTED,
        rejection_reason="That was paid work.",
        decided_by=people.carl,
    )
    OtjEntryFactory(apprenticeship=people.bea_apprenticeship, description="Bea's shadowing")
    return people


def test_the_entries_read_back_from_csv_newest_first(client, entries):
    client.force_login(entries.carl)
    response = client.get(url(entries.amara_apprenticeship, "csv"))
    assert filename(response) == "off-the-job-hours-amara-example-2026-06-15.csv"
    headings, *rows = csv_rows(response)
    assert tuple(headings) == ENTRY_HEADINGS
    assert rows == [
        [
            "2026-04-07",
            "",
            "",
            "1.50",
            "90",
            "Workshop",
            "",
            "'=cmd|' /C calc'!A0",
            "",
            "Amara Example",
            "Apprentice",
            "Rejected",
            "Carl Example",
            "That was paid work.",
        ],
        [
            "2026-03-02",
            "09:30:00",
            "11:10:00",
            "1.67",
            "100",
            "Workshop",
            "",
            "Workshop on giving feedback",
            "K1, S2",
            "Amara Example",
            "Apprentice",
            "Confirmed",
            "Carl Example",
            "",
        ],
    ]


def test_the_xlsx_holds_dates_hours_as_numbers_and_formulas_as_text(client, entries):
    client.force_login(entries.amara)
    headings, rejected, confirmed = xlsx_rows(client.get(url(entries.amara_apprenticeship, "xlsx")))
    assert headings == ENTRY_HEADINGS
    assert rejected[0] == datetime(2026, 4, 7)
    assert rejected[3:5] == (1.5, 90)
    assert rejected[7] == "'=cmd|' /C calc'!A0"
    assert confirmed[1:3] == (time(9, 30), time(11, 10))


def test_every_page_of_entries_is_downloaded(client, people):
    for day in range(1, 18):
        OtjEntryFactory(apprenticeship=people.amara_apprenticeship, date=date(2026, 3, day))
    client.force_login(people.carl)
    assert len(csv_rows(client.get(url(people.amara_apprenticeship, "csv")))) == 1 + 17


@pytest.mark.parametrize("name", READERS)
def test_everyone_who_reads_the_ledger_downloads_it(client, entries, name):
    client.force_login(getattr(entries, name))
    rows = csv_rows(client.get(url(entries.amara_apprenticeship, "csv")))
    assert len(rows) == 3
    assert "Bea's shadowing" not in str(rows)


@pytest.mark.parametrize("name", OUTSIDERS)
def test_outsiders_cannot_download_the_ledger(client, entries, name):
    client.force_login(getattr(entries, name))
    assert client.get(url(entries.amara_apprenticeship, "csv")).status_code == 404
    assert client.get(url(entries.amara_apprenticeship, "xlsx")).status_code == 404


def test_a_download_in_another_format_is_not_found(client, entries):
    client.force_login(entries.carl)
    address = f"/apprenticeships/{entries.amara_apprenticeship.pk}/off-the-job/download.ods"
    assert client.get(address).status_code == 404


@pytest.mark.parametrize("count", [2, 30])
def test_the_download_makes_a_fixed_number_of_queries(
    client, people, django_assert_num_queries, count
):
    for day in range(count):
        entry = OtjEntryFactory(
            apprenticeship=people.amara_apprenticeship, date=date(2026, 3, 1 + day % 28)
        )
        entry.ksbs.set(KSB.objects.filter(code="K1")[:1])
    client.force_login(people.carl)
    # Session, person, roles, the apprenticeship, the entries and their KSBs.
    with django_assert_num_queries(6):
        response = client.get(url(people.amara_apprenticeship, "csv"))
    assert len(csv_rows(response)) == 1 + count


def test_the_ledger_links_both_downloads(client, entries):
    client.force_login(entries.carl)
    html = client.get(reverse("otj:index", args=[entries.amara_apprenticeship.pk])).text
    assert f'href="{url(entries.amara_apprenticeship, "csv")}"' in html
    assert "Download Excel (XLSX)" in html
