"""The JSON API: every operation needs a bearer token and answers in JSON, errors included."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from trellis.api.auth import ApiTokenAuth
from trellis.api.routers.apprenticeships import router as apprenticeships_router
from trellis.api.routers.booking import router as booking_router
from trellis.api.routers.coverage import router as coverage_router
from trellis.api.routers.cpd import router as cpd_router
from trellis.api.routers.gateway import router as gateway_router
from trellis.api.routers.iqa import router as iqa_router
from trellis.api.routers.mentoring import router as mentoring_router
from trellis.api.routers.otj import router as otj_router
from trellis.api.routers.plans import router as plans_router
from trellis.api.routers.portfolio import router as portfolio_router
from trellis.api.routers.qualifications import router as qualifications_router
from trellis.api.routers.reviews import router as reviews_router
from trellis.api.routers.safeguarding import router as safeguarding_router
from trellis.api.routers.showcase import router as showcase_router
from trellis.api.routers.standards import router as standards_router

api = NinjaAPI(
    title="Trellis API",
    version="1",
    description="Standards, and the apprenticeships the token's owner may see with their "
    "training plans, progress reviews, off-the-job hours, qualifications and portfolios "
    "(evidence, decisions, KSB coverage, mentoring log, CPD, Showcase), and internal quality "
    "assurance; safeguarding concerns, whose detail only the provider's safeguarding leads "
    "read; gateway readiness, sign-off and submission, the EPAO's decisions on what was "
    "submitted to it, and the booking of the end-point assessment. Send "
    "`Authorization: Bearer <token>` with every request.",
    urls_namespace="api",
    auth=ApiTokenAuth(),
)
api.add_router("/v1/standards", standards_router)
api.add_router("/v1/apprenticeships", apprenticeships_router)
# These routers name their full paths under /v1/apprenticeships/{apprenticeship_id}/.
api.add_router("/v1", plans_router)
api.add_router("/v1", reviews_router)
api.add_router("/v1", otj_router)
api.add_router("/v1", qualifications_router)
api.add_router("/v1", portfolio_router)
api.add_router("/v1", coverage_router)
api.add_router("/v1", mentoring_router)
api.add_router("/v1", cpd_router)
api.add_router("/v1", showcase_router)
api.add_router("/v1", iqa_router)
api.add_router("/v1", safeguarding_router)
api.add_router("/v1", gateway_router)
api.add_router("/v1", booking_router)


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


@api.exception_handler(PermissionDenied)
def not_allowed(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """Say why a record this person can see may not be changed by them."""
    return api.create_response(request, {"detail": str(exc) or "Not allowed."}, status=403)


@api.exception_handler(ValidationError)
def refused(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Refuse bad input with the same messages the pages show, by field."""
    if hasattr(exc, "error_dict"):
        errors = {field: list(messages) for field, messages in exc.message_dict.items()}
    else:
        errors = {"__all__": exc.messages}
    detail = " ".join(message for messages in errors.values() for message in messages)
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)
