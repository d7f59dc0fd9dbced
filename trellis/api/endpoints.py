"""The JSON API: every operation needs a bearer token and answers in JSON, errors included."""

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from trellis.api.auth import ApiTokenAuth
from trellis.api.routers.apprenticeships import router as apprenticeships_router
from trellis.api.routers.standards import router as standards_router

api = NinjaAPI(
    title="Trellis API",
    version="1",
    description="Read-only access to standards and to the apprenticeships the token's owner "
    "may see. Send `Authorization: Bearer <token>` with every request.",
    urls_namespace="api",
    auth=ApiTokenAuth(),
)
api.add_router("/v1/standards", standards_router)
api.add_router("/v1/apprenticeships", apprenticeships_router)


@api.exception_handler(AuthenticationError)
def authentication_failed(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    """Explain how to authenticate, with the challenge RFC 6750 asks for."""
    response = api.create_response(
        request,
        {
            "detail": "Authentication required: send a valid API token in the header "
            "`Authorization: Bearer <token>`."
        },
        status=401,
    )
    response["WWW-Authenticate"] = 'Bearer realm="trellis"'
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    """Answer 404 alike whether the record is missing or hidden from this person."""
    return api.create_response(request, {"detail": "Not found."}, status=404)
