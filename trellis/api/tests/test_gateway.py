import pytest

from trellis.apprenticeships.models import Apprenticeship
from trellis.booking.models import Booking
from trellis.gateway.models import Declaration, GatewayAttempt, Override
from trellis.testing.gateway_factories import accepted, make_ready, signed_off, submitted

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Not found."}


@pytest.fixture
def api(client, auth_headers):
    def send(method, user, path, payload=None):
        return getattr(client, method)(
            path, payload, content_type="application/json", headers=auth_headers(user)
        )

    return send


def gateway(people) -> str:
    return f"/api/v1/apprenticeships/{people.amara_apprenticeship.pk}/gateway"


def submission(attempt) -> str:
    return f"/api/v1/gateway/submissions/{attempt.pk}"


# --- Readiness ------------------------------------------------------------------------------------


def test_readiness_lists_every_check_with_why_and_the_forecast(api, people):
    response = api("get", people.carl, gateway(people))

    assert response.status_code == 200
    body = response.json()
    assert body["checks"]
    assert all(
        set(check) >= {"code", "title", "met", "overridden", "override_reason", "detail"}
        for check in body["checks"]
    )
    unmet = [check for check in body["checks"] if not check["met"]]
    assert unmet and all(check["detail"] for check in unmet)
    assert body["sign_off"] == {"met": False, "declarations": [], "next_to_declare": "consultant"}
    assert set(body["forecast"]) == {"ready_on", "reasons"}
    assert body["attempt"] is None
    assert body["booking"] is None


def test_readiness_of_a_ready_apprentice_shows_every_check_met(api, people):
    make_ready(people.amara_apprenticeship)

    body = api("get", people.amara, gateway(people)).json()

    assert all(check["met"] for check in body["checks"]), body["checks"]


@pytest.mark.parametrize("name", ["bea", "cora", "evan", "paula", "otto", "ada", "ian", "mo"])
def test_readiness_is_not_found_to_outsiders_and_epao_staff(api, people, name):
    response = api("get", getattr(people, name), gateway(people))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_a_missing_apprenticeship_answers_like_a_hidden_one(api, people):
    assert api("get", people.carl, "/api/v1/apprenticeships/999999/gateway").json() == NOT_FOUND


# --- Sign-off -------------------------------------------------------------------------------------


def test_the_three_declare_in_order(api, people):
    make_ready(people.amara_apprenticeship)
    path = f"{gateway(people)}/declarations"

    out_of_turn = api("post", people.amara, path)
    assert out_of_turn.status_code == 422
    assert "the training consultant declares next" in out_of_turn.json()["detail"]

    first = api("post", people.carl, path)
    assert first.status_code == 201, first.json()
    assert first.json()["party"] == "consultant"
    assert first.json()["declared_by"] == "Carl Example"
    assert "competent" in first.json()["statement"]
    assert api("post", people.amara, path).status_code == 201
    assert api("post", people.erin, path).status_code == 201

    body = api("get", people.carl, gateway(people)).json()
    assert body["sign_off"]["met"] is True
    assert body["sign_off"]["next_to_declare"] is None
    assert [row["party"] for row in body["sign_off"]["declarations"]] == [
        "consultant",
        "apprentice",
        "employer",
    ]
    assert body["attempt"]["status"] == "preparing"


def test_a_declaration_before_every_requirement_is_met_is_refused(api, people):
    response = api("post", people.carl, f"{gateway(people)}/declarations")

    assert response.status_code == 422
    assert "Every requirement must be met" in response.json()["detail"]
    assert not Declaration.objects.exists()


def test_someone_who_reads_the_record_but_is_no_party_may_not_declare(api, people):
    make_ready(people.amara_apprenticeship)

    response = api("post", people.pat, f"{gateway(people)}/declarations")

    assert response.status_code == 403
    assert "declare the apprentice ready" in response.json()["detail"]
    assert not Declaration.objects.exists()


def test_an_outsider_declaring_gets_not_found(api, people):
    make_ready(people.amara_apprenticeship)

    response = api("post", people.evan, f"{gateway(people)}/declarations")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


# --- Overrides ------------------------------------------------------------------------------------


def _unmet_code(api, people) -> str:
    checks = api("get", people.pat, gateway(people)).json()["checks"]
    return next(check["code"] for check in checks if not check["met"])


def test_a_provider_admin_overrides_an_unmet_requirement_with_a_reason(api, people):
    code = _unmet_code(api, people)
    reason = "Agreed with the EPAO: the evidence is held by the employer on paper."

    response = api(
        "post",
        people.pat,
        f"{gateway(people)}/overrides",
        {"requirement_code": code, "reason": reason},
    )

    assert response.status_code == 201, response.json()
    assert response.json()["requirement_code"] == code
    assert response.json()["overridden_by"] == "Pat Example"
    check = next(
        row
        for row in api("get", people.pat, gateway(people)).json()["checks"]
        if row["code"] == code
    )
    assert check["overridden"] is True
    assert check["override_reason"] == reason


