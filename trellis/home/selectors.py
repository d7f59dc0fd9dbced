"""What each person's home page shows, by the roles they hold."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from trellis.apprenticeships.access import PROVIDER_WIDE_ROLES, apprenticeships_visible_to
from trellis.apprenticeships.models import Apprenticeship
from trellis.booking import access as booking_access
from trellis.booking import selectors as booking_selectors
from trellis.booking.models import EpaDate
from trellis.gateway import access as gateway_access
from trellis.gateway.models import GatewayAttempt
from trellis.iqa.models import IqaSample
from trellis.notices.models import Notice
from trellis.notices.selectors import notices_for
from trellis.organisations.models import User
from trellis.organisations.roles import PROVIDER_STAFF_ROLES, Role
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


def epao_work(user: User) -> dict:
    """Return how many gateways await the EPAO's decision, how many accepted apprentices are
    not yet booked, and how many days are booked in the next month."""
    today = timezone.localdate()
    attempts = gateway_access.attempts_for_epao(user)
    bookings = booking_access.bookings_for_epao(user)
    return {
        "awaiting_decision": attempts.filter(status=GatewayAttempt.Status.SUBMITTED).count(),
        "to_book": bookings.filter(
            apprenticeship__status=Apprenticeship.Status.GATEWAY,
        )
        .exclude(dates__status=EpaDate.Status.BOOKED)
        .count(),
        "days_ahead": EpaDate.objects.filter(
            booking__in=bookings,
            status=EpaDate.Status.BOOKED,
            day__range=(today, today + timedelta(days=booking_selectors.WORKLOAD_DAYS)),
        ).count(),
    }


def assessor_days(user: User) -> list[EpaDate]:
    """Return the assessor's next booked days."""
    return list(
        booking_selectors.assessor_schedule(user, since=timezone.localdate())[:HOME_LIST_LIMIT]
    )


def gateway_counts(user: User) -> dict:
    """Return how many of this person's apprentices are at each open stage of gateway."""
    visible = apprenticeships_visible_to(user)
    if not roles_for_user(user).has(*PROVIDER_WIDE_ROLES):
        visible = visible.filter(consultant=user)
    counts = dict(
        GatewayAttempt.objects.filter(
            apprenticeship__in=visible.values("pk"),
            status__in=[GatewayAttempt.Status.PREPARING, GatewayAttempt.Status.SUBMITTED],
        )
        .order_by()
        .values_list("status")
        .annotate(total=Count("pk"))
    )
    returned = (
        GatewayAttempt.objects.filter(
            apprenticeship__in=visible.filter(status=Apprenticeship.Status.ON_PROGRAMME).values(
                "pk"
            ),
            status=GatewayAttempt.Status.RETURNED,
        )
        .exclude(apprenticeship__gateway_attempts__status=GatewayAttempt.Status.PREPARING)
        .values("apprenticeship")
        .distinct()
        .count()
    )
    return {
        "signing_off": counts.get(GatewayAttempt.Status.PREPARING, 0),
        "submitted": counts.get(GatewayAttempt.Status.SUBMITTED, 0),
        "returned": returned,
    }


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
    if gateway_access.sees_pipeline(user):
        sections["gateway"] = gateway_counts(user)
    if roles.has(Role.EPAO_ADMIN, Role.MODERATOR):
        sections["epao"] = epao_work(user)
    if roles.has(Role.ASSESSOR):
        sections["assessor"] = assessor_days(user)
    if roles.has(Role.SAFEGUARDING_LEAD):
        sections["safeguarding"] = safeguarding_counts(user)
    shared = safeguarding_access.notes_shared_with(user).count()
    if shared:
        sections["shared_notes"] = shared
    return sections
