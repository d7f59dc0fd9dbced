"""The full record's sections on the portfolio: KSB coverage, evidence, mentoring and CPD."""

from django.db.models import Prefetch

from trellis.apprenticeships.full_record.blocks import Section, Table, Text, codes, day
from trellis.apprenticeships.models import Apprenticeship
from trellis.cpd.models import CpdRecord
from trellis.cpd.selectors import records_of
from trellis.mentoring.selectors import sessions_of
from trellis.otj.rules import minutes_label
from trellis.portfolio.coverage import apprenticeship_coverage, coverage_counts
from trellis.portfolio.models import EvidenceItem, EvidenceKsb, KsbCoverage

# --- KSB coverage and evidence ---------------------------------------------------------------


def ksb_coverage_section(apprenticeship: Apprenticeship) -> Section:
    rows = apprenticeship_coverage(apprenticeship)
    counts = coverage_counts(rows)
    summary = (
        f"{counts[KsbCoverage.State.SECURE]} secure, "
        f"{counts[KsbCoverage.State.WORKING_TOWARDS]} working towards and "
        f"{counts[KsbCoverage.State.NONE]} without accepted evidence, of {len(rows)} KSBs. "
        "Only evidence assessed by the decision that stands counts."
    )
    table = Table(
        columns=("KSB", "Statement", "Status", "Accepted evidence", "Latest evidence"),
        rows=tuple(
            (
                row.ksb.code,
                row.ksb.statement,
                row.state_label,
                str(row.accepted_items),
                day(row.latest_on),
            )
            for row in rows
        ),
        widths=(0.07, 0.5, 0.15, 0.13, 0.15),
        empty="The standard has no KSBs.",
    )
    return Section("KSB coverage", (Text(summary), table))


def evidence_section(apprenticeship: Apprenticeship) -> Section:
    items = (
        EvidenceItem.objects.filter(apprenticeship=apprenticeship)
        .prefetch_related(Prefetch("mappings", EvidenceKsb.objects.select_related("ksb")))
        .order_by("occurred_on", "pk")
    )
    table = Table(
        columns=("Date", "Title", "Kind", "KSBs", "Status"),
        rows=tuple(
            (
                day(item.occurred_on),
                item.title,
                item.get_kind_display(),
                codes(mapping.ksb for mapping in item.mappings.all()),
                item.get_status_display(),
            )
            for item in items
        ),
        widths=(0.13, 0.35, 0.18, 0.16, 0.18),
        empty="No evidence has been added yet.",
    )
    return Section("Evidence", (table,))


# --- The apprentice's own logs ---------------------------------------------------------------


def mentoring_section(apprenticeship: Apprenticeship) -> Section:
    sessions = list(sessions_of(apprenticeship))[::-1]
    learners = len({session.learner_ref for session in sessions})
    table = Table(
        columns=("Date", "Learner", "Session", "What was done", "KSBs"),
        rows=tuple(
            (
                day(session.held_on),
                session.learner_ref,
                f"{session.get_format_display()}, {minutes_label(session.duration_minutes)}, "
                f"{session.setting}",
                session.what_was_done,
                codes(session.ksbs.all()),
            )
            for session in sessions
        ),
        widths=(0.13, 0.11, 0.22, 0.4, 0.14),
        empty="No sessions logged yet.",
    )
    counts = (
        f"{len(sessions)} {'session' if len(sessions) == 1 else 'sessions'} with "
        f"{learners} different {'learner' if learners == 1 else 'learners'}."
    )
    return Section(
        "Mentoring log",
        (
            Text(f"{counts} Learners are named only by the reference the apprentice keeps."),
            table,
        ),
    )


def cpd_section(apprenticeship: Apprenticeship) -> Section:
    records: list[CpdRecord] = list(records_of(apprenticeship))
    table = Table(
        columns=("Date", "Activity", "What was learned", "KSBs"),
        rows=tuple(
            (
                day(record.done_on),
                f"{record.title}\n{record.get_kind_display()}"
                + (
                    f", {minutes_label(record.duration_minutes)}" if record.duration_minutes else ""
                ),
                record.what_was_learned
                + (f"\nHow it changes practice: {record.impact}" if record.impact else ""),
                codes(record.ksbs.all()),
            )
            for record in reversed(records)
        ),
        widths=(0.13, 0.27, 0.45, 0.15),
        empty="No CPD has been logged yet.",
    )
    return Section("Continuing professional development", (table,))
