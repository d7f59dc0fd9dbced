import json

import pytest

from trellis.plans.models import PlanActivity, PlanSignature, PlanVersion
from trellis.plans.services import plan_activity_add, plan_sign
from trellis.testing.plans_factories import activity_details

pytestmark = pytest.mark.django_db

SEES_AMARAS = ["amara", "carl", "erin", "dina", "pat", "quinn"]
DOES_NOT_SEE_AMARAS = ["bea", "cora", "evan", "ian", "ada", "mo", "paula", "otto"]


def plan_path(people, suffix: str = "") -> str:
    return f"/api/v1/apprenticeships/{people.amara_apprenticeship.pk}/plan{suffix}"


def add(people, **overrides) -> PlanActivity:
    apprenticeship = people.amara_apprenticeship
    return plan_activity_add(
        apprenticeship=apprenticeship,
        by=people.carl,
        details=activity_details(apprenticeship, **overrides),
    )


def ksb_codes(people) -> list[str]:
    return [ksb.code for ksb in activity_details(people.amara_apprenticeship).ksbs]


def body(people, **overrides) -> dict:
    data = {
        "title": "Observation workshop",
        "kind": "workshop",
        "ksbs": ksb_codes(people),
        "planned_start": "2026-04-01",
        "planned_end": "2026-04-30",
        "planned_otj_hours": "6.25",
    }
    data.update(overrides)
    return data


@pytest.fixture
def send(client, auth_headers):
    def send(method: str, user, path: str, data: dict | None = None):
        return getattr(client, method)(
            path,
            json.dumps(data) if data is not None else None,
            content_type="application/json",
            headers=auth_headers(user),
        )

    return send


@pytest.mark.parametrize("name", SEES_AMARAS)
def test_the_current_plan_with_activities_and_signatures(api_get, people, name):
    activity = add(people)
    plan_sign(version=activity.plan_version, by=people.amara)

    response = api_get(getattr(people, name), plan_path(people))

    assert response.status_code == 200
    plan = response.json()
    assert plan["number"] == 1
    assert plan["agreed"] is False
    assert plan["waiting_for"] == ["consultant", "employer"]
    assert plan["epao_id"] == "EPA0999"
    assert plan["activities"][0]["title"] == "Safeguarding workshop"
    assert plan["activities"][0]["ksbs"] == ksb_codes(people)
    assert plan["activities"][0]["planned_otj_hours"] == "7.50"
    assert plan["signatures"][0]["party"] == "apprentice"
    assert plan["signatures"][0]["signed_by"] == "Amara Example"


@pytest.mark.parametrize("name", DOES_NOT_SEE_AMARAS)
def test_nobody_else_reads_or_changes_the_plan(api_get, send, people, name):
    activity = add(people)
    person = getattr(people, name)

    assert api_get(person, plan_path(people)).status_code == 404
    assert api_get(person, plan_path(people, "/versions")).status_code == 404
    assert send("post", person, plan_path(people, "/activities"), body(people)).status_code == 404
    item = plan_path(people, f"/activities/{activity.pk}")
    assert send("patch", person, item, {"title": "X"}).status_code == 404
    assert send("delete", person, item).status_code == 404
    assert send("post", person, plan_path(people, "/sign"), {"version": 1}).status_code == 404
    assert list(PlanActivity.objects.values_list("title", flat=True)) == ["Safeguarding workshop"]
    assert not PlanSignature.objects.exists()


def test_no_plan_yet_is_404_with_a_reason(api_get, people):
    response = api_get(people.carl, plan_path(people))

    assert response.status_code == 404
    assert response.json() == {"detail": "This apprenticeship has no training plan yet."}


def test_versions_newest_first(api_get, people):
    activity = add(people)
    plan_sign(version=activity.plan_version, by=people.amara)
    plan_activity_add(
        apprenticeship=people.amara_apprenticeship,
        by=people.carl,
        details=activity_details(people.amara_apprenticeship, title="Later"),
        change_summary="Added later.",
    )

    versions = api_get(people.erin, plan_path(people, "/versions")).json()

    assert [v["number"] for v in versions] == [2, 1]
    assert versions[0]["change_summary"] == "Added later."
    assert len(versions[0]["activities"]) == 2 and len(versions[1]["activities"]) == 1
    lineage = {a["title"]: a["lineage"] for a in versions[0]["activities"]}
    assert lineage["Safeguarding workshop"] == versions[1]["activities"][0]["lineage"]


def test_the_consultant_adds_an_activity(send, people):
    response = send("post", people.carl, plan_path(people, "/activities"), body(people))

    assert response.status_code == 201
    assert response.json()["version"] == 1
    assert response.json()["activity"]["title"] == "Observation workshop"
    assert response.json()["activity"]["status"] == "planned"
    assert PlanActivity.objects.get().ksbs.count() == 2


