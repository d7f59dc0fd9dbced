"""Gateway: declarations, overrides, submission to the EPAO and its decision.

Every change runs in one transaction under a lock on the apprenticeship, re-reads the records
and re-checks the rules, so two people acting at once cannot both get through.
"""

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.booking.models import Booking
from trellis.caseload.services import caseload_summary_refresh
from trellis.gateway import access, readiness, selectors
from trellis.gateway.models import Declaration, GatewayAttempt, Override, ReturnReason
from trellis.gateway.notifications import Message, Recipient, epao_admins, parties, send
from trellis.organisations.models import User
from trellis.showcase.services import showcase_freeze_for_gateway
from trellis.wording import day_label

# The words each party declares, kept with the declaration as they read when declared.
STATEMENTS = {
    Declaration.Party.CONSULTANT: (
        "As {name}'s training consultant, I declare that they are competent in the knowledge, "
        "skills and behaviours of {standard} and ready for end-point assessment."
    ),
    Declaration.Party.APPRENTICE: (
        "I declare that I am competent in the knowledge, skills and behaviours of {standard} "
        "and ready for end-point assessment."
    ),
    Declaration.Party.EMPLOYER: (
        "On behalf of {employer}, I declare that {name} is competent in their role, in the "
        "knowledge, skills and behaviours of {standard}, and ready for end-point assessment."
    ),
}
MAX_REASON_LENGTH = 2000


def statement_for(party: str, apprenticeship: Apprenticeship) -> str:
    version = apprenticeship.standard_version
    return STATEMENTS[Declaration.Party(party)].format(
        name=apprenticeship.apprentice.full_name,
        standard=f"{version.standard.title} ({version.standard.reference})",
        employer=apprenticeship.employer.name,
    )


def _locked(apprenticeship: Apprenticeship) -> Apprenticeship:
    return (
        Apprenticeship.objects.select_for_update(of=("self",))
        .select_related(
            "apprentice", "employer", "provider", "epao", "consultant", "standard_version__standard"
        )
        .get(pk=apprenticeship.pk)
    )


def _require_on_programme(apprenticeship: Apprenticeship) -> None:
    if apprenticeship.status != Apprenticeship.Status.ON_PROGRAMME:
        raise ValidationError(
            f"The apprentice is {apprenticeship.get_status_display().lower()}: only an "
            "apprentice on programme goes through gateway."
        )


def _attempt_to_sign(apprenticeship: Apprenticeship, now) -> GatewayAttempt:
    """Return the attempt being signed off, starting the next one if none is."""
    attempt = (
        GatewayAttempt.objects.select_for_update()
        .filter(apprenticeship=apprenticeship, status=GatewayAttempt.Status.PREPARING)
        .first()
    )
    if attempt is not None:
        return attempt
    last = GatewayAttempt.objects.filter(apprenticeship=apprenticeship).aggregate(n=Max("number"))
    return GatewayAttempt.objects.create(
        apprenticeship=apprenticeship, number=(last["n"] or 0) + 1, started_at=now
    )


def _today() -> date:
    return timezone.localdate()


def gateway_declare(*, apprenticeship: Apprenticeship, declared_by: User) -> Declaration:
    """Record this person's declaration that the apprentice is competent and ready, in its
    turn (consultant, apprentice, employer) and only once every requirement is met."""
    with transaction.atomic():
        apprenticeship = _locked(apprenticeship)
        party = access.declaring_party(declared_by, apprenticeship)
        _require_on_programme(apprenticeship)
        state = selectors.readiness_for(apprenticeship, today=_today())
        problem = readiness.refuse_declaration(party, state.declared, state.checks)
        if problem:
            raise ValidationError(problem)
        now = timezone.now()
        attempt = _attempt_to_sign(apprenticeship, now)
        declaration = Declaration.objects.create(
            attempt=attempt,
            party=party,
            statement=statement_for(party, apprenticeship),
            declared_by=declared_by,
            declared_at=now,
        )
        GatewayAttempt.objects.filter(pk=attempt.pk).update(revision=F("revision") + 1)
    return declaration


