from datetime import date

import pytest
import time_machine
from django.urls import reverse

from trellis.plans.models import PlanActivity, PlanSignature, PlanVersion
from trellis.plans.services import plan_activity_add, plan_epao_set, plan_sign
from trellis.testing.plans_factories import activity_details

pytestmark = pytest.mark.django_db

SEES_AMARAS = ["amara", "carl", "erin", "dina", "pat", "quinn"]
DOES_NOT_SEE_AMARAS = ["bea", "cora", "evan", "ian", "isla", "ada", "mo", "paula", "otto"]
READ_ONLY = ["amara", "erin", "dina", "quinn"]
WRITERS = ["carl", "pat"]


def url(name: str, people, *args) -> str:
    return reverse(f"plans:{name}", args=[people.amara_apprenticeship.pk, *args])


def add(people, **overrides) -> PlanActivity:
    apprenticeship = people.amara_apprenticeship
    return plan_activity_add(
        apprenticeship=apprenticeship,
        by=people.carl,
        details=activity_details(apprenticeship, **overrides),
    )


def activity_form(people, **overrides) -> dict:
    ksbs = activity_details(people.amara_apprenticeship).ksbs
    data = {
        "title": "Observation workshop",
        "kind": "workshop",
        "ksbs": [ksb.pk for ksb in ksbs],
        "planned_start": "2026-04-01",
        "planned_end": "2026-04-30",
        "planned_otj_hours": "6.25",
        "status": "planned",
    }
    data.update(overrides)
    return data


def read_pages(people, activity: PlanActivity) -> list[str]:
    return [
        url("index", people),
        url("timetable", people),
        url("versions", people),
        url("version", people, activity.plan_version.number),
    ]


def write_pages(people, activity: PlanActivity) -> list[str]:
    return [
        url("activity_add", people),
        url("activity_edit", people, activity.pk),
        url("activity_remove", people, activity.pk),
        url("epao", people),
    ]


@pytest.mark.parametrize("name", SEES_AMARAS)
def test_everyone_who_sees_the_apprenticeship_reads_the_plan(client, people, name):
    activity = add(people)
    client.force_login(getattr(people, name))

    for page in read_pages(people, activity):
        response = client.get(page, follow=True)
        assert response.status_code == 200, page
    assert "Safeguarding workshop" in client.get(url("index", people)).content.decode()


@pytest.mark.parametrize("name", DOES_NOT_SEE_AMARAS)
def test_nobody_else_sees_or_changes_anything(client, people, name):
    activity = add(people)
    client.force_login(getattr(people, name))

    for page in read_pages(people, activity) + write_pages(people, activity):
        assert client.get(page).status_code == 404, page
        assert client.post(page, activity_form(people)).status_code == 404, page
    assert client.post(url("sign", people), {"version": 1}).status_code == 404
    assert PlanActivity.objects.count() == 1
    assert not PlanSignature.objects.exists()


@pytest.mark.parametrize("name", READ_ONLY)
def test_read_only_people_get_403_on_every_change(client, people, name):
    activity = add(people)
    client.force_login(getattr(people, name))

    for page in write_pages(people, activity):
        assert client.get(page).status_code == 403, page
        assert client.post(page, activity_form(people)).status_code == 403, page
    assert list(PlanActivity.objects.values_list("title", flat=True)) == ["Safeguarding workshop"]
    assert PlanVersion.objects.get().epao == people.epao


@pytest.mark.parametrize("name", ["dina", "quinn", "pat"])
def test_those_who_are_no_party_cannot_sign(client, people, name):
    add(people)
    client.force_login(getattr(people, name))

    assert client.post(url("sign", people), {"version": 1}).status_code == 403
    assert not PlanSignature.objects.exists()


def test_writers_see_the_change_links_and_readers_do_not(client, people):
    add(people)
    client.force_login(people.carl)
    assert "Add an activity" in client.get(url("index", people)).content.decode()
    client.force_login(people.erin)
    page = client.get(url("index", people)).content.decode()
    assert "Add an activity" not in page and "Remove" not in page


