from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from trellis.api.services import api_token_create, api_token_revoke
from trellis.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/standards"


def assert_unauthenticated(response):
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "Authorization: Bearer <token>" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_valid_token_authenticates_and_notes_its_use(client):
    api_token, token = api_token_create(user=UserFactory())

    response = client.get(URL, headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200
    api_token.refresh_from_db()
    assert api_token.last_used_at is not None


def test_last_used_at_is_written_at_most_once_a_minute(client):
    api_token, token = api_token_create(user=UserFactory())
    headers = {"Authorization": f"Bearer {token}"}
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        client.get(URL, headers=headers)
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        client.get(URL, headers=headers)
    api_token.refresh_from_db()
    assert api_token.last_used_at == start

    with time_machine.travel(start + timedelta(minutes=2), tick=False):
        client.get(URL, headers=headers)
    api_token.refresh_from_db()
    assert api_token.last_used_at == start + timedelta(minutes=2)


def test_no_header_is_refused(client):
    assert_unauthenticated(client.get(URL))


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer not-a-token", "Token {token}", "Basic {token}", "{token}"],
)
def test_a_malformed_or_unknown_token_is_refused(client, header):
    _, token = api_token_create(user=UserFactory())

    response = client.get(URL, headers={"Authorization": header.format(token=token)})

    assert_unauthenticated(response)


def test_a_revoked_token_is_refused(client):
    api_token, token = api_token_create(user=UserFactory())
    api_token_revoke(token=api_token)

    response = client.get(URL, headers={"Authorization": f"Bearer {token}"})

    assert_unauthenticated(response)
    api_token.refresh_from_db()
    assert api_token.last_used_at is None


def test_the_token_of_an_inactive_person_is_refused(client):
    user = UserFactory()
    _, token = api_token_create(user=user)
    user.is_active = False
    user.save(update_fields=["is_active"])

    response = client.get(URL, headers={"Authorization": f"Bearer {token}"})

    assert_unauthenticated(response)


def test_a_signed_in_session_is_not_enough(client):
    client.force_login(UserFactory())

    assert_unauthenticated(client.get(URL))


def test_every_operation_needs_a_token(client, people):
    paths = [
        "/api/v1/standards",
        "/api/v1/standards/ST9999/1.0",
        "/api/v1/apprenticeships",
        f"/api/v1/apprenticeships/{people.amara_apprenticeship.pk}",
    ]
    for path in paths:
        assert_unauthenticated(client.get(path))