def gateway_override(
    *, apprenticeship: Apprenticeship, requirement_code: str, reason: str, overridden_by: User
) -> Override:
    """Record a provider admin's override of one unmet requirement, with the reason the EPAO
    will read."""
    access.require_can_override(overridden_by, apprenticeship)
    reason = reason.strip()
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError({"reason": f"Keep the reason within {MAX_REASON_LENGTH} characters."})
    with transaction.atomic():
        apprenticeship = _locked(apprenticeship)
        _require_on_programme(apprenticeship)
        state = selectors.readiness_for(apprenticeship, today=_today())
        if state.declared:
            raise ValidationError(
                "The sign-off has begun: an override must come before the first declaration, "
                "so that everyone declares knowing it."
            )
        problem = readiness.refuse_override(requirement_code, state.checks)
        if problem:
            raise ValidationError({"requirement": problem})
        title = next(check.title for check in state.checks if check.code == requirement_code)
        problem = readiness.refuse_override_reason(title, reason)
        if problem:
            raise ValidationError({"reason": problem})
        now = timezone.now()
        attempt = _attempt_to_sign(apprenticeship, now)
        override = Override.objects.create(
            attempt=attempt,
            requirement_code=requirement_code,
            requirement_title=title,
            reason=reason,
            overridden_by=overridden_by,
            overridden_at=now,
        )
        GatewayAttempt.objects.filter(pk=attempt.pk).update(revision=F("revision") + 1)
    return override


def _frozen_checklist(state: selectors.Readiness) -> list[dict]:
    return [
        {
            "code": check.code,
            "title": check.title,
            "met": check.met,
            "detail": check.detail,
            "source": check.source,
            "confirmed": check.confirmed,
            "override_reason": check.override_reason,
        }
        for check in [*state.checks, state.sign_off]
    ]


def gateway_submit(*, apprenticeship: Apprenticeship, submitted_by: User) -> GatewayAttempt:
    """Send the signed-off gateway to the EPAO: freeze the checklist and the Showcase, stop
    off-the-job hours and progress reviews, and tell everyone concerned."""
    access.require_can_submit(submitted_by, apprenticeship)
    with transaction.atomic():
        apprenticeship = _locked(apprenticeship)
        _require_on_programme(apprenticeship)
        today = _today()
        state = selectors.readiness_for(apprenticeship, today=today)
        if state.attempt is None or state.attempt.status != GatewayAttempt.Status.PREPARING:
            raise ValidationError("Nobody has declared the apprentice ready yet.")
        if state.unmet:
            raise ValidationError(
                "Since the sign-off, these requirements are no longer met: "
                f"{', '.join(check.title for check in state.unmet)}. Put them right, or ask a "
                "provider admin to override them, then sign off again."
            )
        if state.next_to_declare is not None:
            raise ValidationError(
                f"The sign-off is not finished: {readiness.SIGN_OFF_LABELS[state.next_to_declare]}"
                " still has to declare the apprentice ready."
            )
        if apprenticeship.epao_id is None:
            raise ValidationError("Name the end-point assessment organisation in the plan first.")
        now = timezone.now()
        snapshot = showcase_freeze_for_gateway(
            apprenticeship=apprenticeship, submitted_by=submitted_by
        )
        attempt = GatewayAttempt.objects.select_for_update().get(pk=state.attempt.pk)
        attempt.status = GatewayAttempt.Status.SUBMITTED
        attempt.epao_id = apprenticeship.epao_id
        attempt.submitted_at = now
        attempt.submitted_by = submitted_by
        attempt.checklist = _frozen_checklist(state)
        attempt.showcase_snapshot = snapshot
        attempt.revision += 1
        attempt.save()
        apprenticeship.status = Apprenticeship.Status.GATEWAY
        apprenticeship.gateway_date = today
        apprenticeship.revision += 1
        apprenticeship.save(update_fields=["status", "gateway_date", "revision", "updated_at"])
        caseload_summary_refresh(apprenticeship=apprenticeship)
        transaction.on_commit(lambda: _tell_submitted(attempt.pk))
    return attempt


def _require_submitted(attempt: GatewayAttempt, revision: int | None) -> None:
    if revision is not None and revision != attempt.revision:
        raise ValidationError(
            "Someone else has changed this gateway since you opened it: reload the page to see "
            "what changed."
        )
    if attempt.status != GatewayAttempt.Status.SUBMITTED:
        status = attempt.get_status_display()
        raise ValidationError(
            f"This gateway is {status[0].lower()}{status[1:]} already; only a submitted one is "
            "accepted or returned."
        )


def gateway_accept(
    *, attempt: GatewayAttempt, decided_by: User, note: str = "", revision: int | None = None
) -> GatewayAttempt:
    """Accept the gateway: the apprentice goes forward to booking."""
    access.require_can_decide(decided_by, attempt)
    with transaction.atomic():
        attempt = GatewayAttempt.objects.select_for_update().get(pk=attempt.pk)
        _require_submitted(attempt, revision)
        now = timezone.now()
        attempt.status = GatewayAttempt.Status.ACCEPTED
        attempt.decided_at = now
        attempt.decided_by = decided_by
        attempt.decision_note = note.strip()
        attempt.revision += 1
        attempt.save()
        Booking.objects.create(
            apprenticeship_id=attempt.apprenticeship_id,
            attempt=attempt,
            epao_id=attempt.epao_id,
            created_at=now,
        )
        transaction.on_commit(lambda: _tell_decided(attempt.pk))
    return attempt


