"""Factories for portfolio evidence, and a helper that takes an item through the real
services to any state, so that states in tests are states the system can reach."""

from collections.abc import Mapping
from datetime import date

import factory

from trellis.apprenticeships.models import Apprenticeship
from trellis.portfolio.decisions import evidence_assess, evidence_return, evidence_submit
from trellis.portfolio.models import EvidenceItem, EvidenceKind, EvidenceKsb
from trellis.standards.models import KSB


class EvidenceItemFactory(factory.django.DjangoModelFactory):
    """A draft reflective account, saved as is, without the services' refusals."""

    class Meta:
        model = EvidenceItem

    kind = EvidenceKind.REFLECTIVE_ACCOUNT
    title = factory.Sequence(lambda n: f"Reflective account {n}")
    occurred_on = date(2026, 3, 2)
    body = "I planned a first session with a new learner and agreed ground rules."
    created_by = factory.SelfAttribute("apprenticeship.apprentice")


def map_ksbs(item: EvidenceItem, codes: list[str]) -> None:
    """Map the item to these KSBs of its apprenticeship's standard, each with a reason."""
    ksbs = KSB.objects.filter(
        standard_version_id=item.apprenticeship.standard_version_id, code__in=codes
    )
    found = {ksb.code: ksb for ksb in ksbs}
    missing = set(codes) - set(found)
    if missing:
        raise ValueError(f"No such KSB in the standard: {', '.join(sorted(missing))}")
    EvidenceKsb.objects.bulk_create(
        EvidenceKsb(item=item, ksb=found[code], justification=f"Shows {code} in practice.")
        for code in codes
    )


def evidence_in_state(
    apprenticeship: Apprenticeship,
    *,
    status: str,
    judgements: Mapping[str, str] | None = None,
    codes: list[str] | None = None,
    **fields,
) -> EvidenceItem:
    """Return an item taken by the services to `status` (draft, submitted, returned or
    assessed). Assessed items get `judgements` (code -> working_towards/secure); other
    items are mapped to `codes`."""
    judgements = dict(judgements or {"K1": "secure"})
    item = EvidenceItemFactory(apprenticeship=apprenticeship, **fields)
    map_ksbs(item, list(codes or judgements))
    if status == EvidenceItem.Status.DRAFT:
        return item
    evidence_submit(item=item, submitted_by=apprenticeship.apprentice)
    if status == EvidenceItem.Status.SUBMITTED:
        return _fresh(item)
    if status == EvidenceItem.Status.RETURNED:
        evidence_return(
            item=item, returned_by=apprenticeship.consultant, feedback="Say what you did next."
        )
    elif status == EvidenceItem.Status.ASSESSED:
        evidence_assess(item=item, assessed_by=apprenticeship.consultant, judgements=judgements)
    else:
        raise ValueError(f"Unknown status {status!r}")
    return _fresh(item)


def _fresh(item: EvidenceItem) -> EvidenceItem:
    fresh = EvidenceItem.objects.select_related("current_decision").get(pk=item.pk)
    fresh.apprenticeship = item.apprenticeship
    return fresh
