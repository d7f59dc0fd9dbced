import pytest

from trellis.iqa.models import IqaSample
from trellis.iqa.services import iqa_refer
from trellis.portfolio.decisions import evidence_decision_correct
from trellis.testing.portfolio_factories import evidence_in_state

pytestmark = pytest.mark.django_db

SAMPLES = "/api/v1/quality/samples"
REPORT = "/api/v1/quality/report"


@pytest.fixture
def api(client, auth_headers):
    def send(method, user, path, payload=None):
        if method == "get":
            return client.get(path, payload, headers=auth_headers(user))
        return getattr(client, method)(
            path, payload, content_type="application/json", headers=auth_headers(user)
        )

    return send


@pytest.fixture
def decisions(people):
    """Two decisions by Carl and one by Cora."""
    items = [
        evidence_in_state(people.amara_apprenticeship, status="assessed"),
        evidence_in_state(people.amara_apprenticeship, status="returned", codes=["K2"]),
        evidence_in_state(people.bea_apprenticeship, status="assessed"),
    ]
    return [item.current_decision for item in items]


def draw_all(api, people):
    response = api("post", people.quinn, f"{SAMPLES}/draw", {"basis": "random", "rate": 100})
    assert response.status_code == 201, response.json()
    return response.json()


def test_the_quality_lead_draws_and_lists_samples(api, people, decisions):
    drawn = draw_all(api, people)
    assert len(drawn) == 3
    assert {s["outcome"] for s in drawn} == {"pending"}
    assert drawn[0]["sampled_by"] == "Quinn Example"
    assert drawn[0]["item_title"]
    listed = api("get", people.quinn, SAMPLES, {"consultant_id": people.cora.pk}).json()
    assert [s["consultant"] for s in listed] == ["Cora Example"]


def test_a_draw_by_ksb_and_number(api, people, decisions):
    response = api(
        "post", people.quinn, f"{SAMPLES}/draw", {"basis": "ksb", "ksb_code": "K1", "number": 1}
    )
    assert response.status_code == 201
    assert len(response.json()) == 1


def test_a_refused_draw_answers_422_with_the_reason(api, people, decisions):
    response = api("post", people.quinn, f"{SAMPLES}/draw", {"basis": "random", "rate": 0})
    assert response.status_code == 422
    assert response.json()["errors"]["rate"] == ["The rate must be a whole percent from 1 to 100."]
    response = api(
        "post",
        people.quinn,
        f"{SAMPLES}/draw",
        {"basis": "consultant", "consultant_id": people.paula.pk, "rate": 10},
    )
    assert response.status_code == 422
    assert "consultant_id" in response.json()["errors"]
    assert not IqaSample.objects.exists()


def test_refer_agree_and_respond(api, people, decisions):
    drawn = draw_all(api, people)
    carls = [s for s in drawn if s["consultant"] == "Carl Example"]
    referred = api("post", people.quinn, f"{SAMPLES}/{carls[0]['id']}/refer", {"reason": "Why?"})
    assert referred.status_code == 200
    assert referred.json()["outcome"] == "referred"
    assert referred.json()["reason"] == "Why?"
    agreed = api("post", people.quinn, f"{SAMPLES}/{carls[1]['id']}/agree")
    assert agreed.json()["outcome"] == "agreed"
    again = api("post", people.quinn, f"{SAMPLES}/{carls[1]['id']}/agree")
    assert again.status_code == 422
    assert "cannot be changed" in again.json()["detail"]

    mine = api("get", people.carl, SAMPLES).json()
    assert {s["id"] for s in mine} == {carls[0]["id"], carls[1]["id"]}
    awaiting = api("get", people.carl, SAMPLES, {"awaiting_response": "true"}).json()
    assert [s["id"] for s in awaiting] == [carls[0]["id"]]

    decision = next(d for d in decisions if d.pk == carls[0]["decision_id"])
    correction = evidence_decision_correct(
        decision=decision,
        corrected_by=people.carl,
        reason="Quality review.",
        outcome="returned",
        feedback="Add what you did next.",
    )
    responded = api(
        "post",
        people.carl,
        f"{SAMPLES}/{carls[0]['id']}/respond",
        {"response": "Returned it.", "correcting_decision_id": correction.pk},
    )
    assert responded.status_code == 200, responded.json()
    assert responded.json()["correcting_decision_id"] == correction.pk
    assert responded.json()["responded_at"]


