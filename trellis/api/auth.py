"""Bearer-token authentication for the JSON API."""

from django.http import HttpRequest
from ninja.security import HttpBearer

from trellis.api.models import ApiToken
from trellis.api.services import api_token_hash, api_token_record_use
from trellis.organisations.models import User

BEARER_PREFIX = "bearer "
API_PATH_PREFIX = "/api/"


def user_for_token(token: str) -> User | None:
    """Return the active owner of this unrevoked token, noting its use; None if there is none."""
    api_token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=api_token_hash(token), revoked_at__isnull=True)
        .first()
    )
    if api_token is None or not api_token.user.is_active:
        return None
    api_token_record_use(token=api_token)
    return api_token.user


class ApiTokenAuth(HttpBearer):
    """Authenticate `Authorization: Bearer <token>` against unrevoked tokens of active people."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = getattr(request, "api_token_user", None) or user_for_token(token)
        if user is not None:
            # Anything that reads request.user sees the token's owner, as after signing in.
            request.user = user
        return user


class ApiTokenUserMiddleware:
    """Make an API request's token owner its user before the audit log notes who acts.

    The audit log's middleware reads request.user as the request comes in, before the API
    authenticates, so without this every change made through the API would have no author.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        header = request.headers.get("Authorization", "")
        # Pages take only session sign-ins; a token opens the API and nothing else.
        if (
            request.path_info.startswith(API_PATH_PREFIX)
            and header[: len(BEARER_PREFIX)].lower() == BEARER_PREFIX
        ):
            user = user_for_token(header[len(BEARER_PREFIX) :].strip())
            if user is not None:
                request.user = user
                request.api_token_user = user
        return self.get_response(request)
