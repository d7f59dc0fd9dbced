"""Writes for progress reviews: record, change before signing, sign, correct."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.parties import SIGNING_PARTIES
from trellis.apprenticeships.selectors import funding_period_for
from trellis.caseload.services import caseload_summary_refresh
from trellis.organisations.models import User
from trellis.reviews import access, rules, selectors
from trellis.reviews.models import (
    ActionFollowUp,
    KsbProgress,
    NextStep,
    ProgressReview,
    ReviewSignature,
)
from trellis.reviews.wellbeing import (
    concern_problems,
    concerns_passed_on,
    raise_wellbeing_concern,
)
from trellis.wording import day_label


@dataclass(frozen=True)
class FollowUpInput:
    next_step_id: int
    done: bool
    note: str = ""


@dataclass(frozen=True)
class NextStepInput:
    description: str
    owner: str
    due_date: date


@dataclass(frozen=True)
class ReviewContent:
    """What the consultant records at a review."""

    held_on: date
    mode: str
    next_review_date: date
    otj_hours_since: Decimal = Decimal("0")
    training_since: str = ""
    coaching: str = ""
    wellbeing: str = ProgressReview.Wellbeing.NO_CONCERNS
    wellbeing_notes: str = ""
    # With concerns not yet passed on: what kind, and whether anyone is at immediate risk.
    # Notes go into the safeguarding concern only.
    wellbeing_category: str = ""
    wellbeing_immediate_risk: bool | None = None
    ksb_ratings: dict[int, str] = field(default_factory=dict)
    follow_ups: list[FollowUpInput] = field(default_factory=list)
    next_steps: list[NextStepInput] = field(default_factory=list)


CONTENT_FIELDS = (
    "held_on",
    "mode",
    "next_review_date",
    "otj_hours_since",
    "training_since",
    "coaching",
    "wellbeing",
    "wellbeing_notes",
)


def content_of(review: ProgressReview) -> ReviewContent:
    """Return a review's content, as a form or a correction starts from."""
    return ReviewContent(
        **{name: getattr(review, name) for name in CONTENT_FIELDS},
        ksb_ratings={row.ksb_id: row.rating for row in review.ksb_progress.all()},
        follow_ups=[
            FollowUpInput(next_step_id=row.next_step_id, done=row.done, note=row.note)
            for row in review.follow_ups.all()
        ],
        next_steps=[
            NextStepInput(description=row.description, owner=row.owner, due_date=row.due_date)
            for row in review.next_steps.all()
        ],
    )


def review_record(
    *, apprenticeship: Apprenticeship, recorded_by: User, content: ReviewContent
) -> ProgressReview:
    """Record a review the consultant held with the apprentice and the employer."""
    access.require_can_record(recorded_by, apprenticeship)
    with transaction.atomic():
        schedule = selectors.review_schedule(apprenticeship)
        steps = selectors.steps_to_follow_up(apprenticeship)
        review = ProgressReview(
            apprenticeship=apprenticeship,
            recorded_by=recorded_by,
            due_date=schedule.next_due or content.held_on,
        )
        _write_content(review, content, steps_to_follow_up=steps, saved_by=recorded_by)
        caseload_summary_refresh(apprenticeship=apprenticeship)
    return review


def review_update(
    *, review: ProgressReview, changed_by: User, content: ReviewContent
) -> ProgressReview:
    """Change a review's content; only its recorder's consultant, and only before anyone signs."""
    apprenticeship = review.apprenticeship
    access.require_can_record(changed_by, apprenticeship)
    with transaction.atomic():
        review = ProgressReview.objects.select_for_update().get(pk=review.pk)
        review.apprenticeship = apprenticeship
        _refuse_if_signed(review)
        steps = selectors.steps_to_follow_up(apprenticeship, review)
        review.ksb_progress.all().delete()
        review.follow_ups.all().delete()
        review.next_steps.all().delete()
        _write_content(review, content, steps_to_follow_up=steps, saved_by=changed_by)
        caseload_summary_refresh(apprenticeship=apprenticeship)
    return review


def review_sign(*, review: ProgressReview, signed_by: User) -> ReviewSignature:
    """Sign the review as the party this person plays; the last of the three locks it."""
    apprenticeship = review.apprenticeship
    with transaction.atomic():
        review = ProgressReview.objects.select_for_update().get(pk=review.pk)
        review.apprenticeship = apprenticeship
        if review.is_locked:
            raise ValidationError({"review": "All three have signed this review; it is locked."})
        party = access.signing_party(signed_by, review)
        if party is None:
            if review.signatures.filter(signed_by=signed_by).exists():
                raise ValidationError({"review": "You have already signed this review."})
            raise PermissionDenied(
                "Only the apprentice, their training consultant and their employer contact sign."
            )
        now = timezone.now()
        signature = ReviewSignature.objects.create(
            review=review, party=party, signed_by=signed_by, signed_at=now
        )
        if set(review.signatures.values_list("party", flat=True)) >= set(SIGNING_PARTIES):
            review.locked_at = now
            review.save(update_fields=["locked_at", "updated_at"])
        caseload_summary_refresh(apprenticeship=apprenticeship)
    return signature