@pytest.mark.parametrize("name", WRITERS)
def test_the_consultant_or_an_admin_adds_an_activity(client, people, name):
    client.force_login(getattr(people, name))

    response = client.post(url("activity_add", people), activity_form(people))

    assert response.status_code == 302
    activity = PlanActivity.objects.get()
    assert activity.title == "Observation workshop"
    assert str(activity.planned_otj_hours) == "6.25"
    assert activity.ksbs.count() == 2


def test_a_refused_activity_shows_its_messages_and_keeps_the_input(client, people):
    client.force_login(people.carl)

    response = client.post(
        url("activity_add", people),
        activity_form(people, planned_otj_hours="1.1", planned_start="2025-12-01", ksbs=[]),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Choose at least one KSB" in page
    assert "Observation workshop" in page
    assert not PlanVersion.objects.exists()


def test_the_service_refusals_reach_the_form(client, people):
    client.force_login(people.carl)

    response = client.post(
        url("activity_add", people), activity_form(people, planned_otj_hours="1.1")
    )

    assert "quarter hours" in response.content.decode()


def test_the_form_groups_ksbs_as_knowledge_skills_and_behaviours(client, people):
    client.force_login(people.carl)

    page = client.get(url("activity_add", people)).content.decode()

    assert page.index("Knowledge (") < page.index("Skills (") < page.index("Behaviours (")


def test_changing_a_signed_plan_asks_for_a_summary_and_makes_a_new_version(client, people):
    activity = add(people)
    plan_sign(version=activity.plan_version, by=people.amara)
    client.force_login(people.carl)

    page = client.get(url("activity_edit", people, activity.pk)).content.decode()
    assert "What changes and why" in page and "makes version 2" in page

    missing = client.post(url("activity_edit", people, activity.pk), activity_form(people))
    assert "Say what changes and why" in missing.content.decode()
    assert PlanVersion.objects.count() == 1

    client.post(
        url("activity_edit", people, activity.pk),
        activity_form(people, change_summary="Moved to April."),
    )
    version_2 = PlanVersion.objects.get(number=2)
    assert version_2.activities.get().title == "Observation workshop"
    page = client.get(url("index", people)).content.decode()
    assert "Moved to April." in page and "Earlier versions" in page


def test_removing_an_activity(client, people):
    activity = add(people)
    client.force_login(people.carl)

    assert (
        "Remove “Safeguarding workshop”"
        in client.get(url("activity_remove", people, activity.pk)).content.decode()
    )
    client.post(url("activity_remove", people, activity.pk))

    assert not PlanActivity.objects.exists()


def test_naming_the_epao(client, people):
    add(people)
    client.force_login(people.carl)

    client.post(url("epao", people), {"epao": ""})

    assert PlanVersion.objects.get().epao is None


def test_the_apprentice_sees_a_sign_button_and_signs(client, people):
    add(people)
    client.force_login(people.amara)

    page = client.get(url("index", people)).content.decode()
    assert "Sign the plan" in page
    assert "Apprentice</strong> (you): not signed yet" in page

    response = client.post(url("sign", people), {"version": 1}, follow=True)

    page = response.content.decode()
    assert "You have signed version 1 of the plan." in page
    assert "Sign the plan" not in page
    assert "Amara Example" in page
    assert PlanSignature.objects.get().party == "apprentice"


def test_signing_a_version_that_has_been_replaced_says_so(client, people):
    activity = add(people)
    plan_sign(version=activity.plan_version, by=people.carl)
    plan_activity_add(
        apprenticeship=people.amara_apprenticeship,
        by=people.carl,
        details=activity_details(people.amara_apprenticeship),
        change_summary="Another.",
    )
    client.force_login(people.erin)

    response = client.post(url("sign", people), {"version": 1}, follow=True)

    assert "Version 1 is no longer the current plan" in response.content.decode()
    assert PlanSignature.objects.count() == 1


def test_an_empty_plan_says_why_it_cannot_be_signed(client, people):
    plan_epao_set(apprenticeship=people.amara_apprenticeship, by=people.carl, epao=None)
    client.force_login(people.amara)

    page = client.get(url("index", people)).content.decode()

    assert "Sign the plan" not in page
    assert "no learning activities yet, so it cannot be signed" in page


def test_agreed_once_all_three_sign(client, people):
    version = add(people).plan_version
    for person in (people.amara, people.carl, people.erin):
        plan_sign(version=version, by=person)
    client.force_login(people.erin)

    page = client.get(url("index", people)).content.decode()

    assert "Agreed" in page and "To sign" not in page


def test_no_plan_yet(client, people):
    client.force_login(people.carl)
    assert "Add the first learning activity" in client.get(url("index", people)).content.decode()
    client.force_login(people.amara)
    page = client.get(url("index", people)).content.decode()
    assert "There is no training plan yet." in page
    assert "Add the first" not in page


@time_machine.travel(date(2027, 2, 1))
def test_the_plan_page_flags_a_missing_epao_with_the_reason_and_date(client, people):
    plan_epao_set(apprenticeship=people.amara_apprenticeship, by=people.carl, epao=None)
    client.force_login(people.carl)

    page = client.get(url("index", people)).content.decode()

    assert "EPAO not named" in page and "was due by 5 Jan 2027" in page


@time_machine.travel(date(2027, 1, 4))
def test_no_flag_before_the_date(client, people):
    plan_epao_set(apprenticeship=people.amara_apprenticeship, by=people.carl, epao=None)
    client.force_login(people.carl)

    assert "EPAO not named" not in client.get(url("index", people)).content.decode()


@time_machine.travel(date(2026, 3, 10))
def test_the_timetable_lists_every_month_with_its_activities(client, people):
    add(people)
    client.force_login(people.amara)

    page = client.get(url("timetable", people)).content.decode()

    assert page.count('class="timetable__month') == 19  # January 2026 to July 2027
    assert "February 2026" in page and "July 2027" in page
    assert page.count("Safeguarding workshop") == 2  # February and March
    assert "This month" in page


def test_an_old_version_is_read_only(client, people):
    activity = add(people)
    plan_sign(version=activity.plan_version, by=people.amara)
    plan_activity_add(
        apprenticeship=people.amara_apprenticeship,
        by=people.carl,
        details=activity_details(people.amara_apprenticeship, title="Later"),
        change_summary="Added later.",
    )
    client.force_login(people.carl)

    page = client.get(url("version", people, 1)).content.decode()

    assert "can no longer be signed or changed" in page
    assert "Safeguarding workshop" in page and "Later" not in page
    assert "/edit/" not in page and "Sign the plan" not in page
    versions = client.get(url("versions", people)).content.decode()
    assert "Version 1" in versions and "Version 2" in versions and "Added later." in versions
    assert client.get(url("version", people, 3)).status_code == 404


def test_replaced_versions_say_whether_they_were_agreed(client, people):
    version_1 = add(people).plan_version
    for person in (people.amara, people.carl, people.erin):
        plan_sign(version=version_1, by=person)
    version_2 = plan_activity_add(
        apprenticeship=people.amara_apprenticeship,
        by=people.carl,
        details=activity_details(people.amara_apprenticeship, title="Second"),
        change_summary="Second.",
    ).plan_version
    plan_sign(version=version_2, by=people.carl)
    plan_activity_add(
        apprenticeship=people.amara_apprenticeship,
        by=people.carl,
        details=activity_details(people.amara_apprenticeship, title="Third"),
        change_summary="Third.",
    )
    client.force_login(people.erin)

    page = client.get(url("versions", people)).content.decode()

    assert page.index("Draft: not signed yet") < page.index("Replaced before it was agreed")
    assert page.index("Replaced before it was agreed") < page.index("Agreed, since replaced")
    old = client.get(url("version", people, 2)).content.decode()
    assert "did not sign this version" in old and "To sign" not in old
