from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from auditlog.models import LogEntry
from django.urls import reverse

from trellis.portfolio.coverage import (
    apprenticeship_coverage,
    coverage_counts,
    coverage_events,
    coverage_history_for,
    ksb_coverage_refresh,
)
from trellis.portfolio.coverage_history import standings
from trellis.portfolio.decisions import (
    evidence_assess,
    evidence_decision_correct,
    evidence_submit,
)
from trellis.portfolio.models import EvidenceItem, KsbCoverage
from trellis.portfolio.services import evidence_reopen
from trellis.testing.portfolio_factories import evidence_in_state

pytestmark = pytest.mark.django_db
# Session, person, apprenticeship, roles, the KSBs, their stored coverage, the decisions and
# the reopenings for the history, and the unread notices count in the header.
QUERIES = 9


def stored(apprenticeship):
    return {
        row.ksb.code: (row.state, row.accepted_items, row.latest_on)
        for row in KsbCoverage.objects.filter(apprenticeship=apprenticeship).select_related("ksb")
    }


def url(apprenticeship):
    return reverse("portfolio:coverage", args=[apprenticeship.pk])


@pytest.mark.parametrize("status", ["draft", "submitted", "returned"])
def test_items_not_assessed_do_not_count(people, status):
    apprenticeship = people.amara_apprenticeship
    evidence_in_state(apprenticeship, status=status, codes=["K1", "S1"])
    ksb_coverage_refresh(apprenticeship=apprenticeship)
    assert stored(apprenticeship) == {}


def test_assessed_items_make_the_coverage(people):
    apprenticeship = people.amara_apprenticeship
    evidence_in_state(
        apprenticeship,
        status="assessed",
        judgements={"K1": "working_towards", "S1": "secure"},
        occurred_on=date(2026, 3, 2),
    )
    evidence_in_state(
        apprenticeship,
        status="assessed",
        judgements={"K1": "secure"},
        occurred_on=date(2026, 4, 9),
    )
    evidence_in_state(apprenticeship, status="submitted", codes=["B1"])
    assert stored(apprenticeship) == {
        "K1": ("secure", 2, date(2026, 4, 9)),
        "S1": ("secure", 1, date(2026, 3, 2)),
    }


def test_a_correction_changes_the_coverage(people):
    apprenticeship = people.amara_apprenticeship
    item = evidence_in_state(apprenticeship, status="assessed", judgements={"K1": "secure"})
    evidence_decision_correct(
        decision=item.current_decision,
        corrected_by=people.carl,
        reason="The account describes planning only, not the session.",
        outcome="assessed",
        judgements={"K1": "working_towards"},
    )
    assert stored(apprenticeship)["K1"][0] == "working_towards"


def test_a_correction_to_returned_removes_the_item(people):
    apprenticeship = people.amara_apprenticeship
    item = evidence_in_state(apprenticeship, status="assessed", judgements={"K1": "secure"})
    evidence_decision_correct(
        decision=item.current_decision,
        corrected_by=people.carl,
        reason="Assessed the wrong item.",
        outcome="returned",
        feedback="Add what the learner did next.",
    )
    assert stored(apprenticeship) == {}


def test_reopening_an_item_takes_it_out_and_empty_rows_are_deleted(people):
    apprenticeship = people.amara_apprenticeship
    kept = evidence_in_state(apprenticeship, status="assessed", judgements={"S1": "secure"})
    item = evidence_in_state(apprenticeship, status="assessed", judgements={"K1": "secure"})
    assert set(stored(apprenticeship)) == {"K1", "S1"}
    # Reopening puts the item back to draft; the decision stays on it but no longer stands.
    EvidenceItem.objects.filter(pk=item.pk).update(status=EvidenceItem.Status.DRAFT)
    ksb_coverage_refresh(apprenticeship=apprenticeship)
    assert set(stored(apprenticeship)) == {"S1"}
    EvidenceItem.objects.filter(pk=kept.pk).update(status=EvidenceItem.Status.DRAFT)
    ksb_coverage_refresh(apprenticeship=apprenticeship)
    assert KsbCoverage.objects.filter(apprenticeship=apprenticeship).count() == 0


def test_refresh_leaves_other_apprenticeships_alone(people):
    evidence_in_state(people.bea_apprenticeship, status="assessed", judgements={"K1": "secure"})
    ksb_coverage_refresh(apprenticeship=people.amara_apprenticeship)
    assert set(stored(people.bea_apprenticeship)) == {"K1"}


