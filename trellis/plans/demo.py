"""Demo records for this part of the apprenticeship record, dated relative to today."""

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.rules import add_months
from trellis.apprenticeships.selectors import withdrawal_date
from trellis.caseload.services import caseload_summary_refresh
from trellis.organisations.models import User
from trellis.organisations.roles import Role
from trellis.plans.models import ActivityKind, PlanActivity, PlanSignature, PlanVersion
from trellis.plans.rules import CLOSED_STATUSES
from trellis.plans.selectors import ksbs_for
from trellis.plans.services import (
    ActivityDetails,
    plan_activity_add,
    plan_epao_set,
    plan_sign,
)

# Demo apprentices by number: one new starter has no plan yet; two have a changed plan that
# waits for signatures; one near the end has a plan that does not yet name the EPAO.
NO_PLAN = {2}
NEW_VERSION_WAITING = {1, 13}
EPAO_NOT_ON_PLAN = {14}
LEARNING = Apprenticeship.Status.ON_PROGRAMME


@dataclass(frozen=True)
class DemoActivity:
    title: str
    kind: ActivityKind
    starts_month: int
    months: int
    hours: Decimal
    ksb_codes: tuple[str, ...]


ACTIVITIES = (
    DemoActivity(
        "Induction and initial assessment",
        ActivityKind.TAUGHT_SESSION,
        0,
        1,
        Decimal("7.5"),
        ("K1", "K2", "B1"),
    ),
    DemoActivity(
        "Coaching sessions with the training consultant",
        ActivityKind.COACHING,
        0,
        14,
        Decimal("21"),
        ("S1", "S2", "B2"),
    ),
    DemoActivity(
        "Safeguarding, Prevent and boundaries workshop",
        ActivityKind.WORKSHOP,
        1,
        1,
        Decimal("6"),
        ("K3", "K4", "S3"),
    ),
    DemoActivity(
        "Mentoring models: e-learning modules",
        ActivityKind.E_LEARNING,
        1,
        4,
        Decimal("18.75"),
        ("K5", "K6", "K7"),
    ),
    DemoActivity(
        "Shadowing an experienced learning mentor",
        ActivityKind.SHADOWING,
        3,
        3,
        Decimal("24"),
        ("S4", "S5", "B3"),
    ),
    DemoActivity(
        "Reflective assignment: supporting one learner",
        ActivityKind.ASSIGNMENT,
        6,
        3,
        Decimal("15"),
        ("K8", "S6", "B4"),
    ),
)
ADDED_IN_NEW_VERSION = DemoActivity(
    "Mentoring practice with two new mentees",
    ActivityKind.MENTORING_PRACTICE,
    8,
    6,
    Decimal("45"),
    ("S7", "S8", "B5"),
)


def demo_seed_records(*, apprenticeships: Sequence[Apprenticeship], today: date) -> None:
    """Add demo records to the demo apprenticeships."""
    for apprenticeship in apprenticeships:
        number = _number(apprenticeship)
        if number in NO_PLAN:
            continue
        if apprenticeship.status in CLOSED_STATUSES:
            plan_day = _plan_day(apprenticeship, today)
            with _while_learning(apprenticeship):
                _seed_plan(apprenticeship, number=number, today=plan_day)
        else:
            _seed_plan(apprenticeship, number=number, today=today)


@contextmanager
def _while_learning(apprenticeship: Apprenticeship) -> Iterator[None]:
    """Seed a completed or withdrawn apprentice's plan as it was agreed and kept while they
    were learning: a closed plan takes no change, so the status is put back afterwards."""
    closed = apprenticeship.status
    Apprenticeship.objects.filter(pk=apprenticeship.pk).update(status=LEARNING)
    apprenticeship.status = LEARNING
    try:
        yield
    finally:
        Apprenticeship.objects.filter(pk=apprenticeship.pk).update(status=closed)
        apprenticeship.status = closed
        caseload_summary_refresh(apprenticeship=apprenticeship)


