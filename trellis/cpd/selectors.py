"""Reads of the CPD log: the records, what to preselect, and the standard's CPD KSBs."""

from django.db.models import QuerySet

from trellis.apprenticeships.models import Apprenticeship
from trellis.cpd.models import CpdRecord
from trellis.standards.models import KSB

CPD_WORDS = "professional development"


def records_of(apprenticeship: Apprenticeship) -> QuerySet[CpdRecord]:
    """Return the records, newest first, with their KSBs and any evidence item."""
    return (
        CpdRecord.objects.filter(apprenticeship=apprenticeship)
        .select_related("evidence_item")
        .prefetch_related("ksbs")
        .order_by("-done_on", "-pk")
    )


def previous_ksbs(apprenticeship: Apprenticeship) -> list[KSB]:
    """Return the KSBs of the record logged last, to preselect on the next one."""
    latest = CpdRecord.objects.filter(apprenticeship=apprenticeship).order_by("-logged_at", "-pk")
    record = latest.first()
    return list(record.ksbs.all()) if record else []


def cpd_ksb_codes(apprenticeship: Apprenticeship) -> list[str]:
    """Return the codes of the KSBs the standard's assessment groups under professional
    development, read from its criteria, so that each standard names its own."""
    codes: list[str] = []
    for method in (apprenticeship.standard_version.rules or {}).get("methods", ()):
        for criterion in method.get("criteria", ()):
            if CPD_WORDS in criterion.get("title", "").lower():
                codes.extend(code for code in criterion.get("ksbs", ()) if code not in codes)
    return codes
