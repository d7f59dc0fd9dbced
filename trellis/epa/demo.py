"""The EPAO's question bank for both demo standards, and the results of the apprentices who
have completed.

The bank has one question on each standard due for review and one retired, as a real bank
would. Each completed apprentice has a final result graded by the standard's own rules from
scores recorded on their last assessment day; one was moderated (a score lowered, with the
rationale) and the certificates are at each stage. Like the booking demo, these are history:
the rows are written as the services would have left them, each dated back.
"""

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.booking.models import Booking, EpaDate
from trellis.epa import selectors
from trellis.epa.models import (
    Assessment,
    BankQuestion,
    Certificate,
    MethodRecord,
    Moderation,
    Score,
    ScoreChange,
    Session,
)
from trellis.organisations.models import Organisation, User
from trellis.organisations.roles import Role
from trellis.standards.models import Standard

# (KSB codes, question), by standard. The last of each list is retired.
BANK = {
    "ST1379": (
        (
            ("K2", "S2"),
            "Talk me through how you agreed the mentoring contract with a mentee: what "
            "did it cover, and how did you revisit it?",
        ),
        (
            ("K3", "S7"),
            "Tell me about a time you revised an action plan. What prompted the change "
            "and what happened next?",
        ),
        (
            ("K6", "S6"),
            "How did you establish a mentee's starting point, and what barriers did you find?",
        ),
        (
            ("K5", "S5"),
            "What records do you keep of a session, where are they kept, and who may see them?",
        ),
        (("K12", "S12"), "Which model of reflection do you use with mentees, and why that one?"),
        (("K15", "S13"), "How has supervision changed the way you mentor? Give an example."),
        (
            ("K16", "S14"),
            "Describe research you have done into mentoring practice and how you applied it.",
        ),
        (
            ("K10",),
            "How do your own values show in your mentoring? Give an example where you had "
            "to set them aside.",
        ),
        (
            ("K4",),
            "Name a mentoring model. (Too closed: replaced by the question on models in practice.)",
        ),
    ),
    "ST0148": (
        (
            ("K1", "S1"),
            "Give an example of pastoral advice you gave a learner and how you "
            "checked it was accurate.",
        ),
        (
            ("K9", "S9"),
            "Walk me through a safeguarding concern you noticed: what did you do, and "
            "who did you tell?",
        ),
        (("K7", "S7"), "How do you record a learner's progress so that it can be shared safely?"),
        (
            ("K10", "S10"),
            "What have you learned from your CPD this year, and what changed in your practice?",
        ),
        (("K3",), "What is a learning programme? (Retired: too broad.)"),
    ),
}
DUE_FOR_REVIEW_INDEX = 3


def _member(organisation_id: int, role: Role) -> User:
    return (
        User.objects.filter(memberships__organisation_id=organisation_id, memberships__role=role)
        .order_by("email")
        .first()
    )


# By demo number: how many criteria of each method score 1 rather than 2 (the rest score 2),
# and the certificate's stage. One of Ellie Marsh's observation scores was moderated down.
RESULTS = {
    23: {"ones": 3, "certificate": "received"},
    24: {"ones": 12, "certificate": "requested"},
    25: {"ones": 1, "certificate": "consented", "moderated": True},
    26: {"ones": 4, "certificate": None},
}
MODERATION_RATIONALE = (
    "The observation notes for this criterion show the assessor prompting the apprentice "
    "twice; the evidence supports a 1, not a 2."
)
ADDRESS = "12 Station Road\nLeeds\nLS1 4DY"
LEARNERS = ("L-201", "L-202", "L-203")


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _scores(assessment: Assessment, ones: int, at: datetime) -> None:
    rows = []
    for method in selectors.methods_taken(assessment):
        for index, criterion in enumerate(method["criteria"]):
            rows.append(
                Score(
                    assessment=assessment,
                    method=method["code"],
                    criterion=criterion["code"],
                    points=1 if index < ones else criterion["max_points"],
                    justification=f"Seen and explained: {criterion['title'].lower()}.",
                    updated_at=at,
                )
            )
    Score.objects.bulk_create(rows)


def _sittings(assessment: Assessment, at: datetime) -> None:
    for method in selectors.methods_taken(assessment):
        sessions = method.get("sessions")
        if sessions:
            minutes = method["duration"]["minutes"] // sessions["count"]
            for number in range(1, sessions["count"] + 1):
                starts = datetime.combine(date.min, time(8 + 2 * number))
                Session.objects.create(
                    assessment=assessment,
                    method=method["code"],
                    number=number,
                    learner_ref=LEARNERS[(number - 1) % len(LEARNERS)],
                    format=Session.Format.ONE_TO_ONE,
                    genuine_confirmed=True,
                    no_other_learners_confirmed=True,
                    started_at=starts.time(),
                    ended_at=(starts + timedelta(minutes=minutes)).time(),
                    updated_at=at,
                )
        questioning = method.get("follow_up_questioning")
        MethodRecord.objects.create(
            assessment=assessment,
            method=method["code"],
            setting_confirmed=bool(method.get("setting")),
            started_at=None if sessions else time(14, 0),
            ended_at=None if sessions else time(14, 55),
            questioning_minutes=questioning["max_minutes"] if questioning else None,
            updated_at=at,
        )


