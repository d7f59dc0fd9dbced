from datetime import date

import pytest
import time_machine
from auditlog.models import LogEntry

from trellis.otj.models import OtjEntry, PriorLearningReduction
from trellis.testing.otj_factories import OtjEntryFactory

pytestmark = pytest.mark.django_db

OUTSIDERS = ["bea", "cora", "evan", "paula", "otto", "ada"]
READ_ONLY = ["erin", "pat", "quinn", "dina"]
ENTRY = {
    "date": "2026-06-10",
    "duration_minutes": 90,
    "kind": "workshop",
    "description": "Workshop on questioning",
}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 15), tick=False):
        yield


@pytest.fixture
def api(client, auth_headers):
    """Return a function that sends a JSON request with a fresh token for the given person."""

    def send(method, user, path, payload=None):
        return getattr(client, method)(
            path, payload, content_type="application/json", headers=auth_headers(user)
        )

    return send


def ledger(people) -> str:
    return f"/api/v1/apprenticeships/{people.amara_apprenticeship.pk}/otj"


def test_the_ledger_lists_entries_and_totals(api, people):
    OtjEntryFactory(apprenticeship=people.amara_apprenticeship, status="confirmed")
    response = api("get", people.erin, ledger(people))
    assert response.status_code == 200
    body = response.json()
    assert body["totals"]["required"] == 187
    assert body["totals"]["actual"] == 2
    assert body["totals"]["behind"].endswith("required by the planned end.")
    assert body["totals"]["stopped"] is None
    assert "floor of 187 hours" in body["totals"]["required_method"]
    assert body["entries"][0]["status"] == "confirmed"
    assert body["entries"][0]["logged_by"] == "Amara Example"


def test_the_apprentice_logs_and_the_consultant_confirms(api, people):
    response = api("post", people.amara, f"{ledger(people)}/entries", {**ENTRY, "ksbs": ["K1"]})
    assert response.status_code == 201, response.json()
    entry = response.json()
    assert entry["status"] == "awaiting"
    assert entry["hours"] == 1.5
    assert entry["ksbs"] == ["K1"]

    confirm = f"{ledger(people)}/entries/{entry['id']}/confirm"
    own = api("post", people.amara, confirm)
    assert own.status_code == 403
    assert "the training consultant confirms or rejects it" in own.json()["detail"]

    response = api("post", people.carl, confirm)
    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"
    assert response.json()["decided_by"] == "Carl Example"


def test_a_refused_entry_answers_422_with_the_message(api, people):
    response = api(
        "post", people.amara, f"{ledger(people)}/entries", {**ENTRY, "date": "2026-06-16"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["errors"]["date"] == [
        "16 Jun 2026 is in the future: log hours once they are done (today is 15 Jun 2026)."
    ]
    response = api(
        "post", people.amara, f"{ledger(people)}/entries", {**ENTRY, "kind": "english_maths"}
    )
    assert response.status_code == 422
    assert "English or maths up to level 2 does not count" in response.json()["detail"]
    response = api("post", people.amara, f"{ledger(people)}/entries", {**ENTRY, "ksbs": ["Z9"]})
    assert response.status_code == 422
    assert response.json()["errors"]["ksbs"] == ["Not KSBs of this standard: Z9."]
    assert not OtjEntry.objects.exists()


def test_a_rejection_needs_a_reason(api, people):
    entry = OtjEntryFactory(apprenticeship=people.amara_apprenticeship)
    reject = f"{ledger(people)}/entries/{entry.pk}/reject"
    assert api("post", people.carl, reject, {"reason": " "}).status_code == 422
    response = api("post", people.carl, reject, {"reason": "Not training"})
    assert response.status_code == 200
    assert response.json()["rejection_reason"] == "Not training"


@pytest.mark.parametrize("name", OUTSIDERS)
def test_outsiders_get_404_everywhere(api, people, name):
    user = getattr(people, name)
    entry = OtjEntryFactory(apprenticeship=people.amara_apprenticeship)
    assert api("get", user, ledger(people)).status_code == 404
    assert api("post", user, f"{ledger(people)}/entries", ENTRY).status_code == 404
    assert api("post", user, f"{ledger(people)}/entries/{entry.pk}/confirm").status_code == 404
    reject = f"{ledger(people)}/entries/{entry.pk}/reject"
    assert api("post", user, reject, {"reason": "x"}).status_code == 404
    reduction = f"{ledger(people)}/prior-learning-reduction"
    assert api("put", user, reduction, {"hours": "5", "reason": "x"}).status_code == 404
    assert OtjEntry.objects.get().status == OtjEntry.Status.AWAITING_CONFIRMATION


@pytest.mark.parametrize("name", READ_ONLY)
def test_read_only_parties_get_403_on_entries(api, people, name):
    user = getattr(people, name)
    entry = OtjEntryFactory(apprenticeship=people.amara_apprenticeship)
    assert api("get", user, ledger(people)).status_code == 200
    assert api("post", user, f"{ledger(people)}/entries", ENTRY).status_code == 403
    assert api("post", user, f"{ledger(people)}/entries/{entry.pk}/confirm").status_code == 403
    reject = f"{ledger(people)}/entries/{entry.pk}/reject"
    assert api("post", user, reject, {"reason": "x"}).status_code == 403
    assert OtjEntry.objects.count() == 1


def test_the_prior_learning_reduction_is_read_and_recorded(api, people):
    path = f"{ledger(people)}/prior-learning-reduction"
    assert api("get", people.amara, path).status_code == 404
    assert api("put", people.erin, path, {"hours": "10", "reason": "x"}).status_code == 403
    missing = api("put", people.carl, path, {"hours": "10", "reason": ""})
    assert missing.status_code == 422
    assert missing.json()["errors"]["reason"] == ["Say what prior learning the reduction is for."]
    response = api("put", people.pat, path, {"hours": "12.5", "reason": "Level 3 award"})
    assert response.status_code == 200
    assert response.json()["hours"] == 12.5
    assert api("get", people.amara, path).json()["reason"] == "Level 3 award"
    assert PriorLearningReduction.objects.get().recorded_by == people.pat
    assert api("get", people.erin, ledger(people)).json()["totals"]["required"] == 174.5


def test_a_change_through_the_api_is_kept_in_the_history_as_the_tokens_owners(api, people):
    response = api("post", people.amara, f"{ledger(people)}/entries", ENTRY)
    assert response.status_code == 201, response.json()

    entry = OtjEntry.objects.get(pk=response.json()["id"])
    created = LogEntry.objects.get_for_object(entry).get(action=LogEntry.Action.CREATE)
    assert created.actor == people.amara
