"""The ledger's chart of hours over time, and the table of its figures."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from trellis.apprenticeships.models import StatusChange
from trellis.otj.models import OtjEntry
from trellis.testing.otj_factories import OtjEntryFactory

pytestmark = pytest.mark.django_db

READERS = ["amara", "carl", "erin", "pat", "quinn", "dina"]
OUTSIDERS = ["bea", "cora", "evan", "paula", "otto", "ada", "ian", "mo"]
# Amara started on 5 Jan 2026 and ends on 5 Jul 2027 (546 days), with 187 hours required.
SUMMARY = (
    "Off-the-job hours since 5 Jan 2026: 15 of 187 required hours confirmed; 55.14 expected by "
    "today; 3 more awaiting confirmation. The planned end is 5 Jul 2027."
)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 15), tick=False):
        yield


def url(people):
    return reverse("otj:index", kwargs={"pk": people.amara_apprenticeship.pk})


def log(people, day, minutes, status=OtjEntry.Status.CONFIRMED, **fields):
    return OtjEntryFactory(
        apprenticeship=people.amara_apprenticeship,
        date=day,
        duration_minutes=minutes,
        status=status,
        **fields,
    )


@pytest.fixture
def entries(people):
    log(people, date(2026, 2, 2), 600)
    log(people, date(2026, 3, 10), 300)
    log(people, date(2026, 6, 10), 180, OtjEntry.Status.AWAITING_CONFIRMATION)
    log(people, date(2026, 6, 11), 120, OtjEntry.Status.REJECTED, rejection_reason="Usual work")


def table_rows(html: str) -> list[str]:
    """Return each row of the chart's table as a screen reader reads it, cells in order."""
    table = html.split('<table class="table chart-table">')[1].split("</table>")[0]
    table = re.sub(r'<span[^>]*aria-hidden="true">.*?</span>', "", table)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


@pytest.mark.parametrize("name", READERS)
def test_everyone_who_reads_the_ledger_sees_the_chart_and_its_figures(
    client, people, entries, name
):
    client.force_login(getattr(people, name))
    html = client.get(url(people)).content.decode()
    # Drawn for a wide screen and for a phone, each saying what it shows.
    assert html.count(f'role="img" aria-label="{SUMMARY}"') == 2
    caption = "Off-the-job hours by the end of each month, against 187 required"
    assert f"<caption>{caption}</caption>" in html
    assert table_rows(html) == [
        "5 Jan 2026 start 0 0 0",
        "31 Jan 2026 0 0 8.9",
        "28 Feb 2026 10 10 18.49",
        "31 Mar 2026 15 15 29.11",
        "30 Apr 2026 15 15 39.39",
        "31 May 2026 15 15 50",
        "15 Jun 2026 today 15 18 55.14",
        "5 Jul 2027 planned end Not yet Not yet 187",
    ]


@pytest.mark.parametrize("name", OUTSIDERS)
def test_outsiders_still_see_nothing(client, people, entries, name):
    client.force_login(getattr(people, name))
    assert client.get(url(people)).status_code == 404


def test_a_break_in_learning_is_shaded_and_its_months_say_so(client, people, entries):
    apprenticeship = people.amara_apprenticeship
    for kind, day in (
        (StatusChange.Kind.BREAK_IN_LEARNING, date(2026, 3, 1)),
        (StatusChange.Kind.RETURN_TO_LEARNING, date(2026, 5, 1)),
    ):
        StatusChange.objects.create(
            apprenticeship=apprenticeship, kind=kind, effective_date=day, recorded_by=people.carl
        )
    client.force_login(people.carl)
    response = client.get(url(people))
    html = response.content.decode()
    assert html.count('class="line-chart__span"') == 3  # once in each drawing and the legend
    assert "Break in learning" in html
    rows = table_rows(html)
    # 55 learning days by the break, and still 55 at the end of April: 187 x 55 / 546.
    assert "31 Mar 2026 break in learning 15 15 18.84" in rows
    assert "30 Apr 2026 break in learning 15 15 18.84" in rows
    assert "31 May 2026 15 15 29.11" in rows


def test_before_the_start_there_is_no_chart(client, people):
    apprenticeship = people.amara_apprenticeship
    apprenticeship.start_date = date(2026, 7, 1)
    apprenticeship.save(update_fields=["start_date"])
    client.force_login(people.carl)
    html = client.get(url(people)).content.decode()
    assert "Hours over time" not in html
    assert "line-chart" not in html


def test_the_chart_s_queries_do_not_grow_with_the_entries(
    client, people, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(people.carl)
    log(people, date(2026, 2, 2), 60)
    with django_assert_max_num_queries(30) as few:
        client.get(url(people))
    for day in range(120):
        log(people, date(2026, 1, 6) + timedelta(days=day), 60)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url(people))
    assert "121 of 187 required hours confirmed" in response.content.decode()
