"""Keep each apprenticeship's KSB coverage current, and read it back."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.audit.selectors import times_changed_from
from trellis.portfolio import rules
from trellis.portfolio.coverage_history import (
    CoveragePoint,
    DecisionMade,
    ItemLeft,
    coverage_history,
)
from trellis.portfolio.models import Decision, EvidenceItem, KsbCoverage, KsbJudgement
from trellis.standards.models import KSB
from trellis.wording import day_label


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
        existing = {
            row.ksb_id: row for row in KsbCoverage.objects.filter(apprenticeship=apprenticeship)
        }
        gone = [row.pk for ksb_id, row in existing.items() if ksb_id not in standing]
        if gone:
            KsbCoverage.objects.filter(pk__in=gone).delete()
        to_create, to_update = [], []
        for ksb_id, stand in standing.items():
            row = existing.get(ksb_id)
            values = (stand.state, stand.accepted_items, stand.latest_on)
            if row is None:
                to_create.append(
                    KsbCoverage(
                        apprenticeship=apprenticeship,
                        ksb_id=ksb_id,
                        state=stand.state,
                        accepted_items=stand.accepted_items,
                        latest_on=stand.latest_on,
                    )
                )
            elif (row.state, row.accepted_items, row.latest_on) != values:
                row.state, row.accepted_items, row.latest_on = values
                to_update.append(row)
        # Only what changed is written: one decision moves a few KSBs, not all of them.
        if to_create:
            KsbCoverage.objects.bulk_create(to_create)
        if to_update:
            KsbCoverage.objects.bulk_update(to_update, ["state", "accepted_items", "latest_on"])


@dataclass(frozen=True)
class KsbCoverageRow:
    """One line of an apprentice's coverage: the KSB and where it stands."""

    ksb: KSB
    state: str
    state_label: str
    accepted_items: int
    latest_on: date | None

    @property
    def latest_label(self) -> str:
        return day_label(self.latest_on) if self.latest_on else ""


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


# The page and the API show KSBs grouped by kind, in this order, under these headings.
KIND_GROUPS = (
    (KSB.Kind.KNOWLEDGE, "Knowledge"),
    (KSB.Kind.SKILL, "Skills"),
    (KSB.Kind.BEHAVIOUR, "Behaviours"),
)


@dataclass(frozen=True)
class KsbCoverageGroup:
    kind: str
    label: str
    rows: list[KsbCoverageRow]


def coverage_by_kind(rows: Iterable[KsbCoverageRow]) -> list[KsbCoverageGroup]:
    """Return the rows grouped Knowledge, Skills, Behaviours, leaving out empty groups."""
    rows = list(rows)
    groups = [
        KsbCoverageGroup(kind=kind, label=label, rows=[r for r in rows if r.ksb.kind == kind])
        for kind, label in KIND_GROUPS
    ]
    return [group for group in groups if group.rows]


def ksb_counts(apprenticeship: Apprenticeship) -> tuple[int, int]:
    """Return how many of the standard version's KSBs are secure, and how many there are."""
    secure = KsbCoverage.objects.filter(
        apprenticeship=apprenticeship, state=KsbCoverage.State.SECURE
    ).count()
    total = KSB.objects.filter(standard_version_id=apprenticeship.standard_version_id).count()
    return secure, total


def coverage_events(apprenticeship: Apprenticeship) -> tuple[list[DecisionMade], list[ItemLeft]]:
    """Return every decision on the apprenticeship's items, and each moment an item stopped
    being assessed without one (two queries, however many decisions)."""
    rows = Decision.objects.filter(item__apprenticeship=apprenticeship).values_list(
        "pk",
        "item_id",
        "outcome",
        "decided_at",
        "item__occurred_on",
        "item__status",
        "item__updated_at",
        "judgements__ksb_id",
        "judgements__judgement",
    )
    heads: dict[int, tuple] = {}
    judged: dict[int, list[tuple[int, str]]] = defaultdict(list)
    not_assessed_now: dict[int, datetime] = {}
    for pk, item_id, outcome, at, occurred_on, status, updated_at, ksb_id, judgement in rows:
        heads[pk] = (item_id, outcome, at, occurred_on)
        if ksb_id is not None:
            judged[pk].append((ksb_id, judgement))
        if status != EvidenceItem.Status.ASSESSED:
            not_assessed_now[item_id] = updated_at
    decisions = [
        DecisionMade(
            item_id=item_id,
            at=timezone.localtime(at),
            assessed=outcome == Decision.Outcome.ASSESSED,
            judgements=tuple(judged[pk]),
            occurred_on=occurred_on,
        )
        for pk, (item_id, outcome, at, occurred_on) in heads.items()
    ]
    reopened = times_changed_from(
        EvidenceItem.objects.filter(apprenticeship=apprenticeship),
        field="status",
        value=EvidenceItem.Status.ASSESSED,
    )
    # An item not assessed now left the coverage by its last change at the latest: this keeps
    # today's figures those of the stored coverage even where the audit trail lacks a reopening.
    departures = [
        ItemLeft(item_id=item_id, at=timezone.localtime(at))
        for item_id, at in [*reopened, *not_assessed_now.items()]
    ]
    return decisions, departures


def coverage_history_for(
    apprenticeship: Apprenticeship, *, ksb_ids: Iterable[int], today: date
) -> list[CoveragePoint]:
    """Return how many of the KSBs were secure and working towards at the end of the start day,
    of each month since and of today."""
    decisions, departures = coverage_events(apprenticeship)
    return coverage_history(
        start=apprenticeship.start_date,
        today=today,
        ksb_ids=ksb_ids,
        decisions=decisions,
        departures=departures,
    )
