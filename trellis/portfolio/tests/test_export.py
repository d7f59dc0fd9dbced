from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from trellis.portfolio.tests.test_views import OUTSIDERS, READERS
from trellis.portfolio.views import EVIDENCE_HEADINGS
from trellis.testing.portfolio_factories import EvidenceItemFactory, evidence_in_state, map_ksbs
from trellis.testing.tables import csv_rows, filename, xlsx_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 15), tick=False):
        yield


def url(people, fmt: str) -> str:
    return reverse("portfolio:evidence_export", args=[people.amara_apprenticeship.pk, fmt])


@pytest.fixture
def evidence(people):
    apprenticeship = people.amara_apprenticeship
    evidence_in_state(
        apprenticeship,
        status="submitted",
        title="Waiting one",
        codes=["S2", "K1"],
        occurred_on=date(2026, 2, 1),
    )
    evidence_in_state(
        apprenticeship,
        status="draft",
        title="+Draft one",
        codes=["K1"],
        occurred_on=date(2026, 6, 1),
    )
    evidence_in_state(people.bea_apprenticeship, status="draft", title="Bea's account")
    return people


def test_the_evidence_reads_back_from_csv_as_the_list_shows_it(client, evidence):
    client.force_login(evidence.amara)
    response = client.get(url(evidence, "csv"))
    assert filename(response) == "evidence-amara-example-2026-06-15.csv"
    headings, *rows = csv_rows(response)
    assert tuple(headings) == EVIDENCE_HEADINGS
    assert rows == [
        ["'+Draft one", "Reflective account", "2026-06-01", "K1", "Draft"],
        ["Waiting one", "Reflective account", "2026-02-01", "K1, S2", "Awaiting assessment"],
    ]


def test_the_consultant_s_download_puts_what_awaits_assessment_first(client, evidence):
    client.force_login(evidence.carl)
    headings, *rows = xlsx_rows(client.get(url(evidence, "xlsx")))
    assert headings == EVIDENCE_HEADINGS
    assert [row[0] for row in rows] == ["Waiting one", "'+Draft one"]
    assert rows[0][2] == datetime(2026, 2, 1)


def test_the_status_and_ksb_filters_narrow_the_download(client, evidence):
    client.force_login(evidence.amara)
    submitted = csv_rows(client.get(url(evidence, "csv"), {"status": "submitted"}))
    assert [row[0] for row in submitted[1:]] == ["Waiting one"]
    mapped = csv_rows(client.get(url(evidence, "csv"), {"ksb": "s2"}))
    assert [row[0] for row in mapped[1:]] == ["Waiting one"]
    unknown = csv_rows(client.get(url(evidence, "csv"), {"ksb": "K99"}))
    assert unknown[1:] == []


def test_every_page_of_evidence_is_downloaded(client, people):
    for n in range(25):
        EvidenceItemFactory(apprenticeship=people.amara_apprenticeship, title=f"Item {n}")
    client.force_login(people.amara)
    assert len(csv_rows(client.get(url(people, "csv"), {"page": "2"}))) == 1 + 25


@pytest.mark.parametrize("name", READERS)
def test_everyone_who_reads_the_portfolio_downloads_it(client, evidence, name):
    client.force_login(getattr(evidence, name))
    rows = csv_rows(client.get(url(evidence, "csv")))
    assert len(rows) == 3
    assert "Bea's account" not in str(rows)


@pytest.mark.parametrize("name", OUTSIDERS)
def test_epao_staff_and_outsiders_cannot_download_the_portfolio(client, evidence, name):
    client.force_login(getattr(evidence, name))
    assert client.get(url(evidence, "csv")).status_code == 404
    assert client.get(url(evidence, "xlsx")).status_code == 404


@pytest.mark.parametrize("count", [2, 30])
def test_the_download_makes_a_fixed_number_of_queries(
    client, people, django_assert_num_queries, count
):
    for n in range(count):
        item = EvidenceItemFactory(apprenticeship=people.amara_apprenticeship, title=f"Item {n}")
        map_ksbs(item, ["K1", "S1"])
    client.force_login(people.carl)
    # Session, person, roles, the apprenticeship, the items and their KSBs.
    with django_assert_num_queries(6):
        response = client.get(url(people, "csv"), {"status": "draft"})
    assert len(csv_rows(response)) == 1 + count


def test_the_evidence_list_links_both_downloads_with_its_filters(client, evidence):
    client.force_login(evidence.amara)
    page = reverse("portfolio:index", args=[evidence.amara_apprenticeship.pk])
    html = client.get(page, {"status": "draft", "page": "1"}).text
    assert f'href="{url(evidence, "csv")}?status=draft"' in html
    assert f'href="{url(evidence, "xlsx")}?status=draft"' in html
    assert "every page" not in html
