from datetime import date

import pytest
import time_machine

from trellis.reviews.models import ProgressReview
from trellis.safeguarding.models import Concern
from trellis.testing.reviews_factories import recorded_review

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 1), tick=False):
        yield


def base(people):
    return f"/api/v1/apprenticeships/{people.amara_apprenticeship.pk}/reviews"


def payload(apprenticeship, **changes):
    body = {
        "held_on": "2026-05-28",
        "mode": "online",
        "next_review_date": "2026-08-20",
        "otj_hours_since": "10.25",
        "ksb_ratings": {ksb.code: "secure" for ksb in apprenticeship.standard_version.ksbs.all()},
        "next_steps": [
            {"description": "Reflective log", "owner": "apprentice", "due_date": "2026-06-30"}
        ],
    }
    body.update(changes)
    return body


def post(client, auth_headers, user, path, body=None):
    return client.post(
        path, body or {}, content_type="application/json", headers=auth_headers(user)
    )


def test_the_consultant_records_and_the_three_sign(client, auth_headers, people):
    apprenticeship = people.amara_apprenticeship
    response = post(client, auth_headers, people.carl, base(people), payload(apprenticeship))
    assert response.status_code == 201
    body = response.json()
    assert body["waiting_for"] == ["apprentice", "consultant", "employer"]
    assert body["next_steps"][0]["owner"] == "apprentice"
    assert {row["rating"] for row in body["ksb_progress"]} == {"secure"}
    sign = f"{base(people)}/{body['id']}/sign"
    for user in (people.amara, people.carl, people.erin):
        response = post(client, auth_headers, user, sign)
        assert response.status_code == 200
    assert response.json()["locked_at"] is not None
    assert post(client, auth_headers, people.amara, sign).status_code == 422


def test_list_detail_and_schedule(api_get, people):
    review = recorded_review(
        people.amara_apprenticeship, held_on=date(2026, 5, 1), next_review_date=date(2026, 7, 1)
    )
    listed = api_get(people.erin, base(people)).json()
    assert [row["id"] for row in listed] == [review.pk]
    detail = api_get(people.amara, f"{base(people)}/{review.pk}").json()
    assert detail["held_on"] == "2026-05-01"
    schedule = api_get(people.carl, f"{base(people)}/schedule").json()
    assert schedule == {"last_review_on": "2026-05-01", "next_due": "2026-07-01"}


@pytest.mark.parametrize("name", ["cora", "evan", "bea", "otto"])
def test_outsiders_get_404(api_get, client, auth_headers, people, name):
    review = recorded_review(people.amara_apprenticeship, held_on=date(2026, 5, 1))
    user = getattr(people, name)
    assert api_get(user, base(people)).status_code == 404
    assert api_get(user, f"{base(people)}/{review.pk}").status_code == 404
    assert api_get(user, f"{base(people)}/schedule").status_code == 404
    body = payload(people.amara_apprenticeship)
    assert post(client, auth_headers, user, base(people), body).status_code == 404
    assert post(client, auth_headers, user, f"{base(people)}/{review.pk}/sign").status_code == 404
    assert not review.signatures.exists()


@pytest.mark.parametrize("name", ["amara", "erin", "pat"])
def test_read_only_parties_get_403_on_record_and_correction(client, auth_headers, people, name):
    review = recorded_review(
        people.amara_apprenticeship,
        held_on=date(2026, 5, 1),
        signed_by=[people.amara, people.carl, people.erin],
    )
    user = getattr(people, name)
    body = payload(people.amara_apprenticeship)
    assert post(client, auth_headers, user, base(people), body).status_code == 403
    correction = f"{base(people)}/{review.pk}/correction"
    assert post(client, auth_headers, user, correction, {"reason": "x"}).status_code == 403
    assert ProgressReview.objects.count() == 1


def test_422_with_the_field_that_is_wrong(client, auth_headers, people):
    apprenticeship = people.amara_apprenticeship
    response = post(
        client,
        auth_headers,
        people.carl,
        base(people),
        payload(apprenticeship, next_review_date="2026-09-01"),
    )
    assert response.status_code == 422
    assert "no later than 28 Aug 2026" in str(response.json()["errors"])
    unknown = payload(apprenticeship, ksb_ratings={"K99": "secure"})
    assert post(client, auth_headers, people.carl, base(people), unknown).status_code == 422
    assert not ProgressReview.objects.exists()


def test_a_correction_needs_a_reason_and_links(client, auth_headers, people):
    review = recorded_review(
        people.amara_apprenticeship,
        held_on=date(2026, 5, 1),
        signed_by=[people.amara, people.carl, people.erin],
    )
    path = f"{base(people)}/{review.pk}/correction"
    assert post(client, auth_headers, people.carl, path, {"reason": " "}).status_code == 422
    response = post(client, auth_headers, people.carl, path, {"reason": "Wrong date"})
    assert response.status_code == 201
    assert response.json()["corrects_id"] == review.pk
    assert response.json()["waiting_for"] == ["apprentice", "consultant", "employer"]


def test_concerns_recorded_over_the_api_raise_a_safeguarding_concern(client, auth_headers, people):
    apprenticeship = people.amara_apprenticeship
    missing = post(
        client,
        auth_headers,
        people.carl,
        base(people),
        payload(apprenticeship, wellbeing="concerns", wellbeing_notes="Not sleeping."),
    )
    assert missing.status_code == 422
    assert set(missing.json()["errors"]) == {"wellbeing_category", "wellbeing_immediate_risk"}
    assert not Concern.objects.exists()

    response = post(
        client,
        auth_headers,
        people.carl,
        base(people),
        payload(
            apprenticeship,
            wellbeing="concerns",
            wellbeing_category="mental_health",
            wellbeing_immediate_risk=True,
            wellbeing_notes="Not sleeping.",
        ),
    )
    assert response.status_code == 201, response.json()
    assert response.json()["wellbeing"] == "concerns"
    assert response.json()["wellbeing_notes"] == ""
    concern = Concern.objects.get()
    assert concern.raised_from_review_id == response.json()["id"]
    assert concern.account == "Not sleeping."
    assert concern.immediate_risk is True