def test_an_override_needs_a_reason_and_a_real_unmet_requirement(api, people):
    path = f"{gateway(people)}/overrides"

    short = api(
        "post", people.pat, path, {"requirement_code": _unmet_code(api, people), "reason": "ok"}
    )
    unknown = api("post", people.pat, path, {"requirement_code": "nope", "reason": "x" * 30})

    assert short.status_code == 422
    assert "at least 20 characters" in short.json()["errors"]["reason"][0]
    assert unknown.status_code == 422
    assert "no such requirement" in unknown.json()["errors"]["requirement_code"][0]
    assert not Override.objects.exists()


def test_only_a_provider_admin_overrides(api, people):
    payload = {"requirement_code": _unmet_code(api, people), "reason": "x" * 30}

    consultant = api("post", people.carl, f"{gateway(people)}/overrides", payload)
    other_admin = api("post", people.paula, f"{gateway(people)}/overrides", payload)

    assert consultant.status_code == 403
    assert "provider's admins" in consultant.json()["detail"]
    assert other_admin.status_code == 404
    assert not Override.objects.exists()


# --- Submission and attempts ----------------------------------------------------------------------


def test_the_consultant_submits_the_signed_off_gateway(
    api, people, mailoutbox, django_capture_on_commit_callbacks
):
    signed_off(people.amara_apprenticeship)

    with django_capture_on_commit_callbacks(execute=True):
        response = api("post", people.carl, f"{gateway(people)}/submissions")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "submitted"
    assert body["epao"] == "Fair Assessment Ltd"
    assert body["checklist"]
    assert [row["party"] for row in body["declarations"]] == [
        "consultant",
        "apprentice",
        "employer",
    ]
    assert mailoutbox
    people.amara_apprenticeship.refresh_from_db()
    assert people.amara_apprenticeship.status == Apprenticeship.Status.GATEWAY
    assert api("get", people.carl, gateway(people)).json()["attempt"]["status"] == "submitted"


@pytest.mark.parametrize("name", ["amara", "erin"])
def test_parties_who_do_not_keep_the_record_may_not_submit(api, people, name):
    signed_off(people.amara_apprenticeship)

    response = api("post", getattr(people, name), f"{gateway(people)}/submissions")

    assert response.status_code == 403
    assert not GatewayAttempt.objects.filter(status=GatewayAttempt.Status.SUBMITTED).exists()


def test_a_submission_before_the_sign_off_is_refused(api, people):
    response = api("post", people.carl, f"{gateway(people)}/submissions")

    assert response.status_code == 422
    assert "Nobody has declared" in response.json()["detail"]


def test_every_attempt_is_kept_with_its_return_reasons(api, people):
    attempt = submitted(people.amara_apprenticeship)
    returned = api(
        "post",
        people.ada,
        f"{submission(attempt)}/return",
        {"reasons": {"general": "The Showcase PDF is missing its appendix."}},
    )
    assert returned.status_code == 200, returned.json()

    response = api("get", people.carl, f"{gateway(people)}/attempts")

    assert response.status_code == 200
    [kept] = response.json()
    assert kept["number"] == 1
    assert kept["status"] == "returned"
    assert kept["decision"]["decided_by"] == "Ada Example"
    assert kept["return_reasons"] == [
        {
            "requirement_code": "general",
            "requirement_title": "The submission as a whole",
            "reason": "The Showcase PDF is missing its appendix.",
        }
    ]
    assert api("get", people.evan, f"{gateway(people)}/attempts").status_code == 404


# --- The EPAO's side ------------------------------------------------------------------------------


def test_the_epao_sees_nothing_of_an_apprentice_not_submitted_to_it(api, people):
    attempt = signed_off(people.amara_apprenticeship)

    for name in ["ada", "mo", "ian"]:
        user = getattr(people, name)
        assert api("get", user, "/api/v1/gateway/submissions").json() == []
        assert api("get", user, submission(attempt)).json() == NOT_FOUND
        assert api("get", user, gateway(people)).json() == NOT_FOUND
        assert api("get", user, f"{gateway(people)}/attempts").json() == NOT_FOUND
    assert api("post", people.ada, f"{submission(attempt)}/accept", {}).json() == NOT_FOUND


