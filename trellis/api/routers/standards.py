from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from trellis.api.schemas import ErrorOut, StandardVersionDetailOut, StandardVersionOut
from trellis.standards.models import StandardVersion
from trellis.standards.selectors import standard_version_get, standard_versions_list

router = Router(tags=["standards"])


@router.get("", response=list[StandardVersionOut])
def standard_version_list(request: HttpRequest) -> list[StandardVersion]:
    """List every standard version Trellis holds."""
    return standard_versions_list()


@router.get(
    "/{reference}/{version}",
    response={200: StandardVersionDetailOut, 404: ErrorOut},
)
def standard_version_detail(request: HttpRequest, reference: str, version: str) -> StandardVersion:
    """Return one standard version with its themes and KSBs."""
    try:
        return standard_version_get(reference=reference, version=version)
    except StandardVersion.DoesNotExist:
        raise HttpError(404, f"No standard {reference} version {version}.") from None