@pytest.mark.parametrize("name", ["amara", "erin", "dina", "quinn"])
def test_read_only_people_get_403(send, people, name):
    activity = add(people)
    person = getattr(people, name)
    item = plan_path(people, f"/activities/{activity.pk}")

    assert send("post", person, plan_path(people, "/activities"), body(people)).status_code == 403
    assert send("patch", person, item, {"title": "X"}).status_code == 403
    response = send("delete", person, item)
    assert response.status_code == 403
    assert "training consultant" in response.json()["detail"]
    assert list(PlanActivity.objects.values_list("title", flat=True)) == ["Safeguarding workshop"]


def test_a_bad_activity_is_422_by_field(send, people):
    response = send(
        "post",
        people.carl,
        plan_path(people, "/activities"),
        body(people, planned_otj_hours="1.1", ksbs=["K1", "Z9"]),
    )

    assert response.status_code == 422
    assert "Z9: not a KSB of ST0148 v1.0." in response.json()["errors"]["ksbs"]
    assert not PlanVersion.objects.exists()


def test_hours_not_in_quarters_are_422(send, people):
    response = send(
        "post", people.carl, plan_path(people, "/activities"), body(people, planned_otj_hours="1.1")
    )

    assert response.status_code == 422
    assert "quarter hours" in response.json()["errors"]["planned_otj_hours"][0]


def test_patch_changes_only_the_fields_given(send, people):
    activity = add(people)

    response = send(
        "patch",
        people.carl,
        plan_path(people, f"/activities/{activity.pk}"),
        {"status": "in_progress"},
    )

    assert response.status_code == 200
    assert response.json()["activity"]["status"] == "in_progress"
    assert response.json()["activity"]["title"] == "Safeguarding workshop"
    assert response.json()["activity"]["ksbs"] == ksb_codes(people)


def test_patch_on_a_signed_plan_needs_a_summary_then_makes_version_2(send, people):
    activity = add(people)
    plan_sign(version=activity.plan_version, by=people.erin)
    item = plan_path(people, f"/activities/{activity.pk}")

    refused = send("patch", people.carl, item, {"title": "Renamed"})
    assert refused.status_code == 422
    assert "change_summary" in refused.json()["errors"]

    response = send("patch", people.carl, item, {"title": "Renamed", "change_summary": "Clearer."})
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response.json()["activity"]["id"] != activity.pk


def test_delete_returns_the_plan_as_it_is_now(send, people):
    activity = add(people)
    add(people, title="Kept")

    response = send("delete", people.carl, plan_path(people, f"/activities/{activity.pk}"))

    assert response.status_code == 200
    assert [a["title"] for a in response.json()["activities"]] == ["Kept"]


def test_an_activity_of_another_apprenticeship_is_404(send, people):
    apprenticeship = people.bea_apprenticeship
    other = plan_activity_add(
        apprenticeship=apprenticeship, by=people.cora, details=activity_details(apprenticeship)
    )

    response = send("patch", people.carl, plan_path(people, f"/activities/{other.pk}"), {})

    assert response.status_code == 404


def test_each_party_signs(send, people):
    add(people)

    for person, party in ((people.amara, "apprentice"), (people.erin, "employer")):
        response = send("post", person, plan_path(people, "/sign"), {"version": 1})
        assert response.status_code == 201
        assert response.json()["party"] == party
    response = send("post", people.carl, plan_path(people, "/sign"), {"version": 1})
    assert response.json()["signed_by"] == "Carl Example"
    assert PlanVersion.objects.get().signatures.count() == 3


def test_signing_twice_or_an_old_version_is_422(send, people):
    add(people)
    send("post", people.amara, plan_path(people, "/sign"), {"version": 1})

    twice = send("post", people.amara, plan_path(people, "/sign"), {"version": 1})
    assert twice.status_code == 422
    assert "already been signed" in twice.json()["detail"]

    plan_activity_add(
        apprenticeship=people.amara_apprenticeship,
        by=people.carl,
        details=activity_details(people.amara_apprenticeship),
        change_summary="More.",
    )
    old = send("post", people.erin, plan_path(people, "/sign"), {"version": 1})
    assert old.status_code == 422
    assert "no longer the current plan" in old.json()["detail"]
    missing = send("post", people.erin, plan_path(people, "/sign"), {"version": 9})
    assert missing.status_code == 404


@pytest.mark.parametrize("name", ["pat", "dina", "quinn"])
def test_people_who_are_no_party_cannot_sign(send, people, name):
    add(people)

    response = send("post", getattr(people, name), plan_path(people, "/sign"), {"version": 1})

    assert response.status_code == 403
    assert not PlanSignature.objects.exists()
