"""What each person's home page shows, by the roles they hold."""

from django.db.models import Count, Q

from trellis.apprenticeships.access import apprenticeships_visible_to
from trellis.apprenticeships.models import Apprenticeship
from trellis.iqa.models import IqaSample
from trellis.notices.models import Notice
from trellis.notices.selectors import notices_for
from trellis.organisations.models import User
from trellis.organisations.roles import EPAO_STAFF_ROLES, PROVIDER_STAFF_ROLES, Role
from trellis.organisations.selectors import roles_for_user
from trellis.portfolio.models import EvidenceItem
from trellis.safeguarding import access as safeguarding_access
from trellis.safeguarding.models import Concern

HOME_LIST_LIMIT = 50
HOME_EVIDENCE_LIMIT = 10
HOME_NOTICE_LIMIT = 5


def own_apprenticeships(user: User) -> list[Apprenticeship]:
    return list(apprenticeships_visible_to(user).filter(apprentice=user))


def caseload(user: User) -> dict:
    """Return the consultant's active apprentices, soonest to finish first, and their number."""
    active = apprenticeships_visible_to(user).filter(
        consultant=user, status__in=Apprenticeship.ACTIVE_STATUSES
    )
    return {
        "rows": list(active.order_by("planned_end_date")[:HOME_LIST_LIMIT]),
        "total": active.count(),
    }


def evidence_to_assess(user: User) -> dict:
    """Return the evidence awaiting this consultant's assessment, longest waiting first."""
    waiting = (
        EvidenceItem.objects.filter(
            status=EvidenceItem.Status.SUBMITTED,
            apprenticeship__in=apprenticeships_visible_to(user).filter(consultant=user),
        )
        .select_related("apprenticeship__apprentice")
        .order_by("updated_at", "pk")
    )
    return {"rows": list(waiting[:HOME_EVIDENCE_LIMIT]), "total": waiting.count()}


def iqa_work(user: User) -> dict:
    """Return the quality lead's samples awaiting review and referrals awaiting a response."""
    provider_ids = roles_for_user(user).organisation_ids(Role.QUALITY_LEAD)
    samples = IqaSample.objects.filter(provider_id__in=provider_ids)
    return {
        "pending": samples.filter(outcome=IqaSample.Outcome.PENDING).count(),
        "awaiting_response": samples.filter(
            outcome=IqaSample.Outcome.REFERRED, responded_at__isnull=True
        ).count(),
    }


def referrals_to_answer(user: User) -> int:
    """Return how many of this consultant's decisions were referred back and not answered."""
    return IqaSample.objects.filter(
        consultant=user, outcome=IqaSample.Outcome.REFERRED, responded_at__isnull=True
    ).count()


def employer_apprenticeships(user: User) -> list[Apprenticeship]:
    employer_ids = roles_for_user(user).organisation_ids(Role.EMPLOYER_CONTACT)
    return list(
        apprenticeships_visible_to(user)
        .filter(employer_id__in=employer_ids, status__in=Apprenticeship.ACTIVE_STATUSES)
        .order_by("apprentice__full_name")[:HOME_LIST_LIMIT]
    )


def status_counts(user: User, organisation_ids: set[int], field: str) -> list[dict]:
    """Return each status with how many apprenticeships of these organisations have it."""
    counts = dict(
        apprenticeships_visible_to(user)
        .filter(**{f"{field}__in": organisation_ids})
        .order_by()
        .values_list("status")
        .annotate(total=Count("pk"))
    )
    return [
        {"status": value, "label": label, "total": counts.get(value, 0)}
        for value, label in Apprenticeship.Status.choices
    ]


def epao_work(user: User) -> list[Apprenticeship]:
    epao_ids = roles_for_user(user).organisation_ids(*EPAO_STAFF_ROLES)
    return list(
        apprenticeships_visible_to(user)
        .filter(epao_id__in=epao_ids)
        .order_by("planned_end_date")[:HOME_LIST_LIMIT]
    )


def unread_notices(user: User) -> list[Notice]:
    """Return this person's newest unread notices, for the top of the page."""
    return list(notices_for(user).filter(read_at__isnull=True)[:HOME_NOTICE_LIMIT])


def safeguarding_counts(user: User) -> dict:
    """Return how many of the lead's open cases there are, await triage and are urgent:
    numbers only, so nothing of any concern is read here."""
    return Concern.objects.filter(
        provider_id__in=safeguarding_access.lead_provider_ids(user), status=Concern.Status.OPEN
    ).aggregate(
        open=Count("pk"),
        awaiting_triage=Count("pk", filter=Q(triaged_at__isnull=True)),
        urgent=Count("pk", filter=Q(urgency=Concern.Urgency.URGENT)),
    )


def home_sections(user: User) -> dict:
    """Return the sections of the home page that this person's roles call for."""
    roles = roles_for_user(user)
    sections: dict = {}
    if roles.has(Role.APPRENTICE):
        sections["own"] = own_apprenticeships(user)
    if roles.has(Role.CONSULTANT):
        sections["caseload"] = caseload(user)
        sections["to_assess"] = evidence_to_assess(user)
        sections["referrals"] = referrals_to_answer(user)
    if roles.has(Role.EMPLOYER_CONTACT):
        sections["employer"] = employer_apprenticeships(user)
    provider_wide = [r for r in PROVIDER_STAFF_ROLES if r != Role.CONSULTANT]
    if roles.has(*provider_wide):
        sections["provider_counts"] = status_counts(
            user, roles.organisation_ids(*provider_wide), "provider_id"
        )
    if roles.has(Role.QUALITY_LEAD):
        sections["iqa"] = iqa_work(user)
    if roles.has(*EPAO_STAFF_ROLES):
        sections["epao"] = epao_work(user)
    if roles.has(Role.SAFEGUARDING_LEAD):
        sections["safeguarding"] = safeguarding_counts(user)
    shared = safeguarding_access.notes_shared_with(user).count()
    if shared:
        sections["shared_notes"] = shared
    return sections
