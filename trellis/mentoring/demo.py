"""Demo mentoring logs, dated relative to today.

Every apprentice who has started logs about two sessions a month while learning (the latest
eight are kept, so that seeding stays quick), with two to four learners each, mostly
one-to-one. KSBs come from the apprentice's own standard version, so the same code serves
ST0148 and ST1379.
"""

from collections.abc import Sequence
from datetime import date, timedelta

from trellis.apprenticeships.breaks import break_covering
from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.selectors import break_periods, withdrawal_date
from trellis.mentoring.models import MentoringSession
from trellis.mentoring.selectors import standard_ksbs
from trellis.mentoring.services import MentoringSessionDetails, mentoring_session_log
from trellis.standards.models import KSB

MAX_SESSIONS = 5
EVERY_DAYS = 15
DURATIONS = (60, 45, 90, 30, 60)
SETTINGS = (
    "Classroom after the lesson",
    "Staff workroom",
    "Workshop",
    "Online video call",
    "Library study room",
)
WORK = (
    (
        "Agreed the mentoring contract and the learner's goals for the term.",
        "Setting ground rules early made the learner more open about what worried them.",
    ),
    (
        "Reviewed progress against the action plan and agreed two next steps.",
        "I talked too much at the start; open questions worked better later on.",
    ),
    (
        "Modelled giving feedback on a piece of work, then the learner practised it.",
        "Practising straight away helped the learner remember the structure.",
    ),
    (
        "Talked through a difficult week and signposted the wellbeing service.",
        "I kept to my role and referred on, as the safeguarding policy says.",
    ),
    (
        "Planned how to collect evidence of the learner's own practice.",
        "A simple checklist gave the learner more confidence than a long explanation.",
    ),
)
GROUP_EVERY = 4


def _session_days(apprenticeship: Apprenticeship, today: date) -> list[date]:
    """Return the latest session days while learning: none in a break or after learning."""
    ends = [today - timedelta(days=1)]
    if apprenticeship.gateway_date is not None:
        ends.append(apprenticeship.gateway_date)
    withdrawn = withdrawal_date(apprenticeship)
    if withdrawn is not None:
        ends.append(withdrawn)
    last = min(ends)
    breaks = break_periods(apprenticeship)
    days = []
    day = apprenticeship.start_date + timedelta(days=10)
    while day <= last:
        if break_covering(day, breaks) is None:
            days.append(day)
        day += timedelta(days=EVERY_DAYS)
    return days[-MAX_SESSIONS:]


def _ksbs_for(ksbs: list[KSB], index: int) -> list[KSB]:
    """Return two skills and a behaviour, turning through the standard's list."""
    skills = [ksb for ksb in ksbs if ksb.kind == KSB.Kind.SKILL]
    behaviours = [ksb for ksb in ksbs if ksb.kind == KSB.Kind.BEHAVIOUR]
    chosen = [skills[(index * 2 + step) % len(skills)] for step in range(2)] if skills else []
    if behaviours:
        chosen.append(behaviours[index % len(behaviours)])
    return chosen


def learner_refs(number: int) -> list[str]:
    """Return the references of the learners demo apprentice `number` mentors."""
    first = (number - 1) * 4 + 1
    return [f"L-{first + step:03d}" for step in range(2 + number % 3)]


def _seed_log(apprenticeship: Apprenticeship, *, number: int, today: date) -> None:
    refs = learner_refs(number)
    ksbs = list(standard_ksbs(apprenticeship))
    for index, day in enumerate(_session_days(apprenticeship, today)):
        what, reflection = WORK[(index + number) % len(WORK)]
        group = index % GROUP_EVERY == GROUP_EVERY - 1
        mentoring_session_log(
            apprenticeship=apprenticeship,
            logged_by=apprenticeship.apprentice,
            details=MentoringSessionDetails(
                held_on=day,
                learner_ref=refs[index % len(refs)],
                duration_minutes=DURATIONS[(index + number) % len(DURATIONS)],
                format=MentoringSession.Format.GROUP
                if group
                else MentoringSession.Format.ONE_TO_ONE,
                setting=SETTINGS[(index + number) % len(SETTINGS)],
                what_was_done=what,
                reflection=reflection,
                ksbs=_ksbs_for(ksbs, index + number),
            ),
        )


def demo_seed_records(*, apprenticeships: Sequence[Apprenticeship], today: date) -> None:
    """Add mentoring logs for the demo apprentices who have started."""
    for number, apprenticeship in enumerate(apprenticeships, start=1):
        if (
            apprenticeship.start_date < today
            and not MentoringSession.objects.filter(apprenticeship=apprenticeship).exists()
        ):
            _seed_log(apprenticeship, number=number, today=today)
