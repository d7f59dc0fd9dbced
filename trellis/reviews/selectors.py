"""Reads for progress reviews."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Sum

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.parties import SIGNING_PARTIES, Party
from trellis.apprenticeships.selectors import break_periods, funding_period_for
from trellis.otj.models import OtjEntry
from trellis.reviews import rules
from trellis.reviews.models import ActionFollowUp, KsbProgress, NextStep, ProgressReview

# Once the apprentice is at gateway (or beyond, or gone) no more progress reviews fall due.
REVIEWS_STOPPED_STATUSES = (
    Apprenticeship.Status.GATEWAY,
    Apprenticeship.Status.IN_EPA,
    Apprenticeship.Status.COMPLETED,
    Apprenticeship.Status.WITHDRAWN,
)


@dataclass(frozen=True)
class ReviewSchedule:
    """When the last review was held and when the next is due.

    next_due is None while a break in learning is open, and once reviews stop (gateway,
    withdrawal, completion).
    """

    last_review_on: date | None
    next_due: date | None


def reviews_for(apprenticeship: Apprenticeship) -> QuerySet[ProgressReview]:
    """Return the apprenticeship's reviews, newest first, with what their pages show."""
    return (
        ProgressReview.objects.filter(apprenticeship=apprenticeship)
        .select_related("recorded_by", "corrects")
        .prefetch_related(
            Prefetch("ksb_progress", KsbProgress.objects.select_related("ksb")),
            "next_steps",
            Prefetch("follow_ups", ActionFollowUp.objects.select_related("next_step")),
            "signatures__signed_by",
            "corrections",
        )
        .order_by("-held_on", "-pk")
    )


def standing_reviews(apprenticeship: Apprenticeship) -> list[ProgressReview]:
    """Return the reviews that stand: each as last corrected, newest first.

    A correction stands in for the review it corrects once all three have signed it; until
    then the original stands.
    """
    reviews = list(
        ProgressReview.objects.filter(apprenticeship=apprenticeship).order_by("-held_on", "-pk")
    )
    superseded = {r.corrects_id for r in reviews if r.corrects_id and r.is_locked}
    return [r for r in reviews if r.pk not in superseded and (r.corrects_id is None or r.is_locked)]


def last_review(apprenticeship: Apprenticeship) -> ProgressReview | None:
    """Return the latest review that stands, or None before the first."""
    standing = standing_reviews(apprenticeship)
    return standing[0] if standing else None


def review_schedule(apprenticeship: Apprenticeship) -> ReviewSchedule:
    """Return when the apprenticeship's last review was held and when the next falls due."""
    last = last_review(apprenticeship)
    next_due = rules.next_review_due(
        funding_period_for(apprenticeship).reviews,
        start=apprenticeship.start_date,
        last_held_on=last.held_on if last else None,
        agreed_next_date=last.next_review_date if last else None,
        breaks=break_periods(apprenticeship),
        reviews_stopped=apprenticeship.status in REVIEWS_STOPPED_STATUSES,
    )
    return ReviewSchedule(last_review_on=last.held_on if last else None, next_due=next_due)


def latest_next_review_date(apprenticeship: Apprenticeship, held_on: date) -> date:
    """Return the latest next review date a review held on this day may agree."""
    return rules.latest_next_review_date(
        funding_period_for(apprenticeship).reviews, held_on=held_on
    )


def confirmed_otj_hours_since(apprenticeship: Apprenticeship, since: date | None) -> Decimal:
    """Return the confirmed off-the-job hours after `since` (all of them if None)."""
    entries = OtjEntry.objects.filter(
        apprenticeship=apprenticeship, status=OtjEntry.Status.CONFIRMED
    )
    if since is not None:
        entries = entries.filter(date__gt=since)
    minutes = entries.aggregate(total=Sum("duration_minutes"))["total"] or 0
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))


def steps_to_follow_up(
    apprenticeship: Apprenticeship, review: ProgressReview | None = None
) -> list[NextStep]:
    """Return the next steps agreed at the review before this one (or before a new one).

    A correction follows up the same steps as the review it corrects.
    """
    earlier = [
        r
        for r in standing_reviews(apprenticeship)
        if review is None
        or (r.pk not in (review.pk, review.corrects_id) and (r.held_on, r.pk) < _position(review))
    ]
    return list(earlier[0].next_steps.all()) if earlier else []


def _position(review: ProgressReview) -> tuple[date, int]:
    original = review.corrects or review
    return (original.held_on, original.pk)


def last_ratings(apprenticeship: Apprenticeship) -> dict[int, str]:
    """Return the KSB ratings given at the last review, by KSB id."""
    last = last_review(apprenticeship)
    if last is None:
        return {}
    return dict(last.ksb_progress.values_list("ksb_id", "rating"))


def parties_still_to_sign(review: ProgressReview) -> list[Party]:
    """Return the parties who have not yet signed this review, in signing order."""
    signed = {signature.party for signature in review.signatures.all()}
    return [party for party in SIGNING_PARTIES if party not in signed]