def _moderate(assessment: Assessment, moderator: User, at: datetime) -> None:
    before = assessment.provisional_result
    lowered = Score.objects.filter(assessment=assessment, points=2).order_by("pk").first()
    scores = selectors.scores_for_grading(assessment)
    scores[lowered.method][lowered.criterion] = 1
    moderation = Moderation.objects.create(
        assessment=assessment,
        moderator=moderator,
        decided_at=at,
        outcome=Moderation.Outcome.CHANGED,
        rationale=MODERATION_RATIONALE,
        result_before=before,
        result_after=selectors.graded(assessment, scores=scores),
    )
    ScoreChange.objects.create(
        moderation=moderation,
        method=lowered.method,
        criterion=lowered.criterion,
        points_before=2,
        points_after=1,
    )


def _certificate(assessment: Assessment, stage: str | None, admin: User, on: date) -> None:
    if stage is None:
        return
    Certificate.objects.create(
        assessment=assessment,
        consent_recorded_at=_at(on, 10),
        consent_recorded_by=admin,
        address=ADDRESS,
        requested_at=_at(on + timedelta(days=1), 10) if stage != "consented" else None,
        requested_by=admin if stage != "consented" else None,
        received_at=_at(on + timedelta(days=15), 10) if stage == "received" else None,
        received_by=admin if stage == "received" else None,
    )


def _result(booking: Booking, plan: dict, admin: User, moderator: User) -> None:
    last_day = (
        booking.dates.filter(status=EpaDate.Status.BOOKED)
        .order_by("-day")
        .values_list("day", flat=True)
    ).first()
    if last_day is None or not booking.apprenticeship.standard_version.rules:
        return
    finalised_at = _at(last_day, 16)
    assessment = Assessment.objects.create(
        booking=booking,
        apprenticeship=booking.apprenticeship,
        methods=[m["code"] for m in booking.apprenticeship.standard_version.rules["methods"]],
        created_at=_at(last_day - timedelta(days=10), 9),
        created_by=booking.assessor,
    )
    _sittings(assessment, finalised_at)
    _scores(assessment, plan["ones"], finalised_at)
    assessment.provisional_result = selectors.graded(assessment)
    confirmed_on = last_day + timedelta(days=7)
    if plan.get("moderated"):
        _moderate(assessment, moderator, _at(last_day + timedelta(days=4), 11))
    assessment.status = Assessment.Status.FINAL
    assessment.finalised_at = finalised_at
    assessment.finalised_by = booking.assessor
    assessment.final_result = selectors.current_result(assessment)
    assessment.confirmed_at = _at(confirmed_on, 15)
    assessment.confirmed_by = admin
    assessment.appeal_until = confirmed_on + timedelta(days=20)
    assessment.achieved_on = last_day
    assessment.revision = 3
    assessment.save()
    _certificate(assessment, plan["certificate"], admin, confirmed_on + timedelta(days=2))


def demo_seed_records(*, apprenticeships: Sequence[Apprenticeship], today: date) -> None:
    epao = Organisation.objects.filter(kind=Organisation.Kind.EPAO).order_by("pk").first()
    if epao is None:
        return
    admin = _member(epao.pk, Role.EPAO_ADMIN)
    moderator = _member(epao.pk, Role.MODERATOR)
    _bank(epao, admin, today)
    bookings = {
        booking.apprenticeship_id: booking
        for booking in Booking.objects.filter(apprenticeship__in=apprenticeships).select_related(
            "apprenticeship__standard_version", "assessor"
        )
    }
    for number, apprenticeship in enumerate(apprenticeships, start=1):
        booking = bookings.get(apprenticeship.pk)
        if number in RESULTS and booking is not None and booking.assessor_id:
            _result(booking, RESULTS[number], admin, moderator)


def _bank(epao: Organisation, admin: User, today: date) -> None:
    created_at = timezone.make_aware(datetime.combine(today - timedelta(days=120), time(10)))
    rows = []
    for reference, questions in BANK.items():
        standard = Standard.objects.filter(reference=reference).first()
        if standard is None:
            continue
        for index, (codes, text) in enumerate(questions):
            overdue = index == DUE_FOR_REVIEW_INDEX
            rows.append(
                BankQuestion(
                    epao=epao,
                    standard=standard,
                    text=text,
                    ksb_codes=list(codes),
                    review_on=today - timedelta(days=10)
                    if overdue
                    else today + timedelta(days=200),
                    retired=index == len(questions) - 1,
                    created_at=created_at,
                    created_by=admin,
                )
            )
    BankQuestion.objects.bulk_create(rows)
