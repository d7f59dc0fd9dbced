"""Demo evidence, dated relative to today, made through the same services as the pages.

Every apprentice who has started has a few assessed items, each covering several KSBs: a
share of their KSBs secure in proportion to how far through they are, and some working
towards. Those at or past gateway, and Tariq near the end, have every KSB secure. Chloe
(the first apprentice) shows every state: assessed items, one returned with feedback, an
uploaded PDF awaiting assessment and a draft.
"""

import io
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from trellis.apprenticeships.models import Apprenticeship
from trellis.portfolio.decisions import evidence_assess, evidence_return, evidence_submit
from trellis.portfolio.models import Decision, EvidenceItem, EvidenceKind, Submission
from trellis.portfolio.services import (
    EvidenceDetails,
    evidence_create,
    evidence_file_add,
    evidence_map,
)
from trellis.standards.models import KSB

# A few items, each covering several KSBs: enough that a Showcase shows different evidence
# in different sections, few enough that seeding stays quick.
SECURE_ITEMS = 3
# Share of the KSBs judged working towards on top of the secure ones, while still learning.
WORKING_TOWARDS_SHARE = 0.15
ALL_SECURE = (
    Apprenticeship.Status.GATEWAY,
    Apprenticeship.Status.IN_EPA,
    Apprenticeship.Status.COMPLETED,
)
# Megan Hughes, the thirteenth apprentice, is ready for gateway, and Tariq Mahmood, the
# fourteenth, is weeks from it: both have everything secure.
ALL_SECURE_NUMBERS = (13, 14)
SHOWCASE_NUMBER = 1
ITEMS = (
    (
        EvidenceKind.REFLECTIVE_ACCOUNT,
        "Reflective account: my first mentoring relationship",
        "I agreed ground rules and goals with a new learner, planned our sessions around "
        "what they wanted to achieve, and reviewed progress each fortnight. Looking back, "
        "open questions did more than advice.",
    ),
    (
        EvidenceKind.WITNESS_TESTIMONY,
        "Witness testimony from my line manager",
        "I watched the apprentice support a new colleague through their first term. They "
        "listened well, kept to the boundaries of the role and knew when to refer on.",
    ),
    (
        EvidenceKind.OBSERVATION,
        "Observation of a mentoring session",
        "The apprentice opened with the learner's goals, used open questions throughout and "
        "agreed two clear actions. Next time, leave more silence for the learner to think.",
    ),
    (
        EvidenceKind.PROFESSIONAL_DISCUSSION,
        "Professional discussion: safeguarding and referral",
        "We discussed how the apprentice recognised a learner at risk, who they told and why, "
        "and how they recorded it. They knew the limits of their role and the referral route.",
    ),
)
# Evidence is put forward a couple of days after it happened and assessed within a week or so,
# so that the coverage grows over the months of the apprenticeship as it would in use.
SUBMITTED_AFTER = timedelta(days=2)
DECIDED_AFTER = timedelta(days=9)
RETURN_FEEDBACK = (
    "Good start. Say what the learner did differently after the session, and how you know: "
    "that is what shows the KSBs you mapped."
)


def _justification(ksb: KSB) -> str:
    return f"What I did, and what I learnt from it, shows {ksb.code} in my own practice."


def _pdf() -> bytes:
    """Return a one-page PDF: a mentoring session plan."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setTitle("Mentoring session plan")
    page.setFont("Helvetica-Bold", 16)
    page.drawString(72, 770, "Mentoring session plan")
    page.setFont("Helvetica", 11)
    for number, line in enumerate(
        (
            "Learner: L-003 (one-to-one)",
            "Goal: plan the next assignment and agree how to manage the workload.",
            "1. Check in: what has gone well since we last met?",
            "2. Review the action plan and agree what has moved on.",
            "3. Agree two next steps and when we will review them.",
        )
    ):
        page.drawString(72, 740 - number * 18, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _months_between(start: date, end: date) -> float:
    return max((end - start).days, 0) / 30.44


def _create(apprenticeship, kind, title, body, occurred_on):
    writer = (
        apprenticeship.consultant
        if kind in (EvidenceKind.OBSERVATION, EvidenceKind.PROFESSIONAL_DISCUSSION)
        else apprenticeship.apprentice
    )
    details = EvidenceDetails(title=title, occurred_on=occurred_on, body=body)
    if kind == EvidenceKind.WITNESS_TESTIMONY:
        details = EvidenceDetails(
            title=title,
            occurred_on=occurred_on,
            body=body,
            witness_name="Sam Taylor",
            witness_role="Line manager",
        )
    item = evidence_create(
        apprenticeship=apprenticeship, created_by=writer, kind=kind, details=details
    )
    return item, writer


def _dated_after(item: EvidenceItem) -> None:
    """Date the item's submission and decision days after the evidence, never after now."""
    now = timezone.now()

    def at(delay: timedelta, hour: int) -> datetime:
        moment = timezone.make_aware(datetime.combine(item.occurred_on + delay, time(hour)))
        return min(moment, now)

    Submission.objects.filter(item=item).update(submitted_at=at(SUBMITTED_AFTER, 10))
    Decision.objects.filter(item=item).update(decided_at=at(DECIDED_AFTER, 14))


