"""Who may read, write, put forward and assess portfolio evidence: the one place these rules live.

Everyone who sees the apprenticeship on the provider's and employer's side reads the portfolio;
EPAO staff never do (they read only the Showcase the apprentice submits). The apprentice writes
and puts forward their evidence; the training consultant writes observations of practice and
professional-discussion notes; an employer contact may write a witness testimony, which the
apprentice then maps and puts forward. The consultant, or a provider admin standing in, assesses.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from trellis.apprenticeships.access import get_apprenticeship_for_user, keeps_record
from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.parties import Party, party_of
from trellis.organisations.models import User
from trellis.organisations.roles import Role
from trellis.organisations.selectors import roles_for_user
from trellis.portfolio import rules
from trellis.portfolio.models import EvidenceItem, EvidenceKind

PROVIDER_READERS = (Role.PROVIDER_ADMIN, Role.QUALITY_LEAD, Role.SAFEGUARDING_LEAD)

KINDS_BY_PARTY = {
    Party.APPRENTICE: (
        EvidenceKind.FILE,
        EvidenceKind.REFLECTIVE_ACCOUNT,
        EvidenceKind.WITNESS_TESTIMONY,
        EvidenceKind.MENTORING_SESSION,
        EvidenceKind.CPD,
    ),
    Party.CONSULTANT: (EvidenceKind.OBSERVATION, EvidenceKind.PROFESSIONAL_DISCUSSION),
    Party.EMPLOYER: (EvidenceKind.WITNESS_TESTIMONY,),
}


def can_read_portfolio(user: User, apprenticeship: Apprenticeship) -> bool:
    """Tell whether this person, who sees the apprenticeship, may read its portfolio."""
    if party_of(user, apprenticeship) is not None:
        return True
    # Anyone else who sees the apprenticeship is EPAO staff, who read only the Showcase.
    return apprenticeship.provider_id in roles_for_user(user).organisation_ids(*PROVIDER_READERS)


def get_apprenticeship_for_portfolio(user: User, pk: int) -> Apprenticeship:
    """Return the apprenticeship if this person may read its portfolio; otherwise raise 404."""
    apprenticeship = get_apprenticeship_for_user(user, pk)
    if not can_read_portfolio(user, apprenticeship):
        raise Http404("No such apprenticeship.")
    return apprenticeship


def get_item_for_user(user: User, apprenticeship_pk: int, item_pk: int) -> EvidenceItem:
    """Return the item if this person may read the portfolio it belongs to; otherwise 404."""
    apprenticeship = get_apprenticeship_for_portfolio(user, apprenticeship_pk)
    try:
        item = EvidenceItem.objects.select_related("created_by", "current_decision").get(
            pk=item_pk, apprenticeship=apprenticeship
        )
    except EvidenceItem.DoesNotExist:
        raise Http404("No such evidence item.") from None
    item.apprenticeship = apprenticeship
    return item


def writing_party(user: User, apprenticeship: Apprenticeship) -> Party | None:
    """Return the side this person writes evidence for, or None if they write none."""
    party = party_of(user, apprenticeship)
    if party is None and keeps_record(user, apprenticeship):
        return Party.CONSULTANT
    return party


def kinds_for(user: User, apprenticeship: Apprenticeship) -> tuple[str, ...]:
    """Return the kinds of evidence this person may write in this portfolio."""
    party = writing_party(user, apprenticeship)
    return tuple(KINDS_BY_PARTY.get(party, ())) if party else ()


def require_can_create(user: User, apprenticeship: Apprenticeship, kind: str) -> Party:
    """Return the writer's side; raise 403 unless they may write evidence of this kind."""
    party = writing_party(user, apprenticeship)
    if party is None:
        raise PermissionDenied("Only the apprentice, their consultant or employer add evidence.")
    if kind not in KINDS_BY_PARTY[party]:
        raise PermissionDenied(
            f"The {party.label.lower()} cannot add {EvidenceKind(kind).label.lower()} evidence."
        )
    return party


def owning_party(item: EvidenceItem) -> Party:
    """Return the side that maps the item to KSBs and puts it forward for assessment."""
    return Party.CONSULTANT if item.kind in rules.CONSULTANT_KINDS else Party.APPRENTICE


def can_put_forward(user: User, item: EvidenceItem) -> bool:
    """Tell whether this person maps the item and submits it."""
    return writing_party(user, item.apprenticeship) == owning_party(item)


def require_can_put_forward(user: User, item: EvidenceItem) -> None:
    if not can_put_forward(user, item):
        owner = owning_party(item).label.lower()
        raise PermissionDenied(f"Only the {owner} maps this item to KSBs and submits it.")


def can_change(user: User, item: EvidenceItem) -> bool:
    """Tell whether this person may change the item's words and files: its writer, or the
    side that puts it forward."""
    return item.created_by_id == user.pk or can_put_forward(user, item)


def require_can_change(user: User, item: EvidenceItem) -> None:
    if not can_change(user, item):
        raise PermissionDenied(
            "Only the person who wrote this item, or the one who submits it, may change it."
        )


def can_assess(user: User, apprenticeship: Apprenticeship) -> bool:
    """Tell whether this person assesses evidence: the consultant or a provider admin."""
    return keeps_record(user, apprenticeship)


def require_can_assess(user: User, apprenticeship: Apprenticeship) -> None:
    if not can_assess(user, apprenticeship):
        raise PermissionDenied(
            "Only the training consultant, or a provider admin, assesses evidence."
        )
