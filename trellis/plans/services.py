"""Writes for training plans: every change to a plan goes through these functions."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.parties import party_of
from trellis.caseload.services import caseload_summary_refresh
from trellis.organisations.models import Organisation, User
from trellis.plans.access import can_change_plan
from trellis.plans.models import ActivityKind, PlanActivity, PlanSignature, PlanVersion
from trellis.plans.rules import CLOSED_STATUSES, activity_dates_problems, is_whole_quarter_hours
from trellis.standards.models import KSB

MAX_PLANNED_HOURS = Decimal("2000")


@dataclass(frozen=True)
class ActivityDetails:
    """What the plan's author sets on a learning activity."""

    title: str
    kind: str
    ksbs: Sequence[KSB]
    planned_start: date
    planned_end: date
    planned_otj_hours: Decimal
    status: str = PlanActivity.Status.PLANNED


def _require_author(*, apprenticeship: Apprenticeship, by: User) -> None:
    if not can_change_plan(by, apprenticeship):
        raise PermissionDenied(
            "Only the apprentice's training consultant and the provider's admins can change "
            "the training plan."
        )
    if apprenticeship.status in CLOSED_STATUSES:
        raise ValidationError(
            f"The apprenticeship is {apprenticeship.get_status_display().lower()}, so its "
            "training plan can no longer change."
        )


def _current(apprenticeship: Apprenticeship) -> PlanVersion | None:
    return (
        PlanVersion.objects.select_for_update()
        .filter(apprenticeship=apprenticeship)
        .order_by("-number")
        .first()
    )


def _version_for_change(
    *, apprenticeship: Apprenticeship, by: User, change_summary: str
) -> PlanVersion:
    """Return the version a change goes into: the current one while unsigned, else a new one."""
    current = _current(apprenticeship)
    if current is None:
        version = PlanVersion(
            apprenticeship=apprenticeship, number=1, epao=apprenticeship.epao, created_by=by
        )
        version.full_clean()
        version.save()
        return version
    if not current.signatures.exists():
        return current
    summary = change_summary.strip()
    if not summary:
        raise ValidationError(
            {
                "change_summary": f"Say what changes and why: version {current.number} has "
                f"been signed, so this change makes version {current.number + 1}, which all "
                "three parties sign again."
            }
        )
    version = PlanVersion(
        apprenticeship=apprenticeship,
        number=current.number + 1,
        epao=current.epao,
        change_summary=summary,
        created_by=by,
    )
    version.full_clean()
    version.save()
    for activity in current.activities.all():
        ksb_ids = list(activity.ksbs.values_list("pk", flat=True))
        activity.pk = None
        activity.plan_version = version
        activity.save()
        activity.ksbs.add(*ksb_ids)
    return version


def _activity_problems(*, apprenticeship: Apprenticeship, details: ActivityDetails) -> dict:
    problems: dict[str, str] = {}
    if not details.title.strip():
        problems["title"] = "Enter the activity's title."
    if details.kind not in ActivityKind.values:
        problems["kind"] = "Choose the kind of activity."
    if details.status not in PlanActivity.Status.values:
        problems["status"] = "Choose the activity's status."
    if not details.ksbs:
        problems["ksbs"] = "Choose at least one KSB that the activity covers."
    elif any(ksb.standard_version_id != apprenticeship.standard_version_id for ksb in details.ksbs):
        problems["ksbs"] = "Choose KSBs from the apprentice's standard only."
    hours = details.planned_otj_hours
    if hours < 0:
        problems["planned_otj_hours"] = "Planned off-the-job hours cannot be negative."
    elif hours > MAX_PLANNED_HOURS:
        problems["planned_otj_hours"] = f"Enter at most {MAX_PLANNED_HOURS} hours."
    elif not is_whole_quarter_hours(hours):
        problems["planned_otj_hours"] = (
            "Enter hours in quarter hours, for example 1.25 for 1 hour 15 minutes."
        )
    problems.update(
        activity_dates_problems(
            planned_start=details.planned_start,
            planned_end=details.planned_end,
            programme_start=apprenticeship.start_date,
            programme_end=apprenticeship.planned_end_date,
        )
    )
    return problems


def _apply(activity: PlanActivity, details: ActivityDetails) -> None:
    activity.title = details.title.strip()
    activity.kind = details.kind
    activity.planned_start = details.planned_start
    activity.planned_end = details.planned_end
    activity.planned_otj_hours = details.planned_otj_hours
    activity.status = details.status
    activity.full_clean()
    activity.save()
    activity.ksbs.set(details.ksbs)


def _in_version(activity: PlanActivity, version: PlanVersion) -> PlanActivity:
    """Return the copy of the activity in this version (itself if it is already there)."""
    if activity.plan_version_id == version.pk:
        return activity
    return PlanActivity.objects.get(plan_version=version, lineage=activity.lineage)


