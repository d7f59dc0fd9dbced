"""Tests that an API token's owner is the request's user before the audit log looks."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from trellis.api.auth import ApiTokenUserMiddleware
from trellis.api.services import api_token_create, api_token_revoke
from trellis.testing.factories import UserFactory


def user_seen_by_the_view(path: str, authorization: str | None):
    seen = {}

    def view(request):
        seen["user"] = request.user
        return HttpResponse()

    headers = {"Authorization": authorization} if authorization else {}
    request = RequestFactory().post(path, headers=headers)
    request.user = AnonymousUser()
    ApiTokenUserMiddleware(view)(request)
    return seen["user"]


def test_an_api_request_with_a_token_acts_as_the_tokens_owner(db) -> None:
    owner = UserFactory()
    _, token = api_token_create(user=owner)
    assert user_seen_by_the_view("/api/v1/standards", f"Bearer {token}") == owner


def test_a_page_request_with_a_token_stays_anonymous(db) -> None:
    _, token = api_token_create(user=UserFactory())
    assert user_seen_by_the_view("/apprenticeships/", f"Bearer {token}").is_anonymous


def test_a_revoked_or_unknown_token_acts_as_no_one(db) -> None:
    api_token, token = api_token_create(user=UserFactory())
    api_token_revoke(token=api_token)
    assert user_seen_by_the_view("/api/v1/standards", f"Bearer {token}").is_anonymous
    assert user_seen_by_the_view("/api/v1/standards", "Bearer not-a-token").is_anonymous
    assert user_seen_by_the_view("/api/v1/standards", None).is_anonymous
