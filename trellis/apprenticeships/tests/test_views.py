import pytest
from django.urls import reverse

from trellis.apprenticeships.models import Apprenticeship
from trellis.organisations.models import User
from trellis.testing.factories import ApprenticeshipFactory
from trellis.testing.gateway_factories import submitted

pytestmark = pytest.mark.django_db

SEES_AMARA = {"amara", "carl", "erin", "dina", "pat", "quinn"}
EVERYONE = {
    "amara", "bea", "carl", "cora", "erin", "evan", "dina", "pat", "quinn",
    "ada", "ian", "isla", "mo", "paula", "otto",
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(EVERYONE))
def test_only_the_right_people_see_an_apprenticeship(client, people, name):
    client.force_login(getattr(people, name))
    url = reverse("apprenticeships:detail", args=[people.amara_apprenticeship.pk])
    response = client.get(url)
    assert response.status_code == (200 if name in SEES_AMARA else 404)


@pytest.mark.parametrize("name", sorted(EVERYONE))
def test_the_list_shows_only_visible_apprenticeships(client, people, name):
    client.force_login(getattr(people, name))
    response = client.get(reverse("apprenticeships:list"))
    assert response.status_code == 200
    assert ("Amara Example" in response.text) == (name in SEES_AMARA)


@pytest.mark.parametrize("status", ["gateway", "in_epa", "completed"])
def test_epao_staff_never_see_the_record_whatever_the_status(client, people, status):
    Apprenticeship.objects.filter(pk=people.amara_apprenticeship.pk).update(status=status)
    url = reverse("apprenticeships:detail", args=[people.amara_apprenticeship.pk])
    for name in ["ada", "mo", "ian", "isla", "paula"]:
        client.force_login(getattr(people, name))
        assert client.get(url).status_code == 404, name
        assert "Amara Example" not in client.get(reverse("apprenticeships:list")).text, name


RECORD_TABS = [
    "apprenticeships:detail",
    "otj:index",
    "plans:index",
    "portfolio:index",
    "qualifications:index",
    "reviews:index",
    "showcase:index",
]


def test_epao_staff_reach_a_submitted_apprentice_only_through_the_gateway(client, people):
    attempt = submitted(people.amara_apprenticeship)
    for name in ["ada", "mo"]:
        client.force_login(getattr(people, name))
        for tab in RECORD_TABS:
            address = reverse(tab, args=[people.amara_apprenticeship.pk])
            assert client.get(address).status_code == 404, (name, tab)
        assert client.get(reverse("gateway:epao_attempt", args=[attempt.pk])).status_code == 200


