from collections.abc import Callable

import pytest
from django.http import HttpResponse
from django.test import Client

from trellis.api.services import api_token_create
from trellis.organisations.models import User


@pytest.fixture
def auth_headers(db) -> Callable[[User], dict[str, str]]:
    """Return a function that makes a token for a person and the header that sends it."""

    def headers_for(user: User) -> dict[str, str]:
        _, token = api_token_create(user=user)
        return {"Authorization": f"Bearer {token}"}

    return headers_for


@pytest.fixture
def api_get(client: Client, auth_headers) -> Callable[..., HttpResponse]:
    """Return a function that GETs an API path with a fresh token for the given person."""

    def get(user: User, path: str, data: dict | None = None) -> HttpResponse:
        return client.get(path, data, headers=auth_headers(user))

    return get