def test_every_ksb_is_listed_with_none_where_nothing_is_accepted(people):
    apprenticeship = people.amara_apprenticeship
    evidence_in_state(apprenticeship, status="assessed", judgements={"K2": "working_towards"})
    rows = {row.ksb.code: row for row in apprenticeship_coverage(apprenticeship)}
    assert len(rows) == 27
    assert rows["K2"].state == "working_towards"
    assert rows["K2"].accepted_items == 1
    assert rows["B5"].state == "none"
    assert rows["B5"].latest_on is None


# The page


def test_the_page_shows_the_summary_and_each_ksb(client, people):
    apprenticeship = people.amara_apprenticeship
    evidence_in_state(
        apprenticeship,
        status="assessed",
        judgements={"K1": "secure", "S1": "working_towards"},
        occurred_on=date(2026, 3, 2),
    )
    client.force_login(people.amara)
    response = client.get(url(apprenticeship))
    assert response.status_code == 200
    assert response.context["counts"] == {"secure": 1, "working_towards": 1, "none": 25}
    assert [g.label for g in response.context["groups"]] == ["Knowledge", "Skills", "Behaviours"]
    html = response.content.decode()
    assert "Of 27 KSBs" in html
    assert f"{reverse('portfolio:index', args=[apprenticeship.pk])}?ksb=K1" in html
    assert "2 Mar 2026" in html
    assert "coverage-tag--secure" in html and ">Secure<" in html
    assert ">Working towards<" in html and ">No evidence<" in html


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("amara", 200),
        ("carl", 200),
        ("erin", 200),
        ("pat", 200),
        ("quinn", 200),
        ("bea", 404),
        ("cora", 404),
        ("evan", 404),
        ("paula", 404),
        ("otto", 404),
        ("ada", 404),
    ],
)
def test_who_sees_the_page(client, people, name, status):
    client.force_login(getattr(people, name))
    assert client.get(url(people.amara_apprenticeship)).status_code == status


def test_the_page_makes_a_fixed_number_of_queries(client, people, django_assert_num_queries):
    apprenticeship = people.amara_apprenticeship
    client.force_login(people.carl)
    evidence_in_state(apprenticeship, status="assessed", judgements={"K1": "secure"})
    with django_assert_num_queries(QUERIES) as few:
        client.get(url(apprenticeship))
    for code in ["K2", "K3", "S1", "S2", "B1"]:
        evidence_in_state(apprenticeship, status="assessed", judgements={code: "secure"})
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url(apprenticeship))


# Coverage over time

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 4, 15)


def moment(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 10, 30, tzinfo=LONDON)


def assessed_on(when, apprenticeship, judgements):
    with time_machine.travel(when, tick=False):
        return evidence_in_state(apprenticeship, status="assessed", judgements=judgements)


def reopened_on(when, item, people):
    with time_machine.travel(when, tick=False):
        return evidence_reopen(item=item, reopened_by=people.amara)


def assessed_again_on(when, item, people, judgements):
    with time_machine.travel(when, tick=False):
        evidence_submit(item=item, submitted_by=people.amara)
        evidence_assess(item=item, assessed_by=people.carl, judgements=judgements)


@pytest.fixture
def history_of_decisions(people):
    """Assess, correct, reopen and assess again, each on its own day, through the services."""
    apprenticeship = people.amara_apprenticeship
    first = assessed_on(moment(1, 20), apprenticeship, {"K1": "secure", "K2": "working_towards"})
    second = assessed_on(moment(2, 10), apprenticeship, {"K2": "secure", "S1": "working_towards"})
    with time_machine.travel(moment(3, 5), tick=False):
        evidence_decision_correct(
            decision=second.current_decision,
            corrected_by=people.carl,
            reason="The account shows planning only.",
            outcome="assessed",
            judgements={"K2": "working_towards", "S1": "working_towards"},
        )
    first = reopened_on(moment(3, 20), first, people)
    third = assessed_on(moment(3, 25), apprenticeship, {"B1": "secure"})
    assessed_again_on(moment(4, 10), first, people, {"K1": "secure", "K2": "secure"})
    reopened_on(moment(4, 12), third, people)
    with time_machine.travel(moment(4, 13), tick=False):
        evidence_in_state(apprenticeship, status="returned", codes=["S2"])
    return apprenticeship