def test_signed_out_people_are_sent_to_sign_in(client, people):
    url = reverse("apprenticeships:detail", args=[people.amara_apprenticeship.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_list_makes_the_same_number_of_queries_for_3_or_30_rows(
    client, people, django_assert_max_num_queries
):
    client.force_login(people.pat)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("apprenticeships:list"))
    for _ in range(28):
        ApprenticeshipFactory(
            provider=people.provider, standard_version=people.amara_apprenticeship.standard_version
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("apprenticeships:list"))
    assert response.text.count("/apprenticeships/") >= 25


def enrolment_form(people, **changes):
    data = {
        "apprentice_name": "Nia Okafor",
        "apprentice_email": "Nia.Okafor@Riverside.example",
        "employer": people.employer.pk,
        "standard": people.amara_apprenticeship.standard.pk,
        "consultant": people.carl.pk,
        "start_date": "2026-09-01",
        "planned_end_date": "2028-03-01",
        "epao": "",
        "entry_requirements": "Level 2 in their vocational area",
        "entry_requirements_met": "on",
        "contracted_weekly_hours": "30",
        "date_of_birth": "",
    }
    data.update(changes)
    return data


def test_a_provider_admin_enrols_an_apprentice(client, people):
    client.force_login(people.pat)
    response = client.post(reverse("apprenticeships:create"), enrolment_form(people))
    apprenticeship = Apprenticeship.objects.get(apprentice__email="nia.okafor@riverside.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("apprenticeships:detail", args=[apprenticeship.pk])
    assert apprenticeship.provider == people.provider
    assert apprenticeship.entry_requirements_met


@pytest.mark.parametrize("name", ["amara", "carl", "erin", "dina", "quinn", "ada", "otto"])
def test_only_provider_admins_may_enrol(client, people, name):
    client.force_login(getattr(people, name))
    assert client.get(reverse("apprenticeships:create")).status_code == 403
    response = client.post(reverse("apprenticeships:create"), enrolment_form(people))
    assert response.status_code == 403
    assert not User.objects.filter(email="nia.okafor@riverside.example").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"planned_end_date": "2027-03-01"}, "planned_end_date", "minimum duration is 12 months"),
        ({"planned_end_date": "2026-08-01"}, "planned_end_date", "must be after the start date"),
        ({"start_date": "31/02/2026"}, "start_date", "Enter a valid date"),
        ({"apprentice_email": "not-an-email"}, "apprentice_email", "valid email address"),
        ({"employer": "999999"}, "employer", "Select a valid choice"),
        ({"consultant": "999999"}, "consultant", "Select a valid choice"),
    ],
)
def test_bad_enrolment_input_is_explained_and_nothing_is_saved(
    client, people, changes, field, message
):
    client.force_login(people.pat)
    before = (User.objects.count(), Apprenticeship.objects.count())
    response = client.post(reverse("apprenticeships:create"), enrolment_form(people, **changes))
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert "There is a problem" in response.text
    assert (User.objects.count(), Apprenticeship.objects.count()) == before


def test_a_consultant_from_another_provider_cannot_be_chosen(client, people):
    client.force_login(people.pat)
    response = client.post(
        reverse("apprenticeships:create"), enrolment_form(people, consultant=people.paula.pk)
    )
    assert "Select a valid choice" in str(response.context["form"].errors["consultant"])


def edit_form(apprenticeship, **changes):
    data = {
        "consultant": apprenticeship.consultant_id or "",
        "start_date": apprenticeship.start_date.isoformat(),
        "planned_end_date": apprenticeship.planned_end_date.isoformat(),
        "epao": apprenticeship.epao_id or "",
        "entry_requirements": apprenticeship.entry_requirements,
        "contracted_weekly_hours": str(apprenticeship.contracted_weekly_hours),
        "date_of_birth": "",
        "status": apprenticeship.status,
        "revision": apprenticeship.revision,
    }
    data.update(changes)
    return data


def test_a_provider_admin_changes_an_enrolment_and_sees_its_history(client, people):
    apprenticeship = people.amara_apprenticeship
    client.force_login(people.pat)
    url = reverse("apprenticeships:edit", args=[apprenticeship.pk])
    response = client.post(url, edit_form(apprenticeship, consultant=people.cora.pk))
    assert response.status_code == 302
    apprenticeship.refresh_from_db()
    assert apprenticeship.consultant == people.cora
    detail = client.get(reverse("apprenticeships:detail", args=[apprenticeship.pk]))
    assert "Carl Example → Cora Example" in detail.text


@pytest.mark.parametrize(
    ("name", "expected"),
    [("carl", 403), ("erin", 403), ("amara", 403), ("quinn", 403), ("paula", 404), ("cora", 404)],
)
def test_others_cannot_change_an_enrolment(client, people, name, expected):
    apprenticeship = people.amara_apprenticeship
    client.force_login(getattr(people, name))
    url = reverse("apprenticeships:edit", args=[apprenticeship.pk])
    response = client.post(url, edit_form(apprenticeship, status="completed"))
    assert response.status_code == expected
    apprenticeship.refresh_from_db()
    assert apprenticeship.status == Apprenticeship.Status.ON_PROGRAMME


@pytest.mark.parametrize(
    ("name", "shown"), [("pat", True), ("carl", True), ("amara", False), ("erin", False)]
)
def test_history_is_shown_only_to_provider_staff(client, people, name, shown):
    client.force_login(getattr(people, name))
    response = client.get(reverse("apprenticeships:detail", args=[people.amara_apprenticeship.pk]))
    assert ('id="history"' in response.text) == shown


