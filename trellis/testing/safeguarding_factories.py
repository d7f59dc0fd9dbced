"""Concerns in the states tests need, made through the same services the pages use."""

from datetime import timedelta

from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.organisations.models import Membership, Organisation, User
from trellis.safeguarding.models import Concern
from trellis.safeguarding.services import ConcernDetails, concern_raise
from trellis.testing.factories import MembershipFactory, UserFactory

ACCOUNT = (
    "She said “I haven't eaten since Friday, there's nothing in the house” and was shaking "
    "when she arrived."
)


def concern_details(**overrides) -> ConcernDetails:
    values = {
        "category": Concern.Category.NEGLECT,
        "account": ACCOUNT,
        "happened_on": timezone.localdate() - timedelta(days=1),
        "immediate_risk": False,
        "action_taken": "Made sure she had lunch and told her I would pass this on.",
    }
    values.update(overrides)
    return ConcernDetails(**values)


def raise_concern(
    apprenticeship: Apprenticeship, raised_by: User, upload=None, **overrides
) -> Concern:
    """Raise a concern about the apprenticeship as this person (who must be able to)."""
    return concern_raise(
        raised_by=raised_by,
        apprenticeship=apprenticeship,
        details=concern_details(**overrides),
        upload=upload,
    ).concern


def other_provider_lead(other_provider: Organisation) -> User:
    """Return a safeguarding lead at another provider, who must see nothing of this one's."""
    user = UserFactory(email="sasha@trellis.example", full_name="Sasha Example")
    MembershipFactory(
        user=user, organisation=other_provider, role=Membership.RoleChoice.SAFEGUARDING_LEAD
    )
    return user
