"""Keep each apprenticeship's KSB coverage current, and read it back."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import F

from trellis.apprenticeships.models import Apprenticeship
from trellis.portfolio import rules
from trellis.portfolio.models import EvidenceItem, KsbCoverage, KsbJudgement
from trellis.standards.models import KSB


def ksb_coverage_refresh(*, apprenticeship: Apprenticeship) -> None:
    """Recompute where every KSB of this apprenticeship stands from the decisions that stand
    on its assessed items, and store it. Every write that changes an assessment calls this."""
    accepted = KsbJudgement.objects.filter(
        decision__item__apprenticeship=apprenticeship,
        decision__item__status=EvidenceItem.Status.ASSESSED,
        decision__item__current_decision=F("decision_id"),
    ).values_list("ksb_id", "decision__item_id", "judgement", "decision__item__occurred_on")
    standing = rules.coverage(
        rules.AcceptedJudgement(ksb_id=k, item_id=i, judgement=j, occurred_on=d)
        for k, i, j, d in accepted
    )
    with transaction.atomic():
        KsbCoverage.objects.filter(apprenticeship=apprenticeship).exclude(
            ksb_id__in=standing
        ).delete()
        existing = {
            row.ksb_id: row for row in KsbCoverage.objects.filter(apprenticeship=apprenticeship)
        }
        to_create, to_update = [], []
        for ksb_id, stand in standing.items():
            row = existing.get(ksb_id) or KsbCoverage(apprenticeship=apprenticeship, ksb_id=ksb_id)
            row.state, row.accepted_items, row.latest_on = (
                stand.state,
                stand.accepted_items,
                stand.latest_on,
            )
            (to_update if row.pk else to_create).append(row)
        KsbCoverage.objects.bulk_create(to_create)
        KsbCoverage.objects.bulk_update(to_update, ["state", "accepted_items", "latest_on"])


@dataclass(frozen=True)
class KsbCoverageRow:
    """One line of an apprentice's coverage: the KSB and where it stands."""

    ksb: KSB
    state: str
    state_label: str
    accepted_items: int
    latest_on: date | None


def apprenticeship_coverage(apprenticeship: Apprenticeship) -> list[KsbCoverageRow]:
    """Return every KSB of the apprenticeship's standard version, in order, with its state."""
    stored = {row.ksb_id: row for row in KsbCoverage.objects.filter(apprenticeship=apprenticeship)}
    rows = []
    for ksb in KSB.objects.filter(standard_version_id=apprenticeship.standard_version_id):
        row = stored.get(ksb.pk)
        state = row.state if row else KsbCoverage.State.NONE
        rows.append(
            KsbCoverageRow(
                ksb=ksb,
                state=state,
                state_label=KsbCoverage.State(state).label,
                accepted_items=row.accepted_items if row else 0,
                latest_on=row.latest_on if row else None,
            )
        )
    return rows


def coverage_counts(rows: Iterable[KsbCoverageRow]) -> dict[str, int]:
    """Return how many KSBs are secure, working towards and without evidence."""
    counts = dict.fromkeys(KsbCoverage.State.values, 0)
    for row in rows:
        counts[row.state] += 1
    return counts