def test_a_stale_edit_keeps_what_was_typed_and_saves_nothing(client, people):
    apprenticeship = people.amara_apprenticeship
    client.force_login(people.pat)
    url = reverse("apprenticeships:edit", args=[apprenticeship.pk])
    stale = edit_form(apprenticeship, entry_requirements="Typed by Pat")
    client.post(url, edit_form(apprenticeship, consultant=people.cora.pk))
    response = client.post(url, stale)
    assert response.status_code == 200
    assert "Someone else changed this apprenticeship" in response.text
    assert "Typed by Pat" in response.text
    apprenticeship.refresh_from_db()
    assert apprenticeship.entry_requirements != "Typed by Pat"
    assert apprenticeship.consultant == people.cora


def test_enrolment_records_the_date_of_birth_and_contracted_hours(client, people):
    client.force_login(people.pat)
    form = enrolment_form(people, date_of_birth="1990-04-12", contracted_weekly_hours="22.5")
    client.post(reverse("apprenticeships:create"), form)
    apprenticeship = Apprenticeship.objects.get(apprentice__email="nia.okafor@riverside.example")
    assert str(apprenticeship.apprentice.date_of_birth) == "1990-04-12"
    assert str(apprenticeship.contracted_weekly_hours) == "22.5"
    detail = client.get(reverse("apprenticeships:detail", args=[apprenticeship.pk]))
    assert "12 Apr 1990" in detail.text
    assert "22.5" in detail.text


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date_of_birth": "2011-01-01"}, "date_of_birth", "at least 16"),
        ({"date_of_birth": "1899-01-01"}, "date_of_birth", "Check the year"),
        ({"contracted_weekly_hours": "0"}, "contracted_weekly_hours", "greater than or equal to 1"),
        ({"contracted_weekly_hours": "61"}, "contracted_weekly_hours", "less than or equal to 60"),
        ({"contracted_weekly_hours": ""}, "contracted_weekly_hours", "required"),
    ],
)
def test_implausible_age_or_hours_are_refused(client, people, changes, field, message):
    client.force_login(people.pat)
    response = client.post(reverse("apprenticeships:create"), enrolment_form(people, **changes))
    assert message in str(response.context["form"].errors[field])
    assert not User.objects.filter(email="nia.okafor@riverside.example").exists()


def test_changing_the_enrolment_sets_the_date_of_birth_and_hours(client, people):
    apprenticeship = people.amara_apprenticeship
    client.force_login(people.pat)
    url = reverse("apprenticeships:edit", args=[apprenticeship.pk])
    response = client.post(
        url, edit_form(apprenticeship, date_of_birth="2008-03-01", contracted_weekly_hours="37")
    )
    assert response.status_code == 302
    apprenticeship.refresh_from_db()
    assert str(apprenticeship.apprentice.date_of_birth) == "2008-03-01"
    assert apprenticeship.contracted_weekly_hours == 37


def test_the_change_form_does_not_offer_a_break_or_withdrawal(client, people):
    apprenticeship = people.amara_apprenticeship
    client.force_login(people.pat)
    url = reverse("apprenticeships:edit", args=[apprenticeship.pk])
    choices = dict(client.get(url).context["form"].fields["status"].choices)
    assert "break_in_learning" not in choices
    assert "withdrawn" not in choices
    response = client.post(url, edit_form(apprenticeship, status="withdrawn"))
    assert "Select a valid choice" in str(response.context["form"].errors["status"])


def test_the_change_form_keeps_a_break_as_it_is(client, people):
    apprenticeship = people.amara_apprenticeship
    Apprenticeship.objects.filter(pk=apprenticeship.pk).update(status="break_in_learning")
    apprenticeship.refresh_from_db()
    client.force_login(people.pat)
    url = reverse("apprenticeships:edit", args=[apprenticeship.pk])
    response = client.post(url, edit_form(apprenticeship, status="on_programme"))
    assert response.status_code == 302
    apprenticeship.refresh_from_db()
    assert apprenticeship.status == "break_in_learning"
