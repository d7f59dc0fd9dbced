from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from trellis.portfolio.models import EvidenceFile, KsbCoverage
from trellis.portfolio.services import evidence_file_add
from trellis.portfolio.tests import samples
from trellis.testing.portfolio_factories import EvidenceItemFactory, evidence_in_state

pytestmark = pytest.mark.django_db

OUTSIDERS = ["bea", "cora", "evan", "paula", "otto", "ada", "ian"]


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


def evidence(people) -> str:
    return f"/api/v1/apprenticeships/{people.amara_apprenticeship.pk}/evidence"


def test_the_whole_round_through_the_api(api, people):
    response = api(
        "post",
        people.amara,
        evidence(people),
        {
            "kind": "reflective_account",
            "title": "Ground rules",
            "occurred_on": "2026-06-01",
            "body": "I agreed ground rules.",
        },
    )
    assert response.status_code == 201, response.json()
    item = response.json()
    assert (item["status"], item["revision"]) == ("draft", 1)
    path = f"{evidence(people)}/{item['id']}"

    response = api("put", people.amara, f"{path}/ksbs", {"ksbs": {"K1": "I planned it."}})
    assert response.status_code == 200
    assert response.json()["mappings"] == [{"ksb": "K1", "justification": "I planned it."}]

    assert api("post", people.amara, f"{path}/submit").json()["status"] == "submitted"
    response = api("post", people.carl, f"{path}/return", {"feedback": "Say what happened."})
    assert response.status_code == 201
    assert response.json()["outcome"] == "returned"

    revision = api("get", people.amara, path).json()["revision"]
    response = api(
        "put",
        people.amara,
        path,
        {
            "title": "Ground rules",
            "occurred_on": "2026-06-01",
            "body": "Better.",
            "revision": revision,
        },
    )
    assert response.status_code == 200
    api("post", people.amara, f"{path}/submit")
    response = api("post", people.carl, f"{path}/assess", {"judgements": {"K1": "secure"}})
    assert response.status_code == 201
    decision = response.json()
    assert decision["judgements"] == [{"ksb": "K1", "judgement": "secure"}]
    assert decision["submission"] == 2
    assert KsbCoverage.objects.get().state == "secure"

    response = api(
        "post",
        people.carl,
        f"{path}/decisions/{decision['id']}/correct",
        {"reason": "Too generous.", "outcome": "assessed", "judgements": {"K1": "working_towards"}},
    )
    assert response.status_code == 201
    assert response.json()["corrects"] == decision["id"]
    decisions = api("get", people.erin, f"{path}/decisions").json()
    assert [d["outcome"] for d in decisions] == ["returned", "assessed", "assessed"]
    assert KsbCoverage.objects.get().state == "working_towards"


def test_a_stale_change_answers_422(api, people):
    item = EvidenceItemFactory(apprenticeship=people.amara_apprenticeship)
    path = f"{evidence(people)}/{item.pk}"
    change = {"title": "A", "occurred_on": "2026-06-01", "body": "x", "revision": 1}
    assert api("put", people.amara, path, change).status_code == 200
    response = api("put", people.amara, path, change)
    assert response.status_code == 422
    assert "Someone else changed this item" in response.json()["errors"]["revision"][0]


def test_a_kind_the_person_does_not_write_answers_403(api, people):
    response = api(
        "post",
        people.amara,
        evidence(people),
        {"kind": "observation", "title": "x", "occurred_on": "2026-06-01", "body": "x"},
    )
    assert response.status_code == 403


def test_the_apprentice_cannot_assess(api, people):
    item = evidence_in_state(people.amara_apprenticeship, status="submitted")
    response = api(
        "post",
        people.amara,
        f"{evidence(people)}/{item.pk}/assess",
        {"judgements": {"K1": "secure"}},
    )
    assert response.status_code == 403


def test_upload_list_and_download_a_file(client, auth_headers, people, settings):
    item = EvidenceItemFactory(apprenticeship=people.amara_apprenticeship, kind="file")
    path = f"{evidence(people)}/{item.pk}/files"
    response = client.post(
        path,
        {"file": SimpleUploadedFile("../board.png", samples.PNG)},
        headers=auth_headers(people.amara),
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["name"], body["content_type"], body["size"]) == (
        "board.png",
        "image/png",
        len(samples.PNG),
    )
    listed = client.get(path, headers=auth_headers(people.erin)).json()
    assert [f["name"] for f in listed] == ["board.png"]
    download = client.get(f"{path}/{body['id']}", headers=auth_headers(people.erin))
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == samples.PNG


def test_a_refused_upload_answers_422_and_stores_nothing(client, auth_headers, people, settings):
    item = EvidenceItemFactory(apprenticeship=people.amara_apprenticeship, kind="file")
    response = client.post(
        f"{evidence(people)}/{item.pk}/files",
        {"file": SimpleUploadedFile("report.pdf", samples.PNG)},
        headers=auth_headers(people.amara),
    )
    assert response.status_code == 422
    assert "named .pdf but its content" in response.json()["errors"]["file"][0]
    assert not EvidenceFile.objects.exists()
    assert [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] == []


@pytest.mark.parametrize("name", OUTSIDERS)
def test_other_peoples_items_and_files_are_404(api, people, name):
    item = EvidenceItemFactory(apprenticeship=people.amara_apprenticeship, kind="file")
    stored = evidence_file_add(
        item=item, uploaded_by=people.amara, upload=SimpleUploadedFile("a.pdf", samples.PDF)
    )
    user = getattr(people, name)
    path = f"{evidence(people)}/{item.pk}"
    for url in [
        evidence(people),
        path,
        f"{path}/files",
        f"{path}/files/{stored.pk}",
        f"{path}/decisions",
    ]:
        assert api("get", user, url).status_code == 404, url


def test_a_guessed_file_id_under_ones_own_item_is_404(api, people):
    item = EvidenceItemFactory(apprenticeship=people.amara_apprenticeship, kind="file")
    stored = evidence_file_add(
        item=item, uploaded_by=people.amara, upload=SimpleUploadedFile("a.pdf", samples.PDF)
    )
    bea_item = EvidenceItemFactory(apprenticeship=people.bea_apprenticeship)
    path = (
        f"/api/v1/apprenticeships/{people.bea_apprenticeship.pk}/evidence/{bea_item.pk}"
        f"/files/{stored.pk}"
    )
    assert api("get", people.bea, path).status_code == 404


def test_the_list_filters_by_status_and_ksb(api, people):
    evidence_in_state(people.amara_apprenticeship, status="draft", codes=["K1"], title="A")
    evidence_in_state(people.amara_apprenticeship, status="submitted", codes=["S1"], title="B")
    assert [i["title"] for i in api("get", people.carl, evidence(people) + "?ksb=s1").json()] == [
        "B"
    ]
    assert [
        i["title"] for i in api("get", people.carl, evidence(people) + "?status=draft").json()
    ] == ["A"]
