"""What happens when a progress review's well-being check raises concerns.

This is the one place a well-being concern leaves the review: it is raised as a safeguarding
concern for the provider's safeguarding leads, in the same transaction as the review is
saved, and the concern's own notification tells them once it is committed. What was seen or
said goes into the concern only; the review keeps that concerns were raised, not what they
were, because the apprentice and the employer contact read the review.

A review passes its concerns on once: saving it again, or correcting it, raises nothing new.
Reviews recorded before concerns were raised this way kept their notes and told the leads by
email; they are treated as passed on already.
"""

from datetime import datetime

from django.core.exceptions import ValidationError

from trellis.organisations.models import User
from trellis.reviews.models import ProgressReview
from trellis.safeguarding.models import Concern
from trellis.safeguarding.services import ConcernDetails, concern_raise

ACTION_TAKEN = "Raised at a progress review."

# The concern's fields, as the review form names them.
REVIEW_FIELD_FOR = {
    "category": "wellbeing_category",
    "immediate_risk": "wellbeing_immediate_risk",
    "account": "wellbeing_notes",
    "happened_on": "held_on",
}


def concerns_passed_on(review: ProgressReview, *, stored_wellbeing: str | None) -> bool:
    """Say whether the review's concerns have already left it: the review as saved records
    concerns (so it raised them, or told the leads before concerns were raised this way), or
    it is a correction of a review that did."""
    if stored_wellbeing == ProgressReview.Wellbeing.CONCERNS:
        return True
    if review.pk is not None and Concern.objects.filter(raised_from_review=review).exists():
        return True
    corrected = review.corrects
    return corrected is not None and corrected.wellbeing == ProgressReview.Wellbeing.CONCERNS


def concern_problems(*, category: str, immediate_risk: bool | None, account: str) -> dict[str, str]:
    """Return what the review form must say before it can raise a concern, by form field."""
    errors = {}
    if category not in Concern.Category.values:
        errors["wellbeing_category"] = "Choose what kind of concern this is."
    if immediate_risk is None:
        errors["wellbeing_immediate_risk"] = "Say whether anyone is at immediate risk."
    if not account.strip():
        errors["wellbeing_notes"] = (
            "Write what was seen or said, in the apprentice's own words where you can."
        )
    return errors


def raise_wellbeing_concern(
    review: ProgressReview,
    raised_by: User,
    category: str,
    immediate_risk: bool,
    account: str,
) -> Concern:
    """Raise the review's well-being concerns as a safeguarding concern about the apprentice.

    Called inside the transaction that saves the review, after it is saved: if the review is
    refused or rolled back, no concern is raised and no one is told. Errors name the review
    form's fields.
    """
    try:
        receipt = concern_raise(
            raised_by=raised_by,
            apprenticeship=review.apprenticeship,
            details=ConcernDetails(
                category=category,
                account=account,
                happened_on=review.held_on,
                immediate_risk=immediate_risk,
                action_taken=ACTION_TAKEN,
            ),
            from_review=review,
        )
    except ValidationError as error:
        raise ValidationError(
            {
                REVIEW_FIELD_FOR.get(key, key): messages
                for key, messages in error.message_dict.items()
            }
        ) from None
    return receipt.concern


def concern_raised_at(review: ProgressReview) -> datetime | None:
    """Return when the review's concerns were raised as a safeguarding concern (by it, or by
    the review it corrects), or None. Nothing of the concern but when it was raised."""
    seen = set()
    while review is not None and review.pk not in seen:
        seen.add(review.pk)
        raised_at = (
            Concern.objects.filter(raised_from_review_id=review.pk)
            .values_list("raised_at", flat=True)
            .first()
        )
        if raised_at is not None:
            return raised_at
        review = review.corrects
    return None
