from datetime import date

import pytest

from trellis.portfolio.models import KsbCoverage
from trellis.testing.caseload_factories import bulk_caseload
from trellis.testing.portfolio_factories import evidence_in_state

pytestmark = pytest.mark.django_db
MATRIX = "/api/v1/coverage"


def coverage_url(apprenticeship) -> str:
    return f"/api/v1/apprenticeships/{apprenticeship.pk}/coverage"


def test_one_apprenticeships_coverage(api_get, people):
    apprenticeship = people.amara_apprenticeship
    evidence_in_state(
        apprenticeship,
        status="assessed",
        judgements={"K1": "secure", "S1": "working_towards"},
        occurred_on=date(2026, 3, 2),
    )
    evidence_in_state(apprenticeship, status="submitted", codes=["K2"])
    response = api_get(people.amara, coverage_url(apprenticeship))
    assert response.status_code == 200
    body = response.json()
    assert body["standard"] == "ST0148 v1.0"
    assert body["counts"] == {"secure": 1, "working_towards": 1, "none": 25, "total": 27}
    ksbs = {ksb["code"]: ksb for ksb in body["ksbs"]}
    assert ksbs["K1"] == {
        "code": "K1",
        "kind": "knowledge",
        "statement": ksbs["K1"]["statement"],
        "state": "secure",
        "accepted_items": 1,
        "latest_on": "2026-03-02",
    }
    assert ksbs["K2"]["state"] == "none"
    assert ksbs["K2"]["accepted_items"] == 0
    assert ksbs["K2"]["latest_on"] is None


@pytest.mark.parametrize("name", ["bea", "cora", "evan", "paula", "otto", "ada", "ian"])
def test_people_who_may_not_read_the_portfolio_get_404(api_get, people, name):
    response = api_get(getattr(people, name), coverage_url(people.amara_apprenticeship))
    assert response.status_code == 404


def test_the_matrix_for_the_consultants_caseload(api_get, people):
    evidence_in_state(people.amara_apprenticeship, status="assessed", judgements={"B1": "secure"})
    response = api_get(people.carl, MATRIX)
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["pages"]) == (1, 1, 1)
    [row] = body["items"]
    assert row["apprenticeship_id"] == people.amara_apprenticeship.pk
    assert row["apprentice"] == "Amara Example"
    assert row["consultant"] == "Carl Example"
    assert (row["secure"], row["working_towards"], row["total"]) == (1, 0, 27)
    states = {cell["code"]: cell["state"] for cell in row["ksbs"]}
    assert states["B1"] == "secure"
    assert states["K1"] == "none"


def test_the_matrix_is_paginated(api_get, people):
    bulk_caseload(people, 5)
    body = api_get(people.carl, MATRIX, {"page": 2, "page_size": 4}).json()
    assert (body["count"], body["page"], body["pages"]) == (6, 2, 2)
    assert len(body["items"]) == 2
    beyond = api_get(people.carl, MATRIX, {"page": 9, "page_size": 4}).json()
    assert beyond["items"] == []
    assert api_get(people.carl, MATRIX, {"page_size": 101}).status_code == 422


def test_the_matrix_keeps_each_page_in_name_order(api_get, people):
    bulk_caseload(people, 3)
    names = [row["apprentice"] for row in api_get(people.carl, MATRIX).json()["items"]]
    assert names == sorted(names)


def test_provider_staff_may_narrow_to_a_consultant(api_get, people):
    everyone = api_get(people.pat, MATRIX).json()
    assert everyone["count"] == 2
    cora = api_get(people.pat, MATRIX, {"consultant_id": people.cora.pk}).json()
    assert [row["apprentice"] for row in cora["items"]] == ["Bea Example"]


def test_a_consultant_filter_never_widens_a_consultants_matrix(api_get, people):
    body = api_get(people.carl, MATRIX, {"consultant_id": people.cora.pk}).json()
    assert [row["apprentice"] for row in body["items"]] == ["Amara Example"]


def test_the_matrix_is_empty_for_a_caseload_without_these_apprentices(api_get, people):
    KsbCoverage.objects.all().delete()
    body = api_get(people.paula, MATRIX).json()
    assert body["count"] == 0
    assert body["items"] == []


@pytest.mark.parametrize("name", ["amara", "otto", "ada"])
def test_people_without_a_caseload_are_refused(api_get, people, name):
    response = api_get(getattr(people, name), MATRIX)
    assert response.status_code == 403
    assert "caseload" in response.json()["detail"]
