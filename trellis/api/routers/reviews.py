"""Progress reviews: the schedule, the reviews with their content and signatures, and writes."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from trellis.api.schemas import ErrorOut
from trellis.apprenticeships.access import get_apprenticeship_for_user
from trellis.apprenticeships.parties import Party
from trellis.reviews import access, selectors
from trellis.reviews.models import KsbProgress, ProgressReview
from trellis.reviews.services import (
    FollowUpInput,
    NextStepInput,
    ReviewContent,
    review_correct,
    review_record,
    review_sign,
)
from trellis.safeguarding.models import Concern

router = Router(tags=["reviews"])
REVIEWS = "/apprenticeships/{apprenticeship_id}/reviews"
ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
ConcernCategory = Literal[tuple(Concern.Category.values)]


class KsbProgressOut(Schema):
    ksb: str = Field(validation_alias="ksb.code")
    rating: KsbProgress.Rating


class NextStepOut(Schema):
    id: int
    description: str
    owner: Party
    due_date: date


class FollowUpOut(Schema):
    next_step_id: int
    description: str = Field(validation_alias="next_step.description")
    done: bool
    note: str


class ReviewSignatureOut(Schema):
    party: Party
    signed_by: str = Field(validation_alias="signed_by.full_name")
    signed_at: datetime


class ReviewOut(Schema):
    id: int
    due_date: date
    held_on: date
    mode: ProgressReview.Mode
    training_since: str
    otj_hours_since: Decimal
    coaching: str
    wellbeing: ProgressReview.Wellbeing
    wellbeing_notes: str = Field(
        description="Kept only by reviews recorded before concerns were raised as "
        "safeguarding concerns; empty otherwise."
    )
    next_review_date: date
    corrects_id: int | None = Field(description="The locked review this one corrects.")
    correction_reason: str
    corrected_by_ids: list[int] = Field(description="Corrections of this review.")
    locked_at: datetime | None = Field(description="Set once all three have signed.")
    waiting_for: list[Party] = Field(description="The parties who have not signed yet.")
    ksb_progress: list[KsbProgressOut]
    follow_ups: list[FollowUpOut]
    next_steps: list[NextStepOut]
    signatures: list[ReviewSignatureOut]

    @staticmethod
    def resolve_corrected_by_ids(review: ProgressReview) -> list[int]:
        return [correction.pk for correction in review.corrections.all()]

    @staticmethod
    def resolve_waiting_for(review: ProgressReview) -> list[Party]:
        return selectors.parties_still_to_sign(review)

    @staticmethod
    def resolve_ksb_progress(review: ProgressReview):
        return list(review.ksb_progress.all())

    @staticmethod
    def resolve_follow_ups(review: ProgressReview):
        return list(review.follow_ups.all())

    @staticmethod
    def resolve_next_steps(review: ProgressReview):
        return list(review.next_steps.all())

    @staticmethod
    def resolve_signatures(review: ProgressReview):
        return list(review.signatures.all())


class ScheduleOut(Schema):
    last_review_on: date | None
    next_due: date | None = Field(
        description="None during an open break in learning and once reviews stop (gateway on)."
    )


class FollowUpIn(Schema):
    next_step_id: int
    done: bool
    note: str = ""


class NextStepIn(Schema):
    description: str
    owner: Party
    due_date: date


class ReviewIn(Schema):
    held_on: date
    mode: ProgressReview.Mode
    next_review_date: date
    otj_hours_since: Decimal = Decimal("0")
    training_since: str = ""
    coaching: str = ""
    wellbeing: ProgressReview.Wellbeing = ProgressReview.Wellbeing.NO_CONCERNS
    wellbeing_category: ConcernCategory | None = Field(
        None, description="With concerns: what kind. Needed to raise the safeguarding concern."
    )
    wellbeing_immediate_risk: bool | None = Field(
        None, description="With concerns: whether anyone is at immediate risk. Needed too."
    )
    wellbeing_notes: str = Field(
        "",
        description="With concerns: what was seen or said. It goes to the safeguarding lead "
        "in the safeguarding concern the review raises, and is not kept in the review.",
    )
    ksb_ratings: dict[str, KsbProgress.Rating] = Field(
        description="A rating for every KSB of the standard version, by KSB code."
    )
    follow_ups: list[FollowUpIn] = Field(
        default=[], description="Whether each next step agreed at the last review was done."
    )
    next_steps: list[NextStepIn] = []


class CorrectionIn(Schema):
    reason: str


def _review_out(apprenticeship, review_id: int) -> ProgressReview:
    return selectors.reviews_for(apprenticeship).get(pk=review_id)


@router.get(REVIEWS, response={200: list[ReviewOut], 404: ErrorOut})
def review_list(request: HttpRequest, apprenticeship_id: int):
    """List the apprenticeship's reviews, newest first."""
    apprenticeship = get_apprenticeship_for_user(request.auth, apprenticeship_id)
    return list(selectors.reviews_for(apprenticeship))


