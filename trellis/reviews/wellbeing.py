"""What happens when a progress review's well-being check raises concerns.

This is the one place the safeguarding referral workflow will hook in: when it exists,
`wellbeing_concerns_raised` opens a referral for the provider's safeguarding leads to triage.
Until then it tells those leads by email that concerns were recorded, so that they read the
review in Trellis. The email carries the apprentice's name and a link, never the concerns
themselves or any other personal detail: email is not a safe place for them.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from trellis.organisations.models import Membership, User
from trellis.reviews.models import ProgressReview


def safeguarding_leads_for(review: ProgressReview) -> list[User]:
    """Return the safeguarding leads of the provider running the review's apprenticeship."""
    return list(
        User.objects.filter(
            memberships__organisation_id=review.apprenticeship.provider_id,
            memberships__role=Membership.RoleChoice.SAFEGUARDING_LEAD,
            is_active=True,
        ).distinct()
    )


def wellbeing_concerns_raised(*, review_id: int) -> None:
    """Tell the provider's safeguarding leads that a review recorded well-being concerns.

    Called once the review is committed. The safeguarding referral workflow replaces the
    email below with a referral when it is built.
    """
    review = ProgressReview.objects.select_related("apprenticeship__apprentice").get(pk=review_id)
    recipients = [lead.email for lead in safeguarding_leads_for(review)]
    if not recipients:
        return
    apprentice_name = review.apprenticeship.apprentice.full_name
    link = settings.SITE_URL.rstrip("/") + reverse(
        "reviews:detail", args=[review.apprenticeship_id, review.pk]
    )
    send_mail(
        subject=f"Well-being concerns recorded at a progress review: {apprentice_name}",
        message=(
            f"A progress review for {apprentice_name} records well-being concerns.\n\n"
            f"Read the review in Trellis (sign in first): {link}\n\n"
            "The details are in Trellis only; do not forward this email.\n"
        ),
        from_email=None,
        recipient_list=recipients,
    )