def test_the_epao_queue_lists_what_was_submitted_to_it(api, people):
    attempt = submitted(people.amara_apprenticeship)

    queue = api("get", people.ada, "/api/v1/gateway/submissions")
    waiting = api("get", people.mo, "/api/v1/gateway/submissions", {"status": "submitted"})
    accepted_only = api("get", people.ada, "/api/v1/gateway/submissions?status=accepted")

    assert [row["id"] for row in queue.json()] == [attempt.pk]
    assert queue.json()[0]["apprentice"] == "Amara Example"
    assert [row["id"] for row in waiting.json()] == [attempt.pk]
    assert accepted_only.json() == []
    assert api("get", people.carl, "/api/v1/gateway/submissions").json() == []
    assert api("get", people.ada, "/api/v1/gateway/submissions?status=preparing").status_code == 422


def test_a_submission_gives_the_epao_only_what_the_assessment_needs(api, people):
    attempt = submitted(people.amara_apprenticeship)

    response = api("get", people.mo, submission(attempt))

    assert response.status_code == 200
    body = response.json()
    assert body["apprentice"] == {"name": "Amara Example", "email": "amara@trellis.example"}
    assert body["employer"]["name"] == "Riverside College"
    assert {"name": "Erin Example", "email": "erin@trellis.example"} in body["employer"]["contacts"]
    assert body["provider"] == "Northway Training"
    assert (
        body["standard"]["reference"]
        == people.amara_apprenticeship.standard_version.standard.reference
    )
    assert body["checklist"] and body["declarations"]
    assert body["showcase"]["number"] == attempt.showcase_snapshot.number
    assert body["showcase"]["pdf"] == f"/api/v1/gateway/submissions/{attempt.pk}/showcase/pdf"
    assert body["can_decide"] is False
    assert "consultant" not in body
    pdf = api("get", people.mo, body["showcase"]["pdf"])
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"


def test_the_epao_admin_accepts_and_a_booking_opens(api, people):
    attempt = submitted(people.amara_apprenticeship)

    stale = api(
        "post", people.ada, f"{submission(attempt)}/accept", {"revision": attempt.revision - 1}
    )
    response = api(
        "post",
        people.ada,
        f"{submission(attempt)}/accept",
        {"note": "All in order.", "revision": attempt.revision},
    )

    assert stale.status_code == 422
    assert "Someone else has changed this gateway" in stale.json()["detail"]
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "accepted"
    assert response.json()["decision"]["note"] == "All in order."
    assert response.json()["can_decide"] is False
    booking = Booking.objects.get(attempt=attempt)
    summary = api("get", people.erin, gateway(people)).json()["booking"]
    assert summary["id"] == booking.pk
    assert summary["epao"] == "Fair Assessment Ltd"


def test_a_moderator_reads_but_may_not_decide(api, people):
    attempt = submitted(people.amara_apprenticeship)

    accept = api("post", people.mo, f"{submission(attempt)}/accept", {})
    give_back = api(
        "post", people.mo, f"{submission(attempt)}/return", {"reasons": {"general": "No."}}
    )

    assert accept.status_code == 403
    assert give_back.status_code == 403
    attempt.refresh_from_db()
    assert attempt.status == GatewayAttempt.Status.SUBMITTED


def test_a_return_names_real_requirements(api, people):
    attempt = submitted(people.amara_apprenticeship)

    unknown = api("post", people.ada, f"{submission(attempt)}/return", {"reasons": {"nope": "Why"}})
    empty = api("post", people.ada, f"{submission(attempt)}/return", {"reasons": {}})

    assert unknown.status_code == 422
    assert "No such requirement on this checklist: nope." in unknown.json()["errors"]["reasons"]
    assert empty.status_code == 422
    assert "errors" in empty.json() and "reasons" in empty.json()["errors"]


def test_the_provider_resubmits_after_a_return(api, people):
    attempt = submitted(people.amara_apprenticeship)
    api("post", people.ada, f"{submission(attempt)}/return", {"reasons": {"general": "Fix it."}})
    path = f"{gateway(people)}/declarations"
    for name in ["carl", "amara", "erin"]:
        assert api("post", getattr(people, name), path).status_code == 201

    response = api("post", people.carl, f"{gateway(people)}/submissions")

    assert response.status_code == 201, response.json()
    assert response.json()["number"] == 2
    numbers = [
        row["number"] for row in api("get", people.pat, f"{gateway(people)}/attempts").json()
    ]
    assert numbers == [2, 1]
    queue = api("get", people.ada, "/api/v1/gateway/submissions").json()
    assert [row["status"] for row in queue] == ["submitted", "returned"]


def test_an_accepted_gateway_is_not_decided_twice(api, people):
    booking = accepted(people.amara_apprenticeship)

    response = api(
        "post",
        people.ada,
        f"{submission(booking.attempt)}/return",
        {"reasons": {"general": "Late."}},
    )

    assert response.status_code == 422
    assert "only a submitted one is accepted or returned" in response.json()["detail"]
