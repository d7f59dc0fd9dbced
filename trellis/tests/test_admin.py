import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    [
        "admin:organisations_user_changelist",
        "admin:organisations_organisation_changelist",
        "admin:standards_standardversion_changelist",
        "admin:apprenticeships_apprenticeship_changelist",
    ],
)
def test_operator_staff_reach_the_admin(client, people, name):
    people.otto.is_staff = True
    people.otto.is_superuser = True
    people.otto.save()
    client.force_login(people.otto)
    assert client.get(reverse(name)).status_code == 200


def test_people_who_are_not_operator_staff_do_not(client, people):
    client.force_login(people.pat)
    response = client.get(reverse("admin:apprenticeships_apprenticeship_changelist"))
    assert response.status_code == 302
