from datetime import UTC, datetime

import pytest
from django.urls import reverse

from trellis.gateway.epao_views import QUEUE_HEADINGS
from trellis.gateway.models import GatewayAttempt
from trellis.gateway.tests.test_epao_views import OUTSIDERS, READERS
from trellis.testing.factories import ApprenticeshipFactory, OrganisationFactory
from trellis.testing.gateway_factories import submitted
from trellis.testing.tables import csv_rows, filename, xlsx_rows

pytestmark = pytest.mark.django_db
Status = GatewayAttempt.Status


def url(fmt: str) -> str:
    return reverse("gateway:epao_queue_export", args=[fmt])


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 12, tzinfo=UTC), tick=False)


def _attempt(people, name, status, *, submitted_on, decided_on=None, epao=None, **fields):
    apprenticeship = ApprenticeshipFactory(
        apprentice__full_name=name,
        provider=people.provider,
        employer=people.other_employer,
        epao=epao or people.epao,
        standard_version=people.amara_apprenticeship.standard_version,
    )
    return GatewayAttempt.objects.create(
        apprenticeship=apprenticeship,
        status=status,
        started_at=submitted_on,
        epao=epao or people.epao,
        submitted_at=submitted_on,
        submitted_by=people.carl,
        decided_at=decided_on,
        decided_by=people.ada if decided_on else None,
        checklist=[{"code": "otj_hours", "title": "Off-the-job hours", "override_reason": "x"}]
        if name.startswith("Ovid")
        else [],
        **{"number": 1, **fields},
    )


@pytest.fixture
def queue(people):
    submitted(people.amara_apprenticeship)
    _attempt(
        people, "Ovid Older", Status.SUBMITTED, submitted_on=datetime(2026, 11, 2, 9, tzinfo=UTC)
    )
    _attempt(
        people,
        "Ana Accepted",
        Status.ACCEPTED,
        submitted_on=datetime(2026, 10, 1, tzinfo=UTC),
        decided_on=datetime(2026, 10, 6, 23, 30, tzinfo=UTC),
    )
    _attempt(
        people,
        "Rex Returned",
        Status.RETURNED,
        number=2,
        submitted_on=datetime(2026, 10, 1, tzinfo=UTC),
        decided_on=datetime(2026, 11, 1, tzinfo=UTC),
    )
    _attempt(
        people,
        "Elsa Elsewhere",
        Status.SUBMITTED,
        submitted_on=datetime(2026, 11, 1, tzinfo=UTC),
        epao=OrganisationFactory(kind="epao", name="Other Assessments"),
    )
    _attempt(
        people, "Pia Preparing", Status.PREPARING, submitted_on=datetime(2026, 11, 1, tzinfo=UTC)
    )
    return people


def test_the_whole_queue_reads_back_from_csv_in_the_page_s_order(client, queue):
    client.force_login(queue.ada)
    response = client.get(url("csv"))
    assert filename(response) == "gateway-queue-2026-11-23.csv"
    headings, *rows = csv_rows(response)
    assert tuple(headings) == QUEUE_HEADINGS
    assert [row[0] for row in rows] == [
        "Ovid Older",
        "Amara Example",
        "Rex Returned",
        "Ana Accepted",
    ]
    ovid, amara, rex, ana = rows
    assert ovid == [
        "Ovid Older",
        "1",
        "Awaiting your decision",
        "2026-11-02",
        "21",
        "",
        "Northway Training",
        "Hilltop Care",
        "Learning mentor (ST0148)",
        "Off-the-job hours",
    ]
    assert amara[2:6] == ["Awaiting your decision", "2026-11-23", "0", ""]
    assert rex[1:6] == ["2", "Returned", "2026-10-01", "", "2026-11-01"]
    # Decided at 00:30 in the UK on 7 October.
    assert ana[2:6] == ["Accepted", "2026-10-01", "", "2026-10-07"]


def test_the_xlsx_holds_real_dates_and_numbers(client, queue):
    client.force_login(queue.mo)
    headings, ovid, *_ = xlsx_rows(client.get(url("xlsx")))
    assert headings == QUEUE_HEADINGS
    assert ovid[1] == 1
    assert ovid[3:6] == (datetime(2026, 11, 2), 21, None)


def test_every_decided_gateway_is_in_the_download_not_only_the_latest_twenty(client, people):
    for n in range(25):
        _attempt(
            people,
            f"Accepted {n:02d}",
            Status.ACCEPTED,
            submitted_on=datetime(2026, 9, 1, tzinfo=UTC),
            decided_on=datetime(2026, 10, 1 + n, tzinfo=UTC),
        )
    client.force_login(people.ada)
    assert len(client.get(reverse("gateway:epao_queue")).context["accepted"]) == 20
    assert len(csv_rows(client.get(url("csv")))) == 1 + 25


@pytest.mark.parametrize("name", READERS)
def test_the_epao_s_staff_download_only_what_was_sent_to_them(client, queue, name):
    client.force_login(getattr(queue, name))
    names = [row[0] for row in csv_rows(client.get(url("csv")))[1:]]
    assert "Elsa Elsewhere" not in names
    assert "Pia Preparing" not in names
    assert len(names) == 4


@pytest.mark.parametrize("name", OUTSIDERS)
def test_nobody_else_downloads_the_queue(client, queue, name):
    client.force_login(getattr(queue, name))
    assert client.get(url("csv")).status_code == 404
    assert client.get(url("xlsx")).status_code == 404


@pytest.mark.parametrize("count", [2, 30])
def test_the_download_makes_a_fixed_number_of_queries(
    client, people, django_assert_num_queries, count
):
    for n in range(count):
        _attempt(
            people,
            f"Waiting {n:02d}",
            Status.SUBMITTED,
            submitted_on=datetime(2026, 11, 1, tzinfo=UTC),
        )
    client.force_login(people.ada)
    # Session, person, roles, and the attempts with all they show.
    with django_assert_num_queries(4):
        response = client.get(url("csv"))
    assert len(csv_rows(response)) == 1 + count


def test_the_queue_links_both_downloads(client, queue):
    client.force_login(queue.ada)
    html = client.get(reverse("gateway:epao_queue")).text
    assert f'href="{url("csv")}"' in html
    assert f'href="{url("xlsx")}"' in html
