"""Writes for internal quality assurance: draw a sample, agree or refer a decision back,
and the consultant's response to a referral."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from trellis.iqa import access, rules
from trellis.iqa.models import IqaSample
from trellis.organisations.models import Organisation, User
from trellis.organisations.roles import Role
from trellis.portfolio.models import Decision
from trellis.wording import day_label

DEFAULT_PERIOD_DAYS = 90


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def describe(self) -> str:
        return f"between {day_label(self.start)} and {day_label(self.end)}"


def default_period(today: date | None = None) -> Period:
    today = today or timezone.localdate()
    return Period(start=today - timedelta(days=DEFAULT_PERIOD_DAYS), end=today)


def provider_consultants(provider: Organisation):
    """Return the provider's consultants, by name."""
    return User.objects.filter(
        memberships__organisation=provider, memberships__role=Role.CONSULTANT
    ).order_by("full_name", "pk")


def provider_decisions(provider: Organisation, period: Period):
    """Return the decisions on the provider's apprenticeships made in the period."""
    return Decision.objects.filter(
        item__apprenticeship__provider=provider,
        decided_at__date__gte=period.start,
        decided_at__date__lte=period.end,
    )


def _candidates(provider: Organisation, period: Period) -> list[rules.Candidate]:
    decisions = provider_decisions(provider, period).prefetch_related("judgements__ksb")
    sampled = set(
        IqaSample.objects.filter(decision__in=decisions).values_list("decision_id", flat=True)
    )
    return [
        rules.Candidate(
            decision_id=decision.pk,
            consultant_id=decision.decided_by_id,
            ksb_codes=tuple(judgement.ksb.code for judgement in decision.judgements.all()),
            decided_at=decision.decided_at,
            sampled=decision.pk in sampled,
        )
        for decision in decisions
    ]


def iqa_draw(
    *,
    provider: Organisation,
    drawn_by: User,
    basis: str,
    consultant: User | None = None,
    ksb_code: str = "",
    rate: int | None = None,
    number: int | None = None,
    period: Period | None = None,
    rng: random.Random | None = None,
) -> list[IqaSample]:
    """Draw decisions of the provider's consultants for review, by consultant, by KSB or at
    random, at a rate in percent or a number; decisions already sampled are left out."""
    access.require_can_draw(drawn_by, provider)
    period = period or default_period()
    errors: dict[str, str] = {}
    if period.start > period.end:
        errors["period_start"] = "The period must start on or before the day it ends."
    if (
        basis == IqaSample.Basis.CONSULTANT
        and consultant is not None
        and not provider_consultants(provider).filter(pk=consultant.pk).exists()
    ):
        errors["consultant"] = f"Choose a consultant of {provider.name}."
    described = period.describe()
    if basis == IqaSample.Basis.CONSULTANT and consultant is not None:
        described = f"by {consultant.full_name} {described}"
    request = rules.DrawRequest(
        basis=basis,
        consultant_id=consultant.pk if consultant is not None else None,
        ksb_code=ksb_code,
        rate=rate,
        number=number,
        described_as=described,
    )
    errors = {**rules.refuse_request(request), **errors}
    if errors:
        raise ValidationError(errors)
    outcome = rules.draw(_candidates(provider, period), request, rng or random.Random())
    if outcome.errors:
        raise ValidationError(outcome.errors)
    consultants = dict(
        Decision.objects.filter(pk__in=outcome.decision_ids).values_list("pk", "decided_by_id")
    )
    now = timezone.now()
    try:
        with transaction.atomic():
            return IqaSample.objects.bulk_create(
                IqaSample(
                    decision_id=decision_id,
                    provider=provider,
                    consultant_id=consultants[decision_id],
                    basis=basis,
                    sampled_by=drawn_by,
                    sampled_at=now,
                )
                for decision_id in outcome.decision_ids
            )
    except IntegrityError:
        raise ValidationError(
            {"basis": "Someone drew some of these decisions at the same moment. Draw again."}
        ) from None


