"""Demo records for quality assurance: the quality lead has sampled the consultants'
evidence decisions, agreed some, referred two back to the first apprentice's consultant
(one answered) and left several awaiting review.

Runs after the evidence demo; with no decisions to sample it adds nothing.
"""

import random
from collections.abc import Sequence
from datetime import date

from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.iqa.models import IqaSample
from trellis.iqa.services import Period, iqa_agree, iqa_draw, iqa_refer, iqa_respond
from trellis.organisations.models import User
from trellis.organisations.roles import Role
from trellis.portfolio.models import Decision

SEED = 20261123
DEMO_QUALITY_LEAD = "quality1@northway-training.example"
AGREED = 3
AWAITING_REVIEW = 4
REFERRALS = (
    (
        "The feedback does not say which part of the account shows K1 secure. Point the "
        "apprentice to the evidence, or judge it working towards."
    ),
    "S3 is judged secure on one observed session; look for a second instance before securing.",
)
RESPONSE = (
    "Agreed. I talked it through with the apprentice and added feedback naming the session "
    "where the KSB is shown; the judgement stands."
)


def _quality_lead(provider_id: int) -> User | None:
    leads = User.objects.filter(
        memberships__organisation_id=provider_id, memberships__role=Role.QUALITY_LEAD
    )
    return leads.filter(email=DEMO_QUALITY_LEAD).first() or leads.order_by("pk").first()


def demo_seed_records(*, apprenticeships: Sequence[Apprenticeship], today: date) -> None:
    """Add this part's demo records."""
    if not apprenticeships:
        return
    first = apprenticeships[0]
    provider = first.provider
    lead = _quality_lead(provider.pk)
    decisions = Decision.objects.filter(
        item__apprenticeship__in=[a.pk for a in apprenticeships],
        item__apprenticeship__provider=provider,
    )
    if lead is None or not decisions.exists():
        return
    dates = [timezone.localdate(when) for when in decisions.values_list("decided_at", flat=True)]
    period = Period(start=min(dates), end=max([today, *dates]))
    rng = random.Random(SEED)
    consultant = first.consultant
    referred: list[IqaSample] = []
    if consultant is not None and decisions.filter(decided_by=consultant).exists():
        referred = iqa_draw(
            provider=provider,
            drawn_by=lead,
            basis=IqaSample.Basis.CONSULTANT,
            consultant=consultant,
            number=len(REFERRALS),
            period=period,
            rng=rng,
        )
    if decisions.count() > len(referred):
        others = iqa_draw(
            provider=provider,
            drawn_by=lead,
            basis=IqaSample.Basis.RANDOM,
            number=AGREED + AWAITING_REVIEW,
            period=period,
            rng=rng,
        )
    else:
        others = []
    for sample, reason in zip(referred, REFERRALS, strict=False):
        iqa_refer(sample=sample, reviewed_by=lead, reason=reason)
    if len(referred) > 1:
        iqa_respond(sample=referred[1], responded_by=consultant, response=RESPONSE)
    for sample in others[:AGREED]:
        iqa_agree(sample=sample, reviewed_by=lead)
