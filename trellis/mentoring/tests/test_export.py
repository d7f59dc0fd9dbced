from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from trellis.mentoring.services import (
    MentoringSessionDetails,
    mentoring_session_log,
    mentoring_session_to_evidence,
)
from trellis.mentoring.tests.test_views import OUTSIDERS, READERS
from trellis.mentoring.views import SESSION_HEADINGS
from trellis.standards.models import KSB
from trellis.testing.tables import csv_rows, filename, xlsx_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 15), tick=False):
        yield


def url(people, fmt: str) -> str:
    return reverse("mentoring:sessions_export", args=[people.amara_apprenticeship.pk, fmt])


def logged(people, apprenticeship=None, **details):
    apprenticeship = apprenticeship or people.amara_apprenticeship
    fields = {
        "held_on": date(2026, 6, 1),
        "learner_ref": "L-001",
        "duration_minutes": 60,
        "format": "group",
        "setting": "Library",
        "what_was_done": "Study skills",
    }
    return mentoring_session_log(
        apprenticeship=apprenticeship,
        logged_by=apprenticeship.apprentice,
        details=MentoringSessionDetails(**(fields | details)),
    )


@pytest.fixture
def sessions(people):
    first = logged(
        people,
        held_on=date(2026, 5, 4),
        learner_ref="L-014",
        duration_minutes=90,
        format="one_to_one",
        setting="Workshop",
        what_was_done="=Practised a feedback conversation",
        reflection="Ask more open questions.",
        ksbs=list(KSB.objects.filter(code__in=["K1", "S3"])),
    )
    mentoring_session_to_evidence(session=first, used_by=people.amara)
    logged(people)
    logged(people, people.bea_apprenticeship, learner_ref="L-999")
    return people


def test_the_log_reads_back_from_csv_newest_first(client, sessions):
    client.force_login(sessions.carl)
    response = client.get(url(sessions, "csv"))
    assert filename(response) == "mentoring-log-amara-example-2026-06-15.csv"
    headings, latest, first = csv_rows(response)
    assert tuple(headings) == SESSION_HEADINGS
    assert latest == [
        "2026-06-01",
        "L-001",
        "Group",
        "1.00",
        "60",
        "Library",
        "Study skills",
        "",
        "",
        "",
        "",
    ]
    assert first[:9] == [
        "2026-05-04",
        "L-014",
        "One-to-one",
        "1.50",
        "90",
        "Workshop",
        "'=Practised a feedback conversation",
        "Ask more open questions.",
        "K1, S3",
    ]
    assert first[9]
    assert first[10] == "Draft"


def test_the_xlsx_holds_dates_and_hours_as_numbers(client, sessions):
    client.force_login(sessions.amara)
    headings, latest, first = xlsx_rows(client.get(url(sessions, "xlsx")))
    assert headings == SESSION_HEADINGS
    assert latest[0] == datetime(2026, 6, 1)
    assert first[3:5] == (1.5, 90)


@pytest.mark.parametrize("name", READERS)
def test_portfolio_readers_download_the_log(client, sessions, name):
    client.force_login(getattr(sessions, name))
    rows = csv_rows(client.get(url(sessions, "csv")))
    assert len(rows) == 3
    assert "L-999" not in str(rows)


@pytest.mark.parametrize("name", OUTSIDERS)
def test_outsiders_cannot_download_the_log(client, sessions, name):
    client.force_login(getattr(sessions, name))
    assert client.get(url(sessions, "csv")).status_code == 404
    assert client.get(url(sessions, "xlsx")).status_code == 404


@pytest.mark.parametrize("count", [1, 12])
def test_the_download_makes_a_fixed_number_of_queries(
    client, people, django_assert_num_queries, count
):
    for n in range(count):
        logged(people, learner_ref=f"L-{n:03d}", ksbs=list(KSB.objects.filter(code="K1")[:1]))
    client.force_login(people.carl)
    # Session, person, roles, the apprenticeship, the sessions and their KSBs.
    with django_assert_num_queries(6):
        response = client.get(url(people, "csv"))
    assert len(csv_rows(response)) == 1 + count


def test_the_log_links_both_downloads(client, sessions):
    client.force_login(sessions.amara)
    html = client.get(reverse("mentoring:index", args=[sessions.amara_apprenticeship.pk])).text
    assert f'href="{url(sessions, "csv")}"' in html
    assert f'href="{url(sessions, "xlsx")}"' in html
