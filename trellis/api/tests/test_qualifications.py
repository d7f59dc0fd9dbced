import json
from datetime import date

import pytest
import time_machine

from trellis.qualifications.models import (
    AdditionalQualification,
    EnglishMaths,
    SafeguardingQualification,
)

pytestmark = pytest.mark.django_db

SEES_AMARAS = ["amara", "carl", "erin", "dina", "pat", "quinn"]
DOES_NOT_SEE_AMARAS = ["bea", "cora", "evan", "ian", "ada", "mo", "paula", "otto"]
READ_ONLY = ["amara", "erin", "dina", "quinn"]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 1), tick=False):
        yield


@pytest.fixture
def send(client, auth_headers):
    def send(method: str, user, path: str, body: dict | None = None):
        return getattr(client, method)(
            path,
            json.dumps(body or {}),
            content_type="application/json",
            headers=auth_headers(user),
        )

    return send


def base(people) -> str:
    return f"/api/v1/apprenticeships/{people.amara_apprenticeship.pk}/qualifications"


@pytest.mark.parametrize("name", SEES_AMARAS + DOES_NOT_SEE_AMARAS)
def test_reading_qualifications_follows_who_sees_the_record(api_get, people, name):
    response = api_get(getattr(people, name), base(people))
    assert response.status_code == (200 if name in SEES_AMARAS else 404)


def test_the_reading_gives_each_status_and_what_is_outstanding(api_get, people):
    people.amara.date_of_birth = date(1990, 1, 1)
    people.amara.save()
    body = api_get(people.carl, base(people)).json()
    assert body["age_at_start"] == 36
    assert body["outstanding"] == ["Level 1 Safeguarding"]
    assert [subject["status"] for subject in body["english_maths"]] == ["optional", "optional"]
    assert "has not asked" in body["english_maths"][0]["reason"]


def test_the_consultant_records_everything_through_the_api(send, people):
    response = send(
        "put",
        people.carl,
        base(people) + "/safeguarding",
        {"achieved_on": "2026-02-01", "certificate_reference": "SG-1"},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["safeguarding"]["achieved"] is True
    response = send(
        "put",
        people.carl,
        base(people) + "/english-maths/maths",
        {
            "prior_gcse_grade": "3",
            "functional_skills_level_2_result": "passed",
            "functional_skills_level_2_date": "2026-04-01",
        },
    )
    assert response.status_code == 200
    maths = response.json()["english_maths"][1]
    assert (maths["subject"], maths["status"]) == ("maths", "achieved")
    response = send(
        "post", people.carl, base(people) + "/additional", {"title": "Education and Training"}
    )
    assert response.status_code == 201
    added = response.json()
    response = send(
        "patch",
        people.pat,
        base(people) + f"/additional/{added['id']}",
        {"result": "achieved", "achieved_on": "2026-05-01"},
    )
    assert response.status_code == 200
    assert response.json()["result"] == "achieved"
    assert response.json()["title"] == "Education and Training"


def test_refusals_answer_422_with_the_field(send, people):
    response = send(
        "put",
        people.carl,
        base(people) + "/safeguarding",
        {"achieved_on": "2026-02-01", "certificate_reference": ""},
    )
    assert response.status_code == 422
    assert "certificate_reference" in response.json()["errors"]
    response = send(
        "put",
        people.carl,
        base(people) + "/english-maths/english",
        {"functional_skills_level_2_result": "passed"},
    )
    assert response.status_code == 422
    assert "functional_skills_level_2_date" in response.json()["errors"]
    assert not SafeguardingQualification.objects.exists()
    assert not EnglishMaths.objects.exists()


@pytest.mark.parametrize("name", READ_ONLY + DOES_NOT_SEE_AMARAS)
def test_others_change_nothing(send, people, name):
    expected = 403 if name in READ_ONLY else 404
    user = getattr(people, name)
    calls = [
        ("put", "/safeguarding", {"achieved_on": "2026-02-01", "certificate_reference": "X"}),
        ("put", "/english-maths/english", {"prior_gcse_grade": "4"}),
        ("post", "/additional", {"title": "Award"}),
    ]
    for method, path, body in calls:
        assert send(method, user, base(people) + path, body).status_code == expected, path
    assert not SafeguardingQualification.objects.exists()
    assert not EnglishMaths.objects.exists()
    assert not AdditionalQualification.objects.exists()


def test_the_employer_may_set_only_whether_it_asks(send, people):
    path = base(people) + "/english-maths/english"
    response = send("put", people.erin, path, {"employer_requires": True})
    assert response.status_code == 200
    assert response.json()["english_maths"][0]["employer_requires"] is True
    response = send("put", people.erin, path, {"employer_requires": True, "prior_gcse_grade": "4"})
    assert response.status_code == 403
    assert EnglishMaths.objects.get().prior_gcse_grade == ""


def test_an_unknown_subject_is_refused(send, people):
    response = send("put", people.carl, base(people) + "/english-maths/latin", {})
    assert response.status_code == 422
