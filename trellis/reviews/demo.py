"""Demo progress reviews, dated relative to today, recorded and signed through the services.

Most apprentices have had their reviews on time and signed. A few show what a consultant
has to act on: one overdue, one due within days, one waiting for the employer's signature,
and one whose locked review was corrected.
"""

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.selectors import funding_period_for
from trellis.organisations.models import Membership, User
from trellis.reviews import selectors, services
from trellis.reviews.models import KsbProgress, ProgressReview
from trellis.reviews.services import FollowUpInput, NextStepInput, ReviewContent

# Reviews are held a few days before they fall due, and none in the last few weeks unless
# a scenario below asks for one.
HELD_DAYS_EARLY = 3
RECENT_DAYS = 20

# Apprentice name: what their reviews show.
OVERDUE = {"Zara Ahmed", "Niamh O'Connor"}  # the last review was long ago
DUE_SOON = {"Chloe Bennett", "Aled Pritchard"}  # the next falls due within 14 days
AWAITING_EMPLOYER = "Kwame Mensah"  # held last week; the employer has still to sign
CORRECTED = "Callum Fraser"  # the first review was locked, then corrected

NEXT_STEPS = (
    ("Write a reflective log on a mentoring conversation", "apprentice", 21),
    ("Arrange to observe an experienced mentor", "employer", 28),
    ("Share the guide to giving feedback", "consultant", 14),
    ("Complete the e-learning on safeguarding", "apprentice", 35),
)


def demo_seed_records(*, apprenticeships: Sequence[Apprenticeship], today: date) -> None:
    """Add progress reviews to the demo apprenticeships."""
    for apprenticeship in apprenticeships:
        name = apprenticeship.apprentice.full_name
        held = _held_dates(apprenticeship, today, name)
        for number, held_on in enumerate(held, start=1):
            is_last = number == len(held)
            review = _record(apprenticeship, held_on, number, today=today)
            signers = _signers(apprenticeship)
            if is_last and name == AWAITING_EMPLOYER:
                signers = signers[:2]
            for user in signers:
                services.review_sign(review=review, signed_by=user)
            if number == 1 and name == CORRECTED:
                _correct(apprenticeship, review)


def _held_dates(apprenticeship: Apprenticeship, today: date, name: str) -> list[date]:
    """Return the days this apprentice's reviews were held, oldest first."""
    cadence = funding_period_for(apprenticeship).reviews
    last_day = min(today, apprenticeship.planned_end_date) - timedelta(days=RECENT_DAYS)
    if name in DUE_SOON:
        # The last review was held so that the next falls due about ten days from now.
        last_day = cadence.due_after(today + timedelta(days=10), -1)
    held: list[date] = []
    base = apprenticeship.start_date
    while (due := cadence.due_after(base) - timedelta(days=HELD_DAYS_EARLY)) <= last_day:
        held.append(due)
        base = due
    if name in DUE_SOON:
        held = [day for day in held if day < last_day - timedelta(days=14)] + [last_day]
    if name in OVERDUE:
        held = held[:1]
    if name == AWAITING_EMPLOYER:
        held.append(today - timedelta(days=7))
    return held


def _record(
    apprenticeship: Apprenticeship, held_on: date, number: int, *, today: date
) -> ProgressReview:
    cadence = funding_period_for(apprenticeship).reviews
    last = selectors.last_review(apprenticeship)
    steps = selectors.steps_to_follow_up(apprenticeship)
    ksb_ids = list(
        apprenticeship.standard_version.ksbs.order_by("position").values_list("pk", flat=True)
    )
    content = ReviewContent(
        held_on=held_on,
        mode=ProgressReview.Mode.ONLINE if number % 2 else ProgressReview.Mode.FACE_TO_FACE,
        next_review_date=cadence.due_after(held_on) - timedelta(days=HELD_DAYS_EARLY),
        otj_hours_since=selectors.confirmed_otj_hours_since(
            apprenticeship, last.held_on if last else None
        )
        or Decimal(18 + number * 3),
        training_since="Workshops on questioning and feedback; mentoring practice with a "
        "new colleague.",
        coaching="Planning a first mentoring meeting and agreeing its boundaries.",
        ksb_ratings={
            ksb_id: _rating(index, len(ksb_ids), number) for index, ksb_id in enumerate(ksb_ids)
        },
        follow_ups=[
            FollowUpInput(
                next_step_id=step.pk,
                done=index % 3 != 2,
                note="" if index % 3 != 2 else "Moved to the next review: staff shortages.",
            )
            for index, step in enumerate(steps)
        ],
        next_steps=[
            NextStepInput(
                description=description,
                owner=owner,
                due_date=held_on + timedelta(days=days),
            )
            for description, owner, days in NEXT_STEPS[number % 2 :: 2]
        ],
    )
    return services.review_record(
        apprenticeship=apprenticeship, recorded_by=apprenticeship.consultant, content=content
    )


def _rating(index: int, count: int, number: int) -> str:
    """Return a KSB's rating at the nth review: more are secure as the apprenticeship goes on."""
    secure_share = min(number * 0.15, 1)
    started_share = min(0.3 + number * 0.2, 1)
    if index < count * secure_share:
        return KsbProgress.Rating.SECURE
    if index < count * started_share:
        return KsbProgress.Rating.WORKING_TOWARDS
    return KsbProgress.Rating.NOT_STARTED


def _signers(apprenticeship: Apprenticeship) -> list[User]:
    """Return the apprentice, the consultant and the employer contact, in signing order."""
    employer_contact = User.objects.filter(
        memberships__organisation_id=apprenticeship.employer_id,
        memberships__role=Membership.RoleChoice.EMPLOYER_CONTACT,
    ).order_by("pk")[0]
    return [apprenticeship.apprentice, apprenticeship.consultant, employer_contact]


def _correct(apprenticeship: Apprenticeship, review: ProgressReview) -> None:
    """Correct a locked review: it was held face to face, not online; all three sign again."""
    review.refresh_from_db()
    correction = services.review_correct(
        review=review,
        corrected_by=apprenticeship.consultant,
        reason="Recorded as online by mistake: the review was held face to face at work.",
    )
    content = services.content_of(correction)
    services.review_update(
        review=correction,
        changed_by=apprenticeship.consultant,
        content=ReviewContent(
            **{**vars(content), "mode": ProgressReview.Mode.FACE_TO_FACE},
        ),
    )
    for user in _signers(apprenticeship):
        services.review_sign(review=correction, signed_by=user)
