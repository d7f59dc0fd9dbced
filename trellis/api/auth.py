"""Bearer-token authentication for the JSON API."""

from django.http import HttpRequest
from ninja.security import HttpBearer

from trellis.api.models import ApiToken
from trellis.api.services import api_token_hash, api_token_record_use
from trellis.organisations.models import User


class ApiTokenAuth(HttpBearer):
    """Authenticate `Authorization: Bearer <token>` against unrevoked tokens of active people."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=api_token_hash(token), revoked_at__isnull=True)
            .first()
        )
        if api_token is None or not api_token.user.is_active:
            return None
        api_token_record_use(token=api_token)
        # Anything that reads request.user sees the token's owner, as after signing in.
        request.user = api_token.user
        return api_token.user
