"""Build progress review content and records for tests."""

from datetime import date, timedelta

from trellis.apprenticeships.models import Apprenticeship
from trellis.organisations.models import User
from trellis.reviews.models import KsbProgress, ProgressReview
from trellis.reviews.selectors import steps_to_follow_up
from trellis.reviews.services import (
    FollowUpInput,
    NextStepInput,
    ReviewContent,
    review_record,
    review_sign,
)


def review_content(
    apprenticeship: Apprenticeship,
    *,
    held_on: date,
    next_review_date: date | None = None,
    review: ProgressReview | None = None,
    **changes,
) -> ReviewContent:
    """Return complete, valid content for a review held on this day (or for `review`)."""
    fields = {
        "held_on": held_on,
        "mode": ProgressReview.Mode.ONLINE,
        "next_review_date": next_review_date or held_on + timedelta(weeks=8),
        "training_since": "Two workshops on questioning.",
        "coaching": "Planning a mentoring session.",
        "ksb_ratings": dict.fromkeys(
            apprenticeship.standard_version.ksbs.values_list("pk", flat=True),
            KsbProgress.Rating.WORKING_TOWARDS,
        ),
        "follow_ups": [
            FollowUpInput(next_step_id=step.pk, done=True)
            for step in steps_to_follow_up(apprenticeship, review)
        ],
        "next_steps": [
            NextStepInput(
                description="Observe a mentoring session",
                owner="apprentice",
                due_date=held_on + timedelta(weeks=4),
            )
        ],
    }
    fields.update(changes)
    return ReviewContent(**fields)


def recorded_review(
    apprenticeship: Apprenticeship, *, held_on: date, signed_by: list[User] = (), **changes
) -> ProgressReview:
    """Record a review through the service as the consultant, and sign it as those given."""
    review = review_record(
        apprenticeship=apprenticeship,
        recorded_by=apprenticeship.consultant,
        content=review_content(apprenticeship, held_on=held_on, **changes),
    )
    for user in signed_by:
        review_sign(review=review, signed_by=user)
    review.refresh_from_db()
    return review