def test_a_referral_without_reason_is_422(api, people, decisions):
    sample = draw_all(api, people)[0]
    response = api("post", people.quinn, f"{SAMPLES}/{sample['id']}/refer", {"reason": " "})
    assert response.status_code == 422
    assert "reason" in response.json()["errors"]


def test_a_foreign_correcting_decision_is_refused(api, people, decisions):
    carls = [s for s in draw_all(api, people) if s["consultant"] == "Carl Example"]
    iqa_refer(sample=IqaSample.objects.get(pk=carls[0]["id"]), reviewed_by=people.quinn, reason="x")
    response = api(
        "post",
        people.carl,
        f"{SAMPLES}/{carls[0]['id']}/respond",
        {"response": "Done.", "correcting_decision_id": decisions[2].pk},
    )
    assert response.status_code == 422
    assert "correcting_decision_id" in response.json()["errors"]


@pytest.mark.parametrize("name", ["amara", "erin", "dina", "ada", "otto", "paula", "cora"])
def test_people_who_may_not_see_a_sample_get_404(api, people, decisions, name):
    carls = [s for s in draw_all(api, people) if s["consultant"] == "Carl Example"]
    sample_id = carls[0]["id"]
    iqa_refer(sample=IqaSample.objects.get(pk=sample_id), reviewed_by=people.quinn, reason="x")
    person = getattr(people, name)
    for action, payload in [
        ("agree", None),
        ("refer", {"reason": "x"}),
        ("respond", {"response": "x"}),
    ]:
        response = api("post", person, f"{SAMPLES}/{sample_id}/{action}", payload)
        assert response.status_code == 404, (name, action)
    listed = api("get", person, SAMPLES)
    assert listed.status_code == 404 or listed.json() == []


def test_who_may_see_but_not_act_gets_403(api, people, decisions):
    carls = [s for s in draw_all(api, people) if s["consultant"] == "Carl Example"]
    sample_id = carls[0]["id"]
    iqa_refer(sample=IqaSample.objects.get(pk=sample_id), reviewed_by=people.quinn, reason="x")
    assert api("post", people.carl, f"{SAMPLES}/{sample_id}/agree").status_code == 403
    response = api("post", people.quinn, f"{SAMPLES}/{sample_id}/respond", {"response": "x"})
    assert response.status_code == 403
    response = api("post", people.pat, f"{SAMPLES}/draw", {"basis": "random", "rate": 10})
    assert response.status_code == 403
    assert response.json()["detail"] == "Only the provider's quality lead draws samples."


def test_the_report_for_the_quality_lead_and_the_admin(api, people, decisions):
    draw_all(api, people)
    for person in (people.quinn, people.pat):
        response = api("get", person, REPORT)
        assert response.status_code == 200
        body = response.json()
        assert body["provider"] == "Northway Training"
        assert [row["consultant"] for row in body["consultants"]] == [
            "Carl Example",
            "Cora Example",
        ]
        assert body["consultants"][0]["decisions"] == 2
        assert body["total"]["sampled"] == 3
        assert body["total"]["percent_sampled"] == 100
    old = api(
        "get", people.quinn, REPORT, {"period_start": "2020-01-01", "period_end": "2020-02-01"}
    )
    assert old.json()["total"]["decisions"] == 0


@pytest.mark.parametrize("name", ["carl", "amara", "dina", "ada", "otto"])
def test_the_report_is_404_for_others(api, people, name):
    assert api("get", getattr(people, name), REPORT).status_code == 404
