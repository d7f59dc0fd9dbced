"""The training plan: its current version, earlier versions, activities and signatures."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from trellis.api.schemas import ErrorOut
from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.parties import Party
from trellis.plans import access
from trellis.plans.models import ActivityKind, PlanActivity, PlanVersion
from trellis.plans.selectors import (
    current_plan_version,
    ksbs_for,
    plan_version_get,
    signing_state,
)
from trellis.plans.services import (
    ActivityDetails,
    plan_activity_add,
    plan_activity_remove,
    plan_activity_update,
    plan_sign,
)

router = Router(tags=["plans"])
# A plain list of values: the API already has a schema named "Status" for apprenticeships.
ActivityStatus = Literal[tuple(PlanActivity.Status.values)]
PLAN = "/apprenticeships/{apprenticeship_id}/plan"


class PlanActivityOut(Schema):
    id: int
    lineage: UUID = Field(description="The same on every version's copy of this activity.")
    title: str
    kind: ActivityKind
    ksbs: list[str] = Field(description="The codes of the KSBs the activity covers.")
    planned_start: date
    planned_end: date
    planned_otj_hours: Decimal
    status: ActivityStatus

    @staticmethod
    def resolve_ksbs(activity: PlanActivity) -> list[str]:
        return [ksb.code for ksb in activity.ksbs.all()]


class PlanSignatureOut(Schema):
    party: Party
    signed_by: str = Field(validation_alias="signed_by.full_name")
    signed_at: datetime


class PlanVersionOut(Schema):
    number: int
    agreed: bool = Field(description="True once the apprentice, consultant and employer signed.")
    waiting_for: list[Party] = Field(description="The parties who have not signed yet.")
    epao_id: str | None = Field(description="The EPAO named on the plan, by its identifier.")
    epao_name: str | None
    change_summary: str
    created_by: str
    created_at: datetime
    activities: list[PlanActivityOut]
    signatures: list[PlanSignatureOut]


class PlanActivityIn(Schema):
    title: str
    kind: ActivityKind
    ksbs: list[str] = Field(description="KSB codes from the apprentice's standard, e.g. K1.")
    planned_start: date
    planned_end: date
    planned_otj_hours: Decimal = Field(description="In quarter hours, e.g. 7.5.")
    status: ActivityStatus = "planned"
    change_summary: str = Field(
        "", description="Needed when the current version has been signed: what changes and why."
    )


class PlanActivityPatch(Schema):
    title: str | None = None
    kind: ActivityKind | None = None
    ksbs: list[str] | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    planned_otj_hours: Decimal | None = None
    status: ActivityStatus | None = None
    change_summary: str = ""


class PlanActivityChangeOut(Schema):
    version: int = Field(description="The plan version the activity is now on.")
    activity: PlanActivityOut


class PlanSignIn(Schema):
    version: int = Field(description="The version being signed: it must be the current one.")


def _version_out(version: PlanVersion) -> dict:
    state = signing_state(version)
    return {
        "number": version.number,
        "agreed": state.agreed,
        "waiting_for": state.waiting_for,
        "epao_id": version.epao.epao_id if version.epao else None,
        "epao_name": version.epao.name if version.epao else None,
        "change_summary": version.change_summary,
        "created_by": version.created_by.full_name,
        "created_at": version.created_at,
        "activities": list(version.activities.all()),
        "signatures": state.signatures,
    }


def _ksbs(apprenticeship: Apprenticeship, codes: list[str]):
    found = {ksb.code: ksb for ksb in ksbs_for(apprenticeship).filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValidationError(
            {
                "ksbs": f"{', '.join(unknown)}: not a KSB of "
                f"{apprenticeship.standard_version.standard.reference} "
                f"v{apprenticeship.standard_version.version}."
            }
        )
    return [found[code] for code in dict.fromkeys(codes)]


@router.get(PLAN, response={200: PlanVersionOut, 404: ErrorOut})
def plan_detail(request: HttpRequest, apprenticeship_id: int):
    """Return the plan's current version with its activities and signatures."""
    apprenticeship = access.get_apprenticeship_for_plan_reading(request.auth, apprenticeship_id)
    version = current_plan_version(apprenticeship)
    if version is None:
        return Status(404, {"detail": "This apprenticeship has no training plan yet."})
    return _version_out(version)


