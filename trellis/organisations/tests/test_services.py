import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from trellis.organisations.models import Membership, Organisation
from trellis.organisations.services import membership_add, organisation_create, user_create

pytestmark = pytest.mark.django_db


def test_an_epao_needs_its_register_identifier():
    with pytest.raises(ValidationError) as raised:
        organisation_create(name="Assess Co", kind=Organisation.Kind.EPAO)
    assert "identifier on the register" in str(raised.value)
    assert not Organisation.objects.exists()


def test_only_an_epao_has_an_epao_identifier():
    with pytest.raises(ValidationError):
        organisation_create(name="Acme", kind=Organisation.Kind.EMPLOYER, epao_id="EPA0001")


def test_a_role_is_refused_in_the_wrong_kind_of_organisation():
    employer = organisation_create(name="Acme", kind=Organisation.Kind.EMPLOYER)
    person = user_create(email="sam@acme.example", full_name="Sam Smith")
    with pytest.raises(ValidationError) as raised:
        membership_add(user=person, organisation=employer, role=Membership.RoleChoice.ASSESSOR)
    assert "belongs to an organisation of kind “End-point assessment organisation”" in str(
        raised.value
    )
    assert not Membership.objects.exists()


def test_a_person_may_hold_roles_in_several_organisations():
    provider = organisation_create(name="Northway", kind=Organisation.Kind.PROVIDER)
    epao = organisation_create(name="Assess Co", kind=Organisation.Kind.EPAO, epao_id="EPA0001")
    person = user_create(email="sam@example.example", full_name="Sam Smith")
    membership_add(user=person, organisation=provider, role=Membership.RoleChoice.QUALITY_LEAD)
    membership_add(user=person, organisation=epao, role=Membership.RoleChoice.MODERATOR)
    assert person.memberships.count() == 2


def test_emails_are_stored_in_lower_case_and_unique():
    user_create(email="Sam@Acme.Example", full_name="Sam Smith")
    with pytest.raises(ValidationError):
        user_create(email="sam@acme.example", full_name="Another Sam")


def test_sign_in_is_by_email_address(client, people):
    response = client.post(
        reverse("login"),
        {"username": "amara@trellis.example", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home:index")


def test_a_wrong_password_is_explained(client, people):
    response = client.post(
        reverse("login"), {"username": "amara@trellis.example", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.text


def test_sign_out_is_a_post(client, people):
    client.force_login(people.amara)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home:index")).status_code == 302


def test_password_reset_sends_a_link_that_sets_a_new_password(client, people):
    response = client.post(reverse("password_reset"), {"email": "amara@trellis.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"new_password1": "a new long passphrase", "new_password2": "a new long passphrase"},
    )
    assert response.status_code == 302
    people.amara.refresh_from_db()
    assert people.amara.check_password("a new long passphrase")


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, people):
    response = client.post(reverse("password_reset"), {"email": "nobody@trellis.example"})
    assert response.status_code == 302
    assert mail.outbox == []