def gateway_return(
    *,
    attempt: GatewayAttempt,
    decided_by: User,
    reasons: Mapping[str, str],
    revision: int | None = None,
) -> GatewayAttempt:
    """Return the gateway with a reason for each requirement the EPAO questions: the
    apprentice goes back on programme, the Showcase opens again, and the attempt is kept."""
    access.require_can_decide(decided_by, attempt)
    titles = {row["code"]: row["title"] for row in attempt.checklist}
    titles[ReturnReason.GENERAL] = "The submission as a whole"
    given = {code: text.strip() for code, text in reasons.items() if text and text.strip()}
    unknown = sorted(set(given) - set(titles))
    if unknown:
        raise ValidationError(
            {"reasons": f"No such requirement on this checklist: {', '.join(unknown)}."}
        )
    if not given:
        raise ValidationError(
            {
                "reasons": "Give the reason for at least one requirement, so that the provider "
                "knows what to put right."
            }
        )
    too_long = [titles[code] for code, text in given.items() if len(text) > MAX_REASON_LENGTH]
    if too_long:
        raise ValidationError(
            {
                "reasons": f"Keep each reason within {MAX_REASON_LENGTH} characters: "
                f"{', '.join(too_long)}."
            }
        )
    with transaction.atomic():
        attempt = GatewayAttempt.objects.select_for_update().get(pk=attempt.pk)
        _require_submitted(attempt, revision)
        apprenticeship = _locked(attempt.apprenticeship)
        attempt.status = GatewayAttempt.Status.RETURNED
        attempt.decided_at = timezone.now()
        attempt.decided_by = decided_by
        attempt.revision += 1
        attempt.save()
        ReturnReason.objects.bulk_create(
            ReturnReason(
                attempt=attempt,
                requirement_code=code,
                requirement_title=titles[code],
                reason=given[code],
            )
            for code in titles
            if code in given
        )
        apprenticeship.status = Apprenticeship.Status.ON_PROGRAMME
        apprenticeship.gateway_date = None
        apprenticeship.revision += 1
        apprenticeship.save(update_fields=["status", "gateway_date", "revision", "updated_at"])
        caseload_summary_refresh(apprenticeship=apprenticeship)
        transaction.on_commit(lambda: _tell_decided(attempt.pk))
    return attempt


# --- Telling people ---------------------------------------------------------------------------


def _attempt(pk: int) -> GatewayAttempt:
    return GatewayAttempt.objects.select_related(
        "apprenticeship__apprentice",
        "apprenticeship__employer",
        "apprenticeship__consultant",
        "epao",
        "decided_by",
    ).get(pk=pk)


def _tell_submitted(attempt_pk: int) -> None:
    attempt = _attempt(attempt_pk)
    name = attempt.apprenticeship.apprentice.full_name
    on = day_label(timezone.localdate(attempt.submitted_at))
    send(
        parties(attempt.apprenticeship),
        Message(
            subject=f"Gateway submitted: {name}",
            body=(
                f"{name}'s gateway went to {attempt.epao.name} on {on}. Off-the-job hours and "
                "progress reviews stop now, and the Showcase is frozen as submitted. The "
                "EPAO will accept it or say what to put right."
            ),
        ),
    )
    queue = reverse("gateway:epao_attempt", args=[attempt.pk])
    send(
        [Recipient(user, queue) for user in epao_admins(attempt.epao_id)],
        Message(
            subject=f"New gateway to review: {name}",
            body=f"{attempt.apprenticeship.provider.name} submitted {name}'s gateway on {on}.",
        ),
    )


def _tell_decided(attempt_pk: int) -> None:
    attempt = _attempt(attempt_pk)
    name = attempt.apprenticeship.apprentice.full_name
    if attempt.status == GatewayAttempt.Status.ACCEPTED:
        message = Message(
            subject=f"Gateway accepted: {name}",
            body=(
                f"{attempt.epao.name} accepted {name}'s gateway. Next, the employer offers a "
                "range of dates for the end-point assessment."
            ),
        )
    else:
        reasons = "\n".join(
            f"- {reason.requirement_title}: {reason.reason}"
            for reason in attempt.return_reasons.all()
        )
        message = Message(
            subject=f"Gateway returned: {name}",
            body=(
                f"{attempt.epao.name} returned {name}'s gateway, saying:\n{reasons}\n\n"
                "The apprentice is back on programme: put these right, then sign off and "
                "submit again."
            ),
        )
    send(parties(attempt.apprenticeship), message)