def history_rows(apprenticeship):
    ksb_ids = [row.ksb.pk for row in apprenticeship_coverage(apprenticeship)]
    points = coverage_history_for(apprenticeship, ksb_ids=ksb_ids, today=TODAY)
    return [(p.day, p.secure, p.working_towards, p.none) for p in points]


def test_the_history_reads_the_decisions_standing_at_each_month_end(history_of_decisions):
    assert history_rows(history_of_decisions) == [
        (date(2026, 1, 5), 0, 0, 27),
        (date(2026, 1, 31), 1, 1, 25),
        (date(2026, 2, 28), 2, 1, 24),
        # The correction (5 Mar) makes K2 working towards; the first item is reopened (20 Mar);
        # the third, assessed on 25 Mar, makes B1 secure.
        (date(2026, 3, 31), 1, 2, 24),
        # The first item is assessed again (10 Apr) and the third reopened (12 Apr).
        (TODAY, 2, 1, 24),
    ]


def stored_standing(apprenticeship) -> dict:
    return {
        row.ksb_id: (row.state, row.accepted_items, row.latest_on)
        for row in KsbCoverage.objects.filter(apprenticeship=apprenticeship)
    }


def standing_today(apprenticeship) -> dict:
    (standing,) = standings([TODAY], *coverage_events(apprenticeship))
    return {k: (s.state, s.accepted_items, s.latest_on) for k, s in standing.items()}


def test_today_in_the_history_is_the_stored_coverage(history_of_decisions):
    apprenticeship = history_of_decisions
    stored = stored_standing(apprenticeship)
    assert len(stored) == 3
    assert standing_today(apprenticeship) == stored
    counts = coverage_counts(apprenticeship_coverage(apprenticeship))
    assert history_rows(apprenticeship)[-1] == (
        TODAY,
        counts["secure"],
        counts["working_towards"],
        counts["none"],
    )


def test_without_the_audit_trail_today_still_agrees_with_the_stored_coverage(
    history_of_decisions,
):
    apprenticeship = history_of_decisions
    LogEntry.objects.all().delete()
    assert standing_today(apprenticeship) == stored_standing(apprenticeship)
    # The reopening of 20 Mar is lost to the history, so the first item counts until its new
    # decision of 10 Apr; the third, not assessed now, still drops out.
    assert history_rows(apprenticeship)[-2:] == [
        (date(2026, 3, 31), 2, 2, 23),
        (TODAY, 2, 1, 24),
    ]


@pytest.mark.parametrize("name", ["amara", "carl", "erin", "pat", "quinn"])
def test_readers_see_the_chart_and_its_table(client, history_of_decisions, people, name):
    client.force_login(getattr(people, name))
    with time_machine.travel(moment(4, 15), tick=False):
        response = client.get(url(history_of_decisions))
    html = response.content.decode()
    summary = "KSB coverage since 5 Jan 2026: by today 2 of 27 KSBs secure and 1 working towards."
    assert html.count(f'role="img" aria-label="{summary}"') == 2
    assert "<caption>KSBs by the end of each month, of 27</caption>" in html
    assert (
        '<th scope="row">31 Mar 2026</th>\n'
        '            <td class="numeric">1</td>\n'
        '            <td class="numeric">2</td>\n'
        '            <td class="numeric">24</td>'
    ) in html
    assert '15 Apr 2026 <span class="chart-table__note">today</span>' in html


def test_the_history_s_queries_do_not_grow_with_the_decisions(
    client, people, django_assert_num_queries
):
    apprenticeship = people.amara_apprenticeship
    client.force_login(people.carl)
    item = assessed_on(moment(1, 20), apprenticeship, {"K1": "secure"})
    with django_assert_num_queries(QUERIES), time_machine.travel(moment(4, 15)):
        client.get(url(apprenticeship))
    reopened_on(moment(2, 1), item, people)
    assessed_again_on(moment(2, 2), item, people, {"K1": "working_towards"})
    for day, code in enumerate(["K2", "K3", "S1", "S2", "B1"], start=3):
        assessed_on(moment(2, day), apprenticeship, {code: "secure", "K4": "working_towards"})
    with django_assert_num_queries(QUERIES), time_machine.travel(moment(4, 15)):
        response = client.get(url(apprenticeship))
    assert "by today 5 of 27 KSBs secure and 2 working towards" in response.content.decode()