def _plan_day(apprenticeship: Apprenticeship, today: date) -> date:
    """Return the day a closed plan's activities stand as of: a withdrawal's last day of
    learning, since nothing moved on after it."""
    return withdrawal_date(apprenticeship) or today


def _number(apprenticeship: Apprenticeship) -> int:
    match = re.match(r"apprentice(\d+)@", apprenticeship.apprentice.email)
    return int(match.group(1)) if match else 0


def _seed_plan(apprenticeship: Apprenticeship, *, number: int, today: date) -> None:
    consultant = apprenticeship.consultant
    ksbs = {ksb.code: ksb for ksb in ksbs_for(apprenticeship)}
    count = 3 + number % 4
    for activity in ACTIVITIES[:count]:
        plan_activity_add(
            apprenticeship=apprenticeship,
            by=consultant,
            details=_details(activity, apprenticeship, ksbs, today),
        )
    if number in EPAO_NOT_ON_PLAN:
        plan_epao_set(apprenticeship=apprenticeship, by=consultant, epao=None)
    version = apprenticeship.plan_versions.get()
    signed_on = apprenticeship.start_date + timedelta(days=10)
    _backdate_version(version, signed_on - timedelta(days=3))
    _sign_all(version, apprenticeship, signed_on=signed_on)
    if number in NEW_VERSION_WAITING:
        added = plan_activity_add(
            apprenticeship=apprenticeship,
            by=consultant,
            details=_details(ADDED_IN_NEW_VERSION, apprenticeship, ksbs, today),
            change_summary="Added mentoring practice with two new mentees, agreed at the last "
            "progress review, so that the observations for the end-point assessment are ready.",
        )
        _backdate_version(added.plan_version, today - timedelta(days=3))
        signature = plan_sign(version=added.plan_version, by=consultant)
        _backdate(signature, today - timedelta(days=2))


def _sign_all(version, apprenticeship: Apprenticeship, *, signed_on: date) -> None:
    signers = [
        apprenticeship.consultant,
        apprenticeship.apprentice,
        _employer_contact(apprenticeship),
    ]
    for offset, signer in enumerate(signers):
        signature = plan_sign(version=version, by=signer)
        _backdate(signature, signed_on + timedelta(days=offset))


def _backdate(signature: PlanSignature, day: date) -> None:
    # Signing records the moment it happens; the demo dates it as if signed back then.
    moment = timezone.make_aware(datetime.combine(min(day, timezone.localdate()), time(10, 30)))
    PlanSignature.objects.filter(pk=signature.pk).update(signed_at=moment)


def _backdate_version(version: PlanVersion, day: date) -> None:
    moment = timezone.make_aware(datetime.combine(min(day, timezone.localdate()), time(9, 0)))
    PlanVersion.objects.filter(pk=version.pk).update(created_at=moment, updated_at=moment)


def _employer_contact(apprenticeship: Apprenticeship) -> User:
    return (
        User.objects.filter(
            memberships__organisation=apprenticeship.employer,
            memberships__role=Role.EMPLOYER_CONTACT,
        )
        .order_by("pk")
        .first()
    )


def _details(
    activity: DemoActivity, apprenticeship: Apprenticeship, ksbs: dict, today: date
) -> ActivityDetails:
    start = add_months(apprenticeship.start_date, activity.starts_month)
    end = add_months(start, activity.months) - timedelta(days=1)
    last = apprenticeship.planned_end_date
    start, end = min(start, last), min(end, last)
    if end < today:
        status = PlanActivity.Status.COMPLETED
    elif start <= today:
        status = PlanActivity.Status.IN_PROGRESS
    else:
        status = PlanActivity.Status.PLANNED
    return ActivityDetails(
        title=activity.title,
        kind=activity.kind,
        ksbs=[ksbs[code] for code in activity.ksb_codes if code in ksbs] or list(ksbs.values())[:1],
        planned_start=start,
        planned_end=end,
        planned_otj_hours=activity.hours,
        status=status,
    )
