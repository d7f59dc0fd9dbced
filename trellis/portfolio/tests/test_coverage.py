from datetime import date

import pytest
from django.urls import reverse

from trellis.portfolio.coverage import apprenticeship_coverage, ksb_coverage_refresh
from trellis.portfolio.decisions import evidence_decision_correct
from trellis.portfolio.models import EvidenceItem, KsbCoverage
from trellis.testing.portfolio_factories import evidence_in_state

pytestmark = pytest.mark.django_db
# Session, person, apprenticeship, roles, the KSBs, their stored coverage and the unread
# notices count in the header.
QUERIES = 7


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
