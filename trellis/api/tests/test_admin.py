import pytest

from trellis.api.models import ApiToken
from trellis.api.services import api_token_create
from trellis.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_list_shows_the_prefix_but_never_the_token(operator_client):
    api_token, token = api_token_create(user=UserFactory(full_name="Amara Example"))

    response = operator_client.get("/admin/api/apitoken/")

    assert response.status_code == 200
    assert api_token.key_prefix.encode() in response.content
    assert b"Amara Example" in response.content
    assert token.encode() not in response.content
    assert api_token.key_hash.encode() not in response.content


def test_change_page_hides_the_hash(operator_client):
    api_token, _ = api_token_create(user=UserFactory())

    response = operator_client.get(f"/admin/api/apitoken/{api_token.pk}/change/")

    assert response.status_code == 200
    assert api_token.key_hash.encode() not in response.content


def test_tokens_cannot_be_added_or_deleted_in_the_admin(operator_client):
    api_token, _ = api_token_create(user=UserFactory())

    assert operator_client.get("/admin/api/apitoken/add/").status_code == 403
    assert operator_client.get(f"/admin/api/apitoken/{api_token.pk}/delete/").status_code == 403


def test_revoke_action(operator_client):
    api_token, _ = api_token_create(user=UserFactory())

    response = operator_client.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [api_token.pk]},
        follow=True,
    )

    assert response.status_code == 200
    api_token.refresh_from_db()
    assert api_token.revoked_at is not None
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 0
