from datetime import date

import pytest
import time_machine

from trellis.mentoring.models import MentoringSession
from trellis.portfolio.models import EvidenceItem

pytestmark = pytest.mark.django_db

OUTSIDERS = ["bea", "cora", "evan", "paula", "otto", "ada", "ian", "isla", "mo"]
READERS = ["carl", "erin", "pat", "quinn", "dina"]
SESSION = {
    "held_on": "2026-06-10",
    "learner_ref": "L-014",
    "duration_minutes": 60,
    "format": "one_to_one",
    "setting": "Classroom",
    "what_was_done": "Goal setting",
    "ksbs": ["K1", "S1"],
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


def log_path(people) -> str:
    return f"/api/v1/apprenticeships/{people.amara_apprenticeship.pk}/mentoring"


def logged(api, people, **changes) -> dict:
    response = api("post", people.amara, f"{log_path(people)}/sessions", {**SESSION, **changes})
    assert response.status_code == 201, response.json()
    return response.json()


def test_the_apprentice_logs_lists_and_reads_the_summary(api, people):
    session = logged(api, people, learner_ref="l-001")
    logged(api, people, learner_ref="L-002", held_on="2026-06-12", format="group")
    assert session["learner_ref"] == "L-001"
    assert session["ksbs"] == ["K1", "S1"]
    assert session["evidence_item"] is None
    listed = api("get", people.carl, f"{log_path(people)}/sessions").json()
    assert [s["learner_ref"] for s in listed] == ["L-002", "L-001"]
    summary = api("get", people.erin, f"{log_path(people)}/summary").json()
    assert summary["sessions"] == 2
    assert summary["different_learners"] == 2
    assert summary["required_sessions"] == 2
    assert summary["required_different_learners"] == 2
    assert summary["ready"] is True
    assert summary["text"].startswith("2 sessions with 2 different learners.")


def test_a_name_is_refused_with_422_and_the_message(api, people):
    response = api(
        "post", people.amara, f"{log_path(people)}/sessions", {**SESSION, "learner_ref": "Jordan"}
    )
    assert response.status_code == 422
    assert "never their name" in response.json()["errors"]["learner_ref"][0]
    assert not MentoringSession.objects.exists()


def test_ksbs_not_of_the_standard_are_refused(api, people):
    response = api(
        "post", people.amara, f"{log_path(people)}/sessions", {**SESSION, "ksbs": ["Z9"]}
    )
    assert response.status_code == 422
    assert response.json()["errors"]["ksbs"] == ["Not KSBs of this standard: Z9."]


def test_change_then_use_as_evidence_then_delete_refused(api, people):
    session = logged(api, people)
    path = f"{log_path(people)}/sessions/{session['id']}"
    changed = api("put", people.amara, path, {**SESSION, "setting": "Library"})
    assert changed.status_code == 200
    assert changed.json()["setting"] == "Library"
    evidence = api("post", people.amara, f"{path}/evidence")
    assert evidence.status_code == 201
    assert evidence.json()["status"] == "draft"
    assert evidence.json()["kind"] == "mentoring_session"
    again = api("post", people.amara, f"{path}/evidence")
    assert again.status_code == 422
    refused = api("delete", people.amara, path)
    assert refused.status_code == 422
    assert "cannot be deleted" in refused.json()["errors"]["evidence"][0]
    listed = api("get", people.amara, f"{log_path(people)}/sessions").json()
    assert listed[0]["evidence_item"]["id"] == EvidenceItem.objects.get().pk


def test_the_apprentice_deletes_a_session(api, people):
    session = logged(api, people)
    response = api("delete", people.amara, f"{log_path(people)}/sessions/{session['id']}")
    assert response.status_code == 204
    assert not MentoringSession.objects.exists()


@pytest.mark.parametrize("name", READERS)
def test_readers_read_but_get_403_for_writing(api, people, name):
    session = logged(api, people)
    user = getattr(people, name)
    path = f"{log_path(people)}/sessions/{session['id']}"
    assert api("get", user, f"{log_path(people)}/sessions").status_code == 200
    create = api("post", user, f"{log_path(people)}/sessions", SESSION)
    assert create.status_code == 403
    assert "Only the apprentice keeps their mentoring log" in create.json()["detail"]
    assert api("put", user, path, SESSION).status_code == 403
    assert api("delete", user, path).status_code == 403
    assert api("post", user, f"{path}/evidence").status_code == 403
    assert MentoringSession.objects.count() == 1


@pytest.mark.parametrize("name", OUTSIDERS)
def test_outsiders_get_404(api, people, name):
    session = logged(api, people)
    user = getattr(people, name)
    path = f"{log_path(people)}/sessions/{session['id']}"
    assert api("get", user, f"{log_path(people)}/sessions").status_code == 404
    assert api("get", user, f"{log_path(people)}/summary").status_code == 404
    assert api("post", user, f"{log_path(people)}/sessions", SESSION).status_code == 404
    assert api("put", user, path, SESSION).status_code == 404
    assert api("delete", user, path).status_code == 404
    assert api("post", user, f"{path}/evidence").status_code == 404


def test_a_session_under_another_apprenticeship_is_404(api, people):
    session = logged(api, people)
    other = (
        f"/api/v1/apprenticeships/{people.bea_apprenticeship.pk}/mentoring/sessions/{session['id']}"
    )
    assert api("delete", people.bea, other).status_code == 404