@router.get(f"{REVIEWS}/schedule", response={200: ScheduleOut, 404: ErrorOut})
def review_schedule(request: HttpRequest, apprenticeship_id: int):
    """Return when the last review was held and when the next is due."""
    apprenticeship = get_apprenticeship_for_user(request.auth, apprenticeship_id)
    return selectors.review_schedule(apprenticeship)


@router.get(REVIEWS + "/{review_id}", response={200: ReviewOut, 404: ErrorOut})
def review_detail(request: HttpRequest, apprenticeship_id: int, review_id: int):
    """Return one review with its KSB progress, next steps and signatures."""
    review = access.get_review_for_user(request.auth, apprenticeship_id, review_id)
    return _review_out(review.apprenticeship, review.pk)


@router.post(REVIEWS, response={201: ReviewOut, **ERRORS})
def review_create(request: HttpRequest, apprenticeship_id: int, payload: ReviewIn):
    """Record a review (the apprentice's training consultant only)."""
    apprenticeship = get_apprenticeship_for_user(request.auth, apprenticeship_id)
    access.require_can_record(request.auth, apprenticeship)
    ksb_ids = dict(apprenticeship.standard_version.ksbs.values_list("code", "pk"))
    unknown = sorted(set(payload.ksb_ratings) - set(ksb_ids))
    if unknown:
        raise ValidationError({"ksb_ratings": f"Not KSBs of this standard: {', '.join(unknown)}."})
    content = ReviewContent(
        **payload.dict(exclude={"ksb_ratings", "follow_ups", "next_steps", "wellbeing_category"}),
        wellbeing_category=payload.wellbeing_category or "",
        ksb_ratings={ksb_ids[code]: rating for code, rating in payload.ksb_ratings.items()},
        follow_ups=[FollowUpInput(**row.dict()) for row in payload.follow_ups],
        next_steps=[NextStepInput(**row.dict()) for row in payload.next_steps],
    )
    review = review_record(apprenticeship=apprenticeship, recorded_by=request.auth, content=content)
    return Status(201, _review_out(apprenticeship, review.pk))


@router.post(REVIEWS + "/{review_id}/sign", response={200: ReviewOut, **ERRORS})
def review_sign_endpoint(request: HttpRequest, apprenticeship_id: int, review_id: int):
    """Sign the review as the apprentice, their consultant or their employer contact."""
    review = access.get_review_for_user(request.auth, apprenticeship_id, review_id)
    review_sign(review=review, signed_by=request.auth)
    return _review_out(review.apprenticeship, review.pk)


@router.post(REVIEWS + "/{review_id}/correction", response={201: ReviewOut, **ERRORS})
def review_correction(
    request: HttpRequest, apprenticeship_id: int, review_id: int, payload: CorrectionIn
):
    """Start a correction of a locked review: a new linked record that all three sign."""
    review = access.get_review_for_user(request.auth, apprenticeship_id, review_id)
    correction = review_correct(review=review, corrected_by=request.auth, reason=payload.reason)
    return Status(201, _review_out(review.apprenticeship, correction.pk))
