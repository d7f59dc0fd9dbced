"""Demo gateway attempts for the apprentices who have passed gateway, and one apprentice ready
for it.

Megan Hughes (the thirteenth apprentice) meets every requirement and nobody has declared her
ready yet: the other apps' demos leave her every KSB secure, a complete Showcase, her
off-the-job hours confirmed, her reviews up to date and the EPAO named, so the sign-off can be
tried from her. Amelia Chen's gateway waits for the EPAO's decision; Rhys Morgan's first
attempt was returned over his off-the-job hours and his second accepted; everyone in EPA or
completed went through on the first attempt.

These attempts are history: the services only put forward an apprentice on programme today,
and they tell everyone concerned on commit. So the demo writes the rows as the services would
have left them, each dated back to the day it stands for, with the checklist frozen as it
stood when the attempt went to the EPAO and the Showcase snapshot the Showcase demo made.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.booking.models import Booking
from trellis.gateway import readiness, selectors
from trellis.gateway.models import Declaration, GatewayAttempt, ReturnReason
from trellis.gateway.services import statement_for
from trellis.organisations.models import User
from trellis.organisations.roles import Role
from trellis.showcase.models import ShowcaseSnapshot

READY_NUMBER = 13
Status = GatewayAttempt.Status
Party = Declaration.Party

RETURNED_CODE = "otj-hours"
RETURNED_REASON = (
    "Twelve off-the-job entries from June and July are confirmed by the apprentice alone, "
    "with no sign the employer agreed them. Ask the employer to confirm them, or take them out "
    "of the total, and resubmit with the confirmed hours."
)
ACCEPTED_NOTE = "Everything we need is here. We will be in touch about dates."


@dataclass(frozen=True)
class Decided:
    """One attempt: the day it went to the EPAO, and the day the EPAO decided (None while it
    waits), counted back from today or, for those long finished, from the planned end."""

    submitted: int
    decided: int | None
    returned: bool = False


# By demo number: days before today for those still at gateway or in EPA; for the completed,
# days before the planned end date.
ATTEMPTS_BEFORE_TODAY = {
    19: (Decided(submitted=4, decided=None),),
    20: (
        Decided(submitted=40, decided=35, returned=True),
        Decided(submitted=20, decided=16),
    ),
    21: (Decided(submitted=50, decided=45),),
    22: (Decided(submitted=45, decided=41),),
}
ATTEMPTS_BEFORE_PLANNED_END = {
    number: (Decided(submitted=21, decided=16),) for number in range(23, 27)
}


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _member(organisation_id: int, role: Role) -> User:
    return (
        User.objects.filter(memberships__organisation_id=organisation_id, memberships__role=role)
        .order_by("email")
        .first()
    )


def _frozen_checklist(apprenticeship: Apprenticeship, day: date) -> list[dict]:
    """Return the checklist as it stood on the day of submission: every requirement met, as
    the EPAO accepted it."""
    facts = selectors.readiness_facts(apprenticeship, today=day)
    facts = replace(
        facts,
        subjects=[
            replace(subject, outstanding=False, reason=f"{subject.name}: achieved at level 2.")
            for subject in facts.subjects
        ],
        next_review_due=None,
    )
    checks = readiness.checklist(selectors.requirement_specs(apprenticeship), facts, {})
    rows = [
        {
            "code": check.code,
            "title": check.title,
            "met": True,
            "detail": check.detail,
            "source": check.source,
            "confirmed": check.confirmed,
            "override_reason": "",
        }
        for check in checks
    ]
    rows.append(
        {
            "code": readiness.SIGN_OFF_CODE,
            "title": "Employer, training provider and apprentice agree the apprentice is "
            "competent and ready",
            "met": True,
            "detail": "All three have declared the apprentice competent and ready.",
            "source": "",
            "confirmed": True,
            "override_reason": "",
        }
    )
    return rows


def _attempt(
    apprenticeship: Apprenticeship,
    number: int,
    decided: Decided,
    *,
    today: date,
    snapshot: ShowcaseSnapshot | None,
) -> GatewayAttempt:
    submitted_on = today - timedelta(days=decided.submitted)
    employer_contact = _member(apprenticeship.employer_id, Role.EMPLOYER_CONTACT)
    epao_admin = _member(apprenticeship.epao_id, Role.EPAO_ADMIN)
    if decided.decided is None:
        status = Status.SUBMITTED
    else:
        status = Status.RETURNED if decided.returned else Status.ACCEPTED
    attempt = GatewayAttempt.objects.create(
        apprenticeship=apprenticeship,
        number=number,
        status=status,
        started_at=_at(submitted_on - timedelta(days=3), 10),
        epao_id=apprenticeship.epao_id,
        submitted_at=_at(submitted_on, 15),
        submitted_by=apprenticeship.consultant,
        checklist=_frozen_checklist(apprenticeship, submitted_on),
        showcase_snapshot=snapshot,
    )
    for days_before, party, person in (
        (3, Party.CONSULTANT, apprenticeship.consultant),
        (2, Party.APPRENTICE, apprenticeship.apprentice),
        (1, Party.EMPLOYER, employer_contact),
    ):
        Declaration.objects.create(
            attempt=attempt,
            party=party,
            statement=statement_for(party, apprenticeship),
            declared_by=person,
            declared_at=_at(submitted_on - timedelta(days=days_before), 11),
        )
    if decided.decided is not None:
        decided_at = _at(today - timedelta(days=decided.decided), 14)
        GatewayAttempt.objects.filter(pk=attempt.pk).update(
            decided_at=decided_at,
            decided_by=epao_admin,
            decision_note="" if decided.returned else ACCEPTED_NOTE,
        )
        if decided.returned:
            title = next(row["title"] for row in attempt.checklist if row["code"] == RETURNED_CODE)
            ReturnReason.objects.create(
                attempt=attempt,
                requirement_code=RETURNED_CODE,
                requirement_title=title,
                reason=RETURNED_REASON,
            )
        else:
            Booking.objects.create(
                apprenticeship=apprenticeship,
                attempt=attempt,
                epao_id=apprenticeship.epao_id,
                created_at=decided_at,
            )
    return attempt


def _history(apprenticeship: Apprenticeship, attempts: Sequence[Decided], today: date) -> None:
    snapshot = (
        ShowcaseSnapshot.objects.filter(showcase__apprenticeship=apprenticeship)
        .order_by("-number")
        .first()
    )
    for number, decided in enumerate(attempts, start=1):
        attempt = _attempt(apprenticeship, number, decided, today=today, snapshot=snapshot)
    if snapshot is not None:
        ShowcaseSnapshot.objects.filter(pk=snapshot.pk).update(submitted_at=attempt.submitted_at)
    Apprenticeship.objects.filter(pk=apprenticeship.pk).update(
        gateway_date=timezone.localdate(attempt.submitted_at)
    )


def _attempts(number: int, apprenticeship: Apprenticeship, today: date) -> list[Decided]:
    """Return the demo apprentice's gateway attempts counted back from today; none for those
    not past gateway."""
    if apprenticeship.epao_id is None:
        return []
    if number in ATTEMPTS_BEFORE_TODAY:
        return list(ATTEMPTS_BEFORE_TODAY[number])
    if number in ATTEMPTS_BEFORE_PLANNED_END:
        days_since_end = (today - apprenticeship.planned_end_date).days
        return [
            Decided(
                submitted=days_since_end + decided.submitted,
                decided=days_since_end + decided.decided,
            )
            for decided in ATTEMPTS_BEFORE_PLANNED_END[number]
        ]
    return []


def first_submission_day(number: int, apprenticeship: Apprenticeship, today: date) -> date | None:
    """Return the day the demo apprentice first went to the EPAO, or None if they have not,
    so that the other demos can end what came before gateway there."""
    attempts = _attempts(number, apprenticeship, today)
    return today - timedelta(days=attempts[0].submitted) if attempts else None


def demo_seed_records(*, apprenticeships: Sequence[Apprenticeship], today: date) -> None:
    """Record the gateway attempts of everyone past gateway."""
    for number, apprenticeship in enumerate(apprenticeships, start=1):
        attempts = _attempts(number, apprenticeship, today)
        if attempts:
            _history(apprenticeship, attempts, today)