def _locked(sample: IqaSample) -> IqaSample:
    # Lock the sample row only: the person who reviewed it may be absent (an outer join).
    return (
        IqaSample.objects.select_for_update(of=("self",))
        .select_related("reviewed_by")
        .get(pk=sample.pk)
    )


def _require_pending(sample: IqaSample) -> None:
    if sample.outcome != IqaSample.Outcome.PENDING:
        verdict = sample.get_outcome_display().lower()
        on = day_label(timezone.localdate(sample.reviewed_at))
        raise ValidationError(
            {
                "outcome": f"This decision was already {verdict} by "
                f"{sample.reviewed_by.full_name} on {on}; a verdict is given once and cannot "
                "be changed."
            }
        )


def iqa_agree(*, sample: IqaSample, reviewed_by: User) -> IqaSample:
    """Agree with the sampled decision."""
    access.require_can_review(reviewed_by, sample)
    with transaction.atomic():
        sample = _locked(sample)
        _require_pending(sample)
        sample.outcome = IqaSample.Outcome.AGREED
        sample.reviewed_by = reviewed_by
        sample.reviewed_at = timezone.now()
        sample.save(update_fields=["outcome", "reviewed_by", "reviewed_at"])
    return sample


def iqa_refer(*, sample: IqaSample, reviewed_by: User, reason: str) -> IqaSample:
    """Refer the sampled decision back to the consultant who made it, saying why."""
    access.require_can_review(reviewed_by, sample)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": "Say why the decision is referred back, so the consultant can act on it."}
        )
    with transaction.atomic():
        sample = _locked(sample)
        _require_pending(sample)
        sample.outcome = IqaSample.Outcome.REFERRED
        sample.reason = reason
        sample.reviewed_by = reviewed_by
        sample.reviewed_at = timezone.now()
        sample.save(update_fields=["outcome", "reason", "reviewed_by", "reviewed_at"])
    return sample


def corrects_chain(decision: Decision, sampled: Decision) -> bool:
    """Tell whether the decision corrects the sampled one, directly or through corrections
    made in between."""
    seen = set()
    current = decision
    while current.corrects_id is not None and current.pk not in seen:
        if current.corrects_id == sampled.pk:
            return True
        seen.add(current.pk)
        current = Decision.objects.only("pk", "corrects_id").get(pk=current.corrects_id)
    return False


def correcting_decisions(sample: IqaSample, user: User) -> list[Decision]:
    """Return the decisions this person made that correct the sampled decision."""
    made = Decision.objects.filter(
        item_id=sample.decision.item_id, decided_by=user, corrects__isnull=False
    ).order_by("decided_at", "pk")
    return [decision for decision in made if corrects_chain(decision, sample.decision)]


def iqa_respond(
    *,
    sample: IqaSample,
    responded_by: User,
    response: str,
    correcting_decision: Decision | None = None,
) -> IqaSample:
    """Record what the consultant did about a referral, optionally linking the decision
    they made to correct the one referred."""
    access.require_can_respond(responded_by, sample)
    response = response.strip()
    errors: dict[str, str] = {}
    if not response:
        errors["response"] = "Say what you did about the referral, or why the decision stands."
    if correcting_decision is not None and (
        correcting_decision.decided_by_id != responded_by.pk
        or not corrects_chain(correcting_decision, sample.decision)
    ):
        errors["correcting_decision"] = (
            "Choose a correction you made of the decision referred back, or none."
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        sample = _locked(sample)
        if sample.outcome != IqaSample.Outcome.REFERRED:
            raise ValidationError(
                {"response": "Only a decision referred back is responded to, and this one is not."}
            )
        if sample.responded_at is not None:
            raise ValidationError(
                {
                    "response": "You responded to this referral on "
                    f"{day_label(timezone.localdate(sample.responded_at))}; a response is given "
                    "once."
                }
            )
        sample.response = response
        sample.responded_at = timezone.now()
        sample.correcting_decision = correcting_decision
        sample.save(update_fields=["response", "responded_at", "correcting_decision"])
    return sample