@router.get(f"{PLAN}/versions", response={200: list[PlanVersionOut], 404: ErrorOut})
def plan_version_list(request: HttpRequest, apprenticeship_id: int):
    """Return every version of the plan, newest first; earlier versions stay readable."""
    apprenticeship = access.get_apprenticeship_for_plan_reading(request.auth, apprenticeship_id)
    numbers = apprenticeship.plan_versions.order_by("-number").values_list("number", flat=True)
    return [_version_out(plan_version_get(apprenticeship, number)) for number in numbers]


@router.post(
    f"{PLAN}/activities",
    response={201: PlanActivityChangeOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def plan_activity_create(request: HttpRequest, apprenticeship_id: int, payload: PlanActivityIn):
    """Add an activity; a signed plan gets a new version, which needs a change_summary."""
    apprenticeship = access.get_apprenticeship_for_plan_change(request.auth, apprenticeship_id)
    activity = plan_activity_add(
        apprenticeship=apprenticeship,
        by=request.auth,
        details=ActivityDetails(
            title=payload.title,
            kind=payload.kind,
            ksbs=_ksbs(apprenticeship, payload.ksbs),
            planned_start=payload.planned_start,
            planned_end=payload.planned_end,
            planned_otj_hours=payload.planned_otj_hours,
            status=payload.status,
        ),
        change_summary=payload.change_summary,
    )
    return Status(201, {"version": activity.plan_version.number, "activity": activity})


@router.patch(
    f"{PLAN}/activities/{{activity_id}}",
    response={200: PlanActivityChangeOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def plan_activity_change(
    request: HttpRequest, apprenticeship_id: int, activity_id: int, payload: PlanActivityPatch
):
    """Change an activity of the current version; fields left out keep their values."""
    activity = access.get_activity_for_plan_change(request.auth, apprenticeship_id, activity_id)
    apprenticeship = activity.plan_version.apprenticeship
    given = payload.dict(exclude_unset=True)
    details = ActivityDetails(
        title=given.get("title", activity.title),
        kind=given.get("kind", activity.kind),
        ksbs=_ksbs(apprenticeship, given["ksbs"]) if "ksbs" in given else list(activity.ksbs.all()),
        planned_start=given.get("planned_start", activity.planned_start),
        planned_end=given.get("planned_end", activity.planned_end),
        planned_otj_hours=given.get("planned_otj_hours", activity.planned_otj_hours),
        status=given.get("status", activity.status),
    )
    changed = plan_activity_update(
        activity=activity, by=request.auth, details=details, change_summary=payload.change_summary
    )
    return {"version": changed.plan_version.number, "activity": changed}


@router.delete(
    f"{PLAN}/activities/{{activity_id}}",
    response={200: PlanVersionOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def plan_activity_delete(
    request: HttpRequest, apprenticeship_id: int, activity_id: int, change_summary: str = ""
):
    """Remove an activity; on a signed plan pass change_summary. Returns the plan as it is now."""
    activity = access.get_activity_for_plan_change(request.auth, apprenticeship_id, activity_id)
    version = plan_activity_remove(
        activity=activity, by=request.auth, change_summary=change_summary
    )
    return _version_out(plan_version_get(activity.plan_version.apprenticeship, version.number))


@router.post(
    f"{PLAN}/sign",
    response={201: PlanSignatureOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def plan_sign_version(request: HttpRequest, apprenticeship_id: int, payload: PlanSignIn):
    """Sign the current version as the apprentice, the consultant or the employer contact."""
    apprenticeship, _ = access.get_apprenticeship_for_plan_signing(request.auth, apprenticeship_id)
    version = plan_version_get(apprenticeship, payload.version)
    return Status(201, plan_sign(version=version, by=request.auth))
