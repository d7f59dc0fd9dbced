"""Who may see and do what at gateway: the one place these rules live.

The provider's side (the apprentice, their consultant, their employer's contacts and the
provider's staff) reaches gateway through the apprentice's record. The EPAO's admins and
moderators reach only the attempts submitted to their organisation, and through them only what
the assessment needs: the checklist, the declarations, the frozen Showcase and the contact
details of the apprentice and employer. Everything else stays 404 to them.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from trellis.apprenticeships.access import (
    EPAO_VISIBLE_STATUSES,
    get_apprenticeship_for_user,
    keeps_record,
    provider_ids_managed_by,
)
from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.parties import party_of
from trellis.gateway.models import GatewayAttempt
from trellis.organisations.models import User
from trellis.organisations.roles import Role
from trellis.organisations.selectors import roles_for_user

EPAO_READING_ROLES = (Role.EPAO_ADMIN, Role.MODERATOR)


def get_apprenticeship_for_gateway(user: User, pk: int) -> Apprenticeship:
    """Return the apprenticeship if this person may read its gateway page; otherwise 404."""
    return get_apprenticeship_for_user(user, pk)


def declaring_party(user: User, apprenticeship: Apprenticeship) -> str | None:
    """Return the party this person declares for (apprentice, consultant, employer), if any."""
    party = party_of(user, apprenticeship)
    return party.value if party else None


def can_override(user: User, apprenticeship: Apprenticeship) -> bool:
    return apprenticeship.provider_id in provider_ids_managed_by(user)


def require_can_override(user: User, apprenticeship: Apprenticeship) -> None:
    if not can_override(user, apprenticeship):
        raise PermissionDenied("Only the provider's admins can override a gateway requirement.")


def can_submit(user: User, apprenticeship: Apprenticeship) -> bool:
    """The consultant or a provider admin submits the signed-off gateway to the EPAO."""
    return keeps_record(user, apprenticeship)


def require_can_submit(user: User, apprenticeship: Apprenticeship) -> None:
    if not can_submit(user, apprenticeship):
        raise PermissionDenied(
            "Only the apprentice's training consultant or a provider admin submits the gateway."
        )


def epao_ids_read_by(user: User) -> set[int]:
    return roles_for_user(user).organisation_ids(*EPAO_READING_ROLES)


def epao_ids_administered_by(user: User) -> set[int]:
    return roles_for_user(user).organisation_ids(Role.EPAO_ADMIN)


def is_epao_staff(user: User) -> bool:
    return bool(epao_ids_read_by(user))


def attempts_for_epao(user: User) -> QuerySet[GatewayAttempt]:
    """Return the attempts submitted to this person's EPAOs (never one still being signed)."""
    return GatewayAttempt.objects.filter(
        epao_id__in=epao_ids_read_by(user), status__in=GatewayAttempt.SENT_STATUSES
    ).select_related(
        "apprenticeship__apprentice",
        "apprenticeship__employer",
        "apprenticeship__provider",
        "apprenticeship__standard_version__standard",
        "epao",
        "submitted_by",
        "decided_by",
    )


def get_attempt_for_epao(user: User, pk: int) -> GatewayAttempt:
    try:
        return attempts_for_epao(user).get(pk=pk)
    except GatewayAttempt.DoesNotExist:
        raise Http404("No such gateway submission.") from None


def can_decide(user: User, attempt: GatewayAttempt) -> bool:
    return attempt.epao_id in epao_ids_administered_by(user)


def require_can_decide(user: User, attempt: GatewayAttempt) -> None:
    if not can_decide(user, attempt):
        raise PermissionDenied("Only the EPAO's admins accept or return a gateway.")


def epao_reach_filter(user: User) -> Q:
    """Return the condition matching the apprenticeships this person reaches as EPAO staff:
    put forward to their EPAO by a gateway it has not returned, or, for an assessor, assigned
    to them. Used where EPAO staff may act about an apprentice (raising a concern)."""
    roles = roles_for_user(user)
    condition = Q(pk__in=[])
    if roles.has(*EPAO_READING_ROLES):
        condition |= Q(
            status__in=EPAO_VISIBLE_STATUSES,
            gateway_attempts__epao_id__in=roles.organisation_ids(*EPAO_READING_ROLES),
            gateway_attempts__status__in=[
                GatewayAttempt.Status.SUBMITTED,
                GatewayAttempt.Status.ACCEPTED,
            ],
        )
    if roles.has(Role.ASSESSOR):
        condition |= Q(
            status__in=EPAO_VISIBLE_STATUSES,
            bookings__assessor=user,
            bookings__epao_id__in=roles.organisation_ids(Role.ASSESSOR),
        )
    return condition


PIPELINE_ROLES = (Role.CONSULTANT, Role.PROVIDER_ADMIN, Role.QUALITY_LEAD, Role.SAFEGUARDING_LEAD)


def sees_pipeline(user: User) -> bool:
    """The provider's consultants and staff follow their apprentices through gateway."""
    return roles_for_user(user).has(*PIPELINE_ROLES)