def _require_current(activity: PlanActivity) -> None:
    newest = (
        PlanVersion.objects.filter(apprenticeship_id=activity.plan_version.apprenticeship_id)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    if activity.plan_version.number != newest:
        raise ValidationError(
            f"This activity is on version {activity.plan_version.number}, which is no longer "
            f"current: change it on version {newest}."
        )


@transaction.atomic
def plan_activity_add(
    *, apprenticeship: Apprenticeship, by: User, details: ActivityDetails, change_summary: str = ""
) -> PlanActivity:
    """Add a learning activity to the plan, starting the plan or a new version as needed."""
    _require_author(apprenticeship=apprenticeship, by=by)
    problems = _activity_problems(apprenticeship=apprenticeship, details=details)
    if problems:
        raise ValidationError(problems)
    version = _version_for_change(
        apprenticeship=apprenticeship, by=by, change_summary=change_summary
    )
    activity = PlanActivity(plan_version=version, lineage=uuid.uuid4())
    _apply(activity, details)
    version.save(update_fields=["updated_at"])
    caseload_summary_refresh(apprenticeship=apprenticeship)
    return activity


@transaction.atomic
def plan_activity_update(
    *, activity: PlanActivity, by: User, details: ActivityDetails, change_summary: str = ""
) -> PlanActivity:
    """Change an activity of the current version, in a new version if that one is signed."""
    apprenticeship = activity.plan_version.apprenticeship
    _require_author(apprenticeship=apprenticeship, by=by)
    _require_current(activity)
    problems = _activity_problems(apprenticeship=apprenticeship, details=details)
    if problems:
        raise ValidationError(problems)
    version = _version_for_change(
        apprenticeship=apprenticeship, by=by, change_summary=change_summary
    )
    target = _in_version(activity, version)
    _apply(target, details)
    version.save(update_fields=["updated_at"])
    caseload_summary_refresh(apprenticeship=apprenticeship)
    return target


@transaction.atomic
def plan_activity_remove(
    *, activity: PlanActivity, by: User, change_summary: str = ""
) -> PlanVersion:
    """Take an activity off the current version, in a new version if that one is signed."""
    apprenticeship = activity.plan_version.apprenticeship
    _require_author(apprenticeship=apprenticeship, by=by)
    _require_current(activity)
    if activity.otj_entries.exists():
        raise ValidationError(
            "Off-the-job hours are logged against this activity, so it stays on the plan: "
            "set its status to Cancelled instead."
        )
    version = _version_for_change(
        apprenticeship=apprenticeship, by=by, change_summary=change_summary
    )
    _in_version(activity, version).delete()
    version.save(update_fields=["updated_at"])
    caseload_summary_refresh(apprenticeship=apprenticeship)
    return version


@transaction.atomic
def plan_epao_set(
    *,
    apprenticeship: Apprenticeship,
    by: User,
    epao: Organisation | None,
    change_summary: str = "",
) -> PlanVersion:
    """Name the end-point assessment organisation on the plan (None: not yet chosen)."""
    _require_author(apprenticeship=apprenticeship, by=by)
    if epao is not None and epao.kind != Organisation.Kind.EPAO:
        raise ValidationError({"epao": f"{epao} is not an end-point assessment organisation."})
    current = _current(apprenticeship)
    if current is not None and current.epao_id == (epao.pk if epao else None):
        return current
    version = _version_for_change(
        apprenticeship=apprenticeship, by=by, change_summary=change_summary
    )
    version.epao = epao
    version.full_clean()
    version.save(update_fields=["epao", "updated_at"])
    # The plan is where the EPAO is agreed; the apprenticeship follows it, since that decides
    # which EPAO's staff may see the record once it reaches gateway.
    Apprenticeship.objects.filter(pk=apprenticeship.pk).update(
        epao=epao, revision=F("revision") + 1
    )
    apprenticeship.refresh_from_db(fields=["epao", "revision"])
    caseload_summary_refresh(apprenticeship=apprenticeship)
    return version


@transaction.atomic
def plan_sign(*, version: PlanVersion, by: User) -> PlanSignature:
    """Sign this version of the plan as the party this person plays in the apprenticeship."""
    apprenticeship = version.apprenticeship
    party = party_of(by, apprenticeship)
    if party is None:
        raise PermissionDenied(
            "Only the apprentice, their training consultant and their employer contact sign "
            "the training plan."
        )
    if apprenticeship.status in CLOSED_STATUSES:
        raise ValidationError(
            f"The apprenticeship is {apprenticeship.get_status_display().lower()}, so its "
            "training plan can no longer be signed."
        )
    current = _current(apprenticeship)
    if current is None or current.pk != version.pk:
        raise ValidationError(
            f"Version {version.number} is no longer the current plan: read version "
            f"{current.number if current else version.number} and sign that instead."
        )
    if not current.activities.exists():
        raise ValidationError(
            "The plan has no learning activities yet, so there is nothing to agree: the "
            "training consultant adds them first."
        )
    existing = current.signatures.filter(party=party).select_related("signed_by").first()
    if existing is not None:
        raise ValidationError(
            f"Version {current.number} has already been signed for the "
            f"{party.label.lower()} by {existing.signed_by.full_name}."
        )
    signature = PlanSignature(
        plan_version=current, party=party, signed_by=by, signed_at=timezone.now()
    )
    signature.full_clean()
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError:
        raise ValidationError(
            f"Version {current.number} has already been signed for the {party.label.lower()}."
        ) from None
    caseload_summary_refresh(apprenticeship=apprenticeship)
    return signature
