"""Reads for the portfolio's evidence list, which its page and its download share."""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When

from trellis.apprenticeships.models import Apprenticeship
from trellis.portfolio.models import EvidenceItem, EvidenceKsb
from trellis.standards.models import KSB


@dataclass(frozen=True)
class EvidenceFilter:
    """What the evidence list was narrowed to: a status ("" for any) and a KSB code, with the
    KSB it names in the apprentice's standard version (None if there is no such KSB)."""

    status: str = ""
    ksb_code: str = ""
    ksb: KSB | None = None


def evidence_filter(
    apprenticeship: Apprenticeship, *, status: str, ksb_code: str
) -> EvidenceFilter:
    """Return the filter asked for; a status that is not one is left out."""
    ksb_code = ksb_code.strip().upper()
    ksb = (
        KSB.objects.filter(
            standard_version_id=apprenticeship.standard_version_id, code=ksb_code
        ).first()
        if ksb_code
        else None
    )
    return EvidenceFilter(
        status=status if status in EvidenceItem.Status.values else "",
        ksb_code=ksb_code,
        ksb=ksb,
    )


def evidence_items(
    apprenticeship: Apprenticeship, chosen: EvidenceFilter, *, awaiting_first: bool
) -> QuerySet[EvidenceItem]:
    """Return the apprenticeship's evidence matching the filter, newest first, with its KSBs
    read along; awaiting_first puts what awaits assessment before the rest, for the assessor."""
    items = EvidenceItem.objects.filter(apprenticeship=apprenticeship)
    if chosen.status:
        items = items.filter(status=chosen.status)
    if chosen.ksb_code:
        # A code that names no KSB of the standard matches nothing, not everything.
        items = items.filter(mappings__ksb=chosen.ksb) if chosen.ksb else items.none()
    if awaiting_first:
        items = items.annotate(
            awaiting=Case(
                When(status=EvidenceItem.Status.SUBMITTED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        ).order_by("awaiting", "-occurred_on", "-pk")
    return items.prefetch_related(
        Prefetch("mappings", queryset=EvidenceKsb.objects.select_related("ksb"))
    )