def _assessed(apprenticeship, ksbs, judgement, index, occurred_on) -> EvidenceItem:
    kind, title, body = ITEMS[index % len(ITEMS)]
    item, owner = _create(apprenticeship, kind, title, body, occurred_on)
    evidence_map(
        item=item, mapped_by=owner, justifications={k.code: _justification(k) for k in ksbs}
    )
    evidence_submit(item=item, submitted_by=owner)
    evidence_assess(
        item=item,
        assessed_by=apprenticeship.consultant,
        judgements={k.code: judgement for k in ksbs},
        feedback="Clear evidence, well mapped." if judgement == "secure" else "",
    )
    _dated_after(item)
    return item


def _chunks(ksbs: list, parts: int) -> list[list]:
    """Split the KSBs into at most `parts` items of about the same size."""
    size = -(-len(ksbs) // parts) if ksbs else 1
    return [ksbs[i : i + size] for i in range(0, len(ksbs), size)]


def _dates(start: date, last: date, count: int) -> list[date]:
    """Return `count` days spread evenly between the start and the last day."""
    span = max((last - start).days, 0)
    return [start + timedelta(days=span * (n + 1) // (count + 1)) for n in range(count)]


def _seed_one(apprenticeship: Apprenticeship, number: int, today: date) -> None:
    start = apprenticeship.start_date
    last = min(today - timedelta(days=1), apprenticeship.planned_end_date)
    if last < start:
        return
    ksbs = list(KSB.objects.filter(standard_version_id=apprenticeship.standard_version_id))
    if apprenticeship.status in ALL_SECURE or number in ALL_SECURE_NUMBERS:
        secure, towards = len(ksbs), 0
    else:
        planned = _months_between(start, apprenticeship.planned_end_date) or 1
        share = min(_months_between(start, today) / planned, 1.0)
        secure = round(len(ksbs) * share * 0.8)
        towards = min(round(len(ksbs) * WORKING_TOWARDS_SHARE), len(ksbs) - secure)
    groups = [(chunk, "secure") for chunk in _chunks(ksbs[:secure], SECURE_ITEMS)]
    if towards:
        groups.append((ksbs[secure : secure + towards], "working_towards"))
    for index, ((chunk, judgement), day) in enumerate(
        zip(groups, _dates(start, last, len(groups)), strict=True)
    ):
        _assessed(apprenticeship, chunk, judgement, index, day)
    if number == SHOWCASE_NUMBER:
        _seed_every_state(apprenticeship, ksbs[secure + towards :] or ksbs, last)


def _seed_every_state(apprenticeship: Apprenticeship, spare: list, last: date) -> None:
    """Give one apprentice an item in each state other than assessed."""
    apprentice = apprenticeship.apprentice
    returned, _ = _create(
        apprenticeship,
        EvidenceKind.REFLECTIVE_ACCOUNT,
        "Reflective account: supporting a learner who was falling behind",
        "I met the learner weekly and we agreed a plan to catch up.",
        last - timedelta(days=12),
    )
    evidence_map(
        item=returned,
        mapped_by=apprentice,
        justifications={k.code: _justification(k) for k in spare[:2]},
    )
    evidence_submit(item=returned, submitted_by=apprentice)
    evidence_return(item=returned, returned_by=apprenticeship.consultant, feedback=RETURN_FEEDBACK)
    _dated_after(returned)

    plan, _ = _create(
        apprenticeship,
        EvidenceKind.FILE,
        "Session plan for learner L-003",
        "The plan I wrote and used for a one-to-one session.",
        last - timedelta(days=5),
    )
    evidence_file_add(
        item=plan,
        uploaded_by=apprentice,
        upload=SimpleUploadedFile("Session plan L-003.pdf", _pdf(), "application/pdf"),
    )
    evidence_map(
        item=plan,
        mapped_by=apprentice,
        justifications={k.code: _justification(k) for k in spare[2:4] or spare[:1]},
    )
    evidence_submit(item=plan, submitted_by=apprentice)
    _dated_after(plan)

    _create(
        apprenticeship,
        EvidenceKind.REFLECTIVE_ACCOUNT,
        "Draft: what I learnt from a group session",
        "Notes so far: the group worked best when each learner had a role.",
        last,
    )


def demo_seed_records(*, apprenticeships: Sequence[Apprenticeship], today: date) -> None:
    """Add evidence for every apprentice who has started."""
    # One transaction: hundreds of small commits would make up most of the time taken.
    with transaction.atomic():
        for number, apprenticeship in enumerate(apprenticeships, start=1):
            _seed_one(apprenticeship, number, today)