def review_correct(*, review: ProgressReview, corrected_by: User, reason: str) -> ProgressReview:
    """Start a correction of a locked review: a new record, copying its content, for signing."""
    apprenticeship = review.apprenticeship
    access.require_can_record(corrected_by, apprenticeship)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the review needs correcting."})
    with transaction.atomic():
        review = ProgressReview.objects.select_for_update().get(pk=review.pk)
        review.apprenticeship = apprenticeship
        if not review.is_locked:
            raise ValidationError(
                {"review": "This review is not locked yet: change it instead of correcting it."}
            )
        if review.corrections.exists():
            raise ValidationError(
                {"review": "This review already has a correction: change or correct that one."}
            )
        content = content_of(review)
        steps = selectors.steps_to_follow_up(apprenticeship, review)
        correction = ProgressReview(
            apprenticeship=apprenticeship,
            recorded_by=corrected_by,
            due_date=review.due_date,
            corrects=review,
            correction_reason=reason,
        )
        _write_content(correction, content, steps_to_follow_up=steps, saved_by=corrected_by)
        caseload_summary_refresh(apprenticeship=apprenticeship)
    return correction


def _refuse_if_signed(review: ProgressReview) -> None:
    if review.is_locked:
        raise ValidationError(
            {"review": "All three have signed this review; it is locked. Correct it instead."}
        )
    if review.signatures.exists():
        raise ValidationError(
            {"review": "Someone has signed this review, so it can no longer be changed."}
        )


def _write_content(
    review: ProgressReview,
    content: ReviewContent,
    *,
    steps_to_follow_up: list[NextStep],
    saved_by: User,
) -> None:
    """Check and save the review's content and its rows; raise ValidationError on any problem.

    Concerns from the well-being check not yet passed on are raised as a safeguarding concern
    in the caller's transaction, and what was seen or said is not kept in the review."""
    apprenticeship = review.apprenticeship
    errors = _content_problems(apprenticeship, content, steps_to_follow_up)
    stored_wellbeing = review.wellbeing if review.pk is not None else None
    raising = content.wellbeing == ProgressReview.Wellbeing.CONCERNS and not concerns_passed_on(
        review, stored_wellbeing=stored_wellbeing
    )
    if raising:
        errors.update(
            concern_problems(
                category=content.wellbeing_category,
                immediate_risk=content.wellbeing_immediate_risk,
                account=content.wellbeing_notes,
            )
        )
    # Notes are kept only as an older review recorded them (or its correction copies them).
    kept_notes = "" if raising else _kept_notes(review, content)
    for name in CONTENT_FIELDS:
        setattr(review, name, getattr(content, name))
    review.wellbeing_notes = kept_notes
    try:
        review.full_clean(exclude=["apprenticeship", "recorded_by", "corrects"])
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            errors.setdefault(key, messages[0])
    if errors:
        raise ValidationError(errors)
    review.save()
    KsbProgress.objects.bulk_create(
        KsbProgress(review=review, ksb_id=ksb_id, rating=rating)
        for ksb_id, rating in content.ksb_ratings.items()
    )
    ActionFollowUp.objects.bulk_create(
        ActionFollowUp(review=review, next_step_id=row.next_step_id, done=row.done, note=row.note)
        for row in content.follow_ups
    )
    NextStep.objects.bulk_create(
        NextStep(review=review, description=row.description, owner=row.owner, due_date=row.due_date)
        for row in content.next_steps
    )
    if raising:
        raise_wellbeing_concern(
            review,
            saved_by,
            content.wellbeing_category,
            bool(content.wellbeing_immediate_risk),
            content.wellbeing_notes,
        )


def _kept_notes(review: ProgressReview, content: ReviewContent) -> str:
    """Return the well-being notes the review keeps when it raises nothing. New notes are never
    kept; reviews recorded before concerns went to the safeguarding lead kept theirs, which
    stay while the review records concerns (and a new correction copies them)."""
    if content.wellbeing != ProgressReview.Wellbeing.CONCERNS:
        return ""
    if review.pk is not None:
        return review.wellbeing_notes
    return review.corrects.wellbeing_notes if review.corrects is not None else ""


def _content_problems(
    apprenticeship: Apprenticeship, content: ReviewContent, steps: list[NextStep]
) -> dict[str, str]:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if content.held_on > today:
        errors["held_on"] = "Enter the day the review was held: it cannot be in the future."
    elif content.held_on < apprenticeship.start_date:
        errors["held_on"] = (
            f"Enter a day on or after the start date ({day_label(apprenticeship.start_date)})."
        )
    problem = rules.next_review_date_problem(
        funding_period_for(apprenticeship).reviews,
        held_on=content.held_on,
        next_date=content.next_review_date,
    )
    if problem:
        errors["next_review_date"] = problem
    ksb_ids = set(apprenticeship.standard_version.ksbs.values_list("pk", flat=True))
    valid_ratings = set(KsbProgress.Rating.values)
    if (
        set(content.ksb_ratings) != ksb_ids
        or not set(content.ksb_ratings.values()) <= valid_ratings
    ):
        errors["ksb_ratings"] = "Choose not started, working towards or secure for every KSB."
    if {row.next_step_id for row in content.follow_ups} != {step.pk for step in steps}:
        errors["follow_ups"] = "Say whether each next step agreed at the last review was done."
    for row in content.next_steps:
        if not row.description.strip() or row.owner not in SIGNING_PARTIES:
            errors["next_steps"] = "Give each next step a description and an owner."
        elif row.due_date <= content.held_on:
            errors["next_steps"] = "Give each next step a due date after the review."
    return errors
