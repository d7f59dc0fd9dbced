"""Demo CPD logs, dated relative to today: a record about every three months while learning
(at most three), tagged with the KSBs the apprentice's own standard gives to professional
development, and now and then a behaviour."""

from collections.abc import Sequence
from datetime import date, timedelta

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.selectors import withdrawal_date
from trellis.cpd.models import CpdRecord
from trellis.cpd.selectors import cpd_ksb_codes
from trellis.cpd.services import CpdRecordDetails, cpd_record_create
from trellis.mentoring.selectors import standard_ksbs
from trellis.standards.models import KSB

MAX_RECORDS = 3
EVERY_DAYS = 90
Kind = CpdRecord.Kind
RECORDS = (
    (
        Kind.COURSE,
        "Safeguarding and Prevent refresher",
        180,
        "How the updated referral route works and what counts as a concern.",
        "I now record concerns the same day and check the referral route with the lead.",
    ),
    (
        Kind.READING,
        "Article on feedback that moves learning on",
        60,
        "Feedback works best when it is specific and the learner acts on it straight away.",
        "I leave time at the end of each session for the learner to act on feedback.",
    ),
    (
        Kind.INDUSTRY_UPDATE,
        "Day back in the workshop with the current kit",
        420,
        "What has changed in the tools and procedures my learners use.",
        "My examples in sessions now match what learners see at work.",
    ),
    (
        Kind.EVENT,
        "Regional mentoring network meeting",
        120,
        "How other mentors run group sessions and keep records.",
        "I tried a shared action plan with a small group.",
    ),
    (
        Kind.SHADOWING,
        "Shadowed an experienced mentor",
        None,
        "Ways to open a session that put a nervous learner at ease.",
        "",
    ),
)


def _seed_log(apprenticeship: Apprenticeship, *, number: int, today: date) -> None:
    ksbs = list(standard_ksbs(apprenticeship))
    codes = set(cpd_ksb_codes(apprenticeship))
    cpd = [ksb for ksb in ksbs if ksb.code in codes]
    behaviours = [ksb for ksb in ksbs if ksb.kind == KSB.Kind.BEHAVIOUR]
    ends = [today - timedelta(days=1)]
    if apprenticeship.gateway_date is not None:
        ends.append(apprenticeship.gateway_date)
    withdrawn = withdrawal_date(apprenticeship)
    if withdrawn is not None:
        ends.append(withdrawn)
    last = min(ends)
    days = []
    day = apprenticeship.start_date + timedelta(days=20)
    while day <= last:
        days.append(day)
        day += timedelta(days=EVERY_DAYS)
    for index, day in enumerate(days[-MAX_RECORDS:]):
        kind, title, minutes, learned, impact = RECORDS[(index + number) % len(RECORDS)]
        extra = [behaviours[(index + number) % len(behaviours)]] if behaviours and index % 2 else []
        cpd_record_create(
            apprenticeship=apprenticeship,
            logged_by=apprenticeship.apprentice,
            details=CpdRecordDetails(
                done_on=day,
                title=title,
                kind=kind,
                duration_minutes=minutes,
                what_was_learned=learned,
                impact=impact,
                ksbs=cpd + extra,
            ),
        )


def demo_seed_records(*, apprenticeships: Sequence[Apprenticeship], today: date) -> None:
    """Add CPD logs for the demo apprentices who have started."""
    for number, apprenticeship in enumerate(apprenticeships, start=1):
        if (
            apprenticeship.start_date < today
            and not CpdRecord.objects.filter(apprenticeship=apprenticeship).exists()
        ):
            _seed_log(apprenticeship, number=number, today=today)
