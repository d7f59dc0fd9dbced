from datetime import date

import pytest
import time_machine

from trellis.cpd.models import CpdRecord

pytestmark = pytest.mark.django_db

OUTSIDERS = ["bea", "cora", "evan", "paula", "otto", "ada", "ian", "isla", "mo"]
READERS = ["carl", "erin", "pat", "quinn", "dina"]
RECORD = {
    "done_on": "2026-06-01",
    "title": "Safeguarding update",
    "kind": "course",
    "duration_minutes": 120,
    "what_was_learned": "The new referral route",
    "impact": "I refer sooner",
    "ksbs": ["K10", "S10"],
}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 15), tick=False):
        yield


@pytest.fixture
def api(client, auth_headers):
    def send(method, user, path, payload=None):
        return getattr(client, method)(
            path, payload, content_type="application/json", headers=auth_headers(user)
        )

    return send


def records(people) -> str:
    return f"/api/v1/apprenticeships/{people.amara_apprenticeship.pk}/cpd/records"


def created(api, people, **changes) -> dict:
    response = api("post", people.amara, records(people), {**RECORD, **changes})
    assert response.status_code == 201, response.json()
    return response.json()


def test_the_apprentice_records_changes_and_lists_cpd(api, people):
    record = created(api, people, duration_minutes=None)
    assert record["ksbs"] == ["K10", "S10"]
    assert record["duration_minutes"] is None
    changed = api(
        "put", people.amara, f"{records(people)}/{record['id']}", {**RECORD, "title": "Prevent"}
    )
    assert changed.json()["title"] == "Prevent"
    listed = api("get", people.erin, records(people)).json()
    assert [r["title"] for r in listed] == ["Prevent"]


def test_a_refusal_answers_422_with_what_to_fix(api, people):
    response = api("post", people.amara, records(people), {**RECORD, "done_on": "2025-12-01"})
    assert response.status_code == 422
    assert "before the apprenticeship started" in response.json()["errors"]["done_on"][0]
    assert not CpdRecord.objects.exists()


def test_use_as_evidence_once_and_then_not_deleted(api, people):
    record = created(api, people)
    path = f"{records(people)}/{record['id']}"
    evidence = api("post", people.amara, f"{path}/evidence")
    assert evidence.status_code == 201
    assert (evidence.json()["kind"], evidence.json()["title"]) == ("cpd", "Safeguarding update")
    assert api("post", people.amara, f"{path}/evidence").status_code == 422
    assert api("delete", people.amara, path).status_code == 422
    other = created(api, people)
    assert api("delete", people.amara, f"{records(people)}/{other['id']}").status_code == 204


@pytest.mark.parametrize("name", READERS)
def test_readers_read_but_get_403_for_writing(api, people, name):
    record = created(api, people)
    user = getattr(people, name)
    path = f"{records(people)}/{record['id']}"
    assert api("get", user, records(people)).status_code == 200
    assert api("post", user, records(people), RECORD).status_code == 403
    assert api("put", user, path, RECORD).status_code == 403
    assert api("delete", user, path).status_code == 403
    assert api("post", user, f"{path}/evidence").status_code == 403


@pytest.mark.parametrize("name", OUTSIDERS)
def test_outsiders_get_404(api, people, name):
    record = created(api, people)
    user = getattr(people, name)
    path = f"{records(people)}/{record['id']}"
    assert api("get", user, records(people)).status_code == 404
    assert api("post", user, records(people), RECORD).status_code == 404
    assert api("put", user, path, RECORD).status_code == 404
    assert api("delete", user, path).status_code == 404
    assert api("post", user, f"{path}/evidence").status_code == 404
