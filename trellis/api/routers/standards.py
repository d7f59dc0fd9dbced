from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from trellis.api.schemas import (
    DutyOut,
    ErrorOut,
    KSBOut,
    StandardVersionDetailOut,
    StandardVersionOut,
)
from trellis.standards.models import KSB, Duty, StandardVersion
from trellis.standards.selectors import (
    standard_version_get,
    standard_versions_list,
    standard_versions_of,
)

router = Router(tags=["standards"])


def _version_or_404(reference: str, version: str) -> StandardVersion:
    try:
        return standard_version_get(reference=reference, version=version)
    except StandardVersion.DoesNotExist:
        raise HttpError(404, f"No standard {reference} version {version}.") from None


@router.get("", response=list[StandardVersionOut])
def standard_version_list(request: HttpRequest) -> list[StandardVersion]:
    """List every standard version Trellis holds."""
    return standard_versions_list()


# Registered before "/{reference}/{version}", which would otherwise take "versions" as one.
@router.get("/{reference}/versions", response={200: list[StandardVersionOut], 404: ErrorOut})
def standard_version_list_for(request: HttpRequest, reference: str) -> list[StandardVersion]:
    """List the versions of one standard, lowest first."""
    try:
        return standard_versions_of(reference=reference)
    except StandardVersion.DoesNotExist:
        raise HttpError(404, f"No standard {reference}.") from None


@router.get("/{reference}/{version}", response={200: StandardVersionDetailOut, 404: ErrorOut})
def standard_version_detail(request: HttpRequest, reference: str, version: str) -> StandardVersion:
    """Return one standard version with its official record, themes, KSBs and duties."""
    return _version_or_404(reference, version)


@router.get("/{reference}/{version}/ksbs", response={200: list[KSBOut], 404: ErrorOut})
def standard_version_ksbs(request: HttpRequest, reference: str, version: str) -> list[KSB]:
    """List the knowledge, skills and behaviours of one standard version, K, S then B."""
    return list(_version_or_404(reference, version).ksbs.all())


@router.get("/{reference}/{version}/duties", response={200: list[DutyOut], 404: ErrorOut})
def standard_version_duties(request: HttpRequest, reference: str, version: str) -> list[Duty]:
    """List the duties of one standard version with the KSBs and options each covers."""
    return list(_version_or_404(reference, version).duties.all())
