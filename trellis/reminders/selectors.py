"""Find every reminder due today, with the people it goes to.

Each kind is read with a fixed number of queries however many apprenticeships there are,
except the Showcase check, which reads only the few apprentices near their planned gateway.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Max, OuterRef, Subquery
from django.urls import reverse

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.parties import SIGNING_PARTIES, Party
from trellis.booking.models import EpaDate
from trellis.caseload.models import CaseloadSummary
from trellis.organisations.models import Membership, User
from trellis.organisations.roles import Role
from trellis.otj.access import OTHER_SIDE
from trellis.otj.models import OtjEntry
from trellis.plans.models import PlanVersion
from trellis.reminders import rules
from trellis.reminders.rules import Audience, Due, Kind
from trellis.reviews.models import ProgressReview
from trellis.showcase.selectors import showcase_state

ON_PROGRAMME = (Apprenticeship.Status.ON_PROGRAMME, Apprenticeship.Status.BREAK_IN_LEARNING)
AT_EPA = (Apprenticeship.Status.GATEWAY, Apprenticeship.Status.IN_EPA)
PARTY_AUDIENCE = {
    Party.APPRENTICE: Audience.APPRENTICE,
    Party.CONSULTANT: Audience.CONSULTANT,
    Party.EMPLOYER: Audience.EMPLOYER,
}


@dataclass(frozen=True)
class Addressed:
    """A due reminder, for one apprenticeship, with who receives it and where they read more."""

    due: Due
    apprenticeship: Apprenticeship
    recipients: tuple[User, ...]
    url: str


def _apprenticeships(statuses) -> dict[int, Apprenticeship]:
    rows = Apprenticeship.objects.filter(status__in=statuses).select_related(
        "apprentice", "consultant"
    )
    return {row.pk: row for row in rows}


def _employer_contacts(employer_ids: set[int]) -> dict[int, list[User]]:
    contacts: dict[int, list[User]] = defaultdict(list)
    memberships = Membership.objects.filter(
        organisation_id__in=employer_ids, role=Role.EMPLOYER_CONTACT, user__is_active=True
    ).select_related("user")
    for membership in memberships.order_by("user__full_name", "user_id"):
        contacts[membership.organisation_id].append(membership.user)
    return contacts


def _people(
    apprenticeship: Apprenticeship,
    audience: tuple[Audience, ...],
    contacts: dict[int, list[User]],
    assessor: User | None = None,
) -> tuple[User, ...]:
    people: list[User] = []
    for part in audience:
        if part is Audience.APPRENTICE:
            people.append(apprenticeship.apprentice)
        elif part is Audience.CONSULTANT and apprenticeship.consultant_id:
            people.append(apprenticeship.consultant)
        elif part is Audience.EMPLOYER:
            people.extend(contacts.get(apprenticeship.employer_id, []))
        elif part is Audience.ASSESSOR and assessor is not None:
            people.append(assessor)
    unique = {person.pk: person for person in people if person.is_active and person.email}
    return tuple(unique.values())


def _review_reminders(today: date) -> list[tuple[Due, int, str]]:
    summaries = CaseloadSummary.objects.filter(
        apprenticeship__status=Apprenticeship.Status.ON_PROGRAMME,
        next_review_due__lte=today + timedelta(days=rules.REVIEW_NOTICE_DAYS),
    ).values_list("apprenticeship_id", "next_review_due", "apprenticeship__apprentice__full_name")
    found = []
    for apprenticeship_id, next_due, name in summaries:
        due = rules.review_reminder(apprenticeship_id, next_due, today, name)
        if due is not None:
            found.append(
                (due, apprenticeship_id, reverse("reviews:index", args=[apprenticeship_id]))
            )
    return found


def _unsigned(signed: set[str]) -> tuple[Audience, ...]:
    return tuple(PARTY_AUDIENCE[party] for party in SIGNING_PARTIES if party not in signed)


def _plan_reminders(names: dict[int, str]) -> list[tuple[Due, int, str]]:
    newest_number = (
        PlanVersion.objects.filter(apprenticeship_id=OuterRef("apprenticeship_id"))
        .order_by("-number")
        .values("number")[:1]
    )
    versions = (
        PlanVersion.objects.filter(
            apprenticeship__status__in=ON_PROGRAMME, number=Subquery(newest_number)
        )
        .annotate(activity_count=Count("activities", distinct=True))
        .filter(activity_count__gt=0)
        .prefetch_related("signatures")
    )
    found = []
    for version in versions:
        signed = {signature.party for signature in version.signatures.all()}
        name = names[version.apprenticeship_id]
        due = rules.signature_reminder(
            Kind.PLAN_SIGNATURE,
            version.pk,
            _unsigned(signed),
            f"version {version.number} of the training plan",
            name,
        )
        if due is not None:
            url = reverse("plans:index", args=[version.apprenticeship_id])
            found.append((due, version.apprenticeship_id, url))
    return found


def _review_signature_reminders(names: dict[int, str]) -> list[tuple[Due, int, str]]:
    reviews = ProgressReview.objects.filter(
        apprenticeship__status__in=ON_PROGRAMME, locked_at__isnull=True
    ).prefetch_related("signatures")
    found = []
    for review in reviews:
        signed = {signature.party for signature in review.signatures.all()}
        due = rules.signature_reminder(
            Kind.REVIEW_SIGNATURE,
            review.pk,
            _unsigned(signed),
            f"the progress review held on {review.held_on:%-d %B %Y}",
            names[review.apprenticeship_id],
        )
        if due is not None:
            url = reverse("reviews:detail", args=[review.apprenticeship_id, review.pk])
            found.append((due, review.apprenticeship_id, url))
    return found


def _otj_reminders(names: dict[int, str]) -> list[tuple[Due, int, str]]:
    waiting = (
        OtjEntry.objects.filter(
            apprenticeship__status__in=ON_PROGRAMME, status=OtjEntry.Status.AWAITING_CONFIRMATION
        )
        .values("apprenticeship_id", "logged_as")
        .annotate(waiting=Count("pk"), newest=Max("pk"))
        .order_by("apprenticeship_id", "logged_as")
    )
    found = []
    for row in waiting:
        decider = OTHER_SIDE.get(Party(row["logged_as"]))
        if decider is None:
            continue
        apprenticeship_id = row["apprenticeship_id"]
        due = rules.otj_reminder(
            apprenticeship_id,
            PARTY_AUDIENCE[decider],
            row["waiting"],
            row["newest"],
            names[apprenticeship_id],
        )
        if due is not None:
            found.append((due, apprenticeship_id, reverse("otj:index", args=[apprenticeship_id])))
    return found


def _showcase_reminders(
    apprenticeships: dict[int, Apprenticeship], today: date
) -> list[tuple[Due, int, str]]:
    near = today + timedelta(days=rules.SHOWCASE_NOTICE_DAYS)
    found = []
    for apprenticeship in apprenticeships.values():
        if apprenticeship.status != Apprenticeship.Status.ON_PROGRAMME:
            continue
        if apprenticeship.planned_end_date > near:
            continue
        state = showcase_state(apprenticeship)
        due = rules.showcase_reminder(
            apprenticeship.pk,
            apprenticeship.planned_end_date,
            today,
            len(state.sections) - state.complete_count,
            apprenticeship.apprentice.full_name,
        )
        if due is not None:
            url = reverse("showcase:index", args=[apprenticeship.pk])
            found.append((due, apprenticeship.pk, url))
    return found


def _epa_date_reminders(today: date) -> list[tuple[Due, EpaDate]]:
    dates = EpaDate.objects.filter(
        status=EpaDate.Status.BOOKED,
        day__gte=today,
        day__lte=today + timedelta(days=rules.EPA_DATE_NOTICE_DAYS),
        booking__apprenticeship__status__in=AT_EPA,
    ).select_related(
        "booking__assessor",
        "booking__apprenticeship__apprentice",
        "booking__apprenticeship__consultant",
    )
    found = []
    for epa_date in dates.order_by("day", "pk"):
        apprenticeship = epa_date.booking.apprenticeship
        due = rules.epa_date_reminder(
            epa_date.pk, epa_date.day, today, epa_date.activity, apprenticeship.apprentice.full_name
        )
        if due is not None:
            found.append((due, epa_date))
    return found


def reminders_due(today: date) -> list[Addressed]:
    """Every reminder due today, each with its recipients, whether or not sent before."""
    on_programme = _apprenticeships(ON_PROGRAMME)
    names = {pk: row.apprentice.full_name for pk, row in on_programme.items()}
    for_parties = [
        *_review_reminders(today),
        *_plan_reminders(names),
        *_review_signature_reminders(names),
        *_otj_reminders(names),
        *_showcase_reminders(on_programme, today),
    ]
    epa_dates = _epa_date_reminders(today)
    employer_ids = {row.employer_id for row in on_programme.values()}
    employer_ids |= {epa_date.booking.apprenticeship.employer_id for _, epa_date in epa_dates}
    contacts = _employer_contacts(employer_ids)
    addressed = []
    for due, apprenticeship_id, url in for_parties:
        apprenticeship = on_programme.get(apprenticeship_id)
        if apprenticeship is None:
            continue
        people = _people(apprenticeship, due.audience, contacts)
        addressed.append(Addressed(due, apprenticeship, people, url))
    for due, epa_date in epa_dates:
        booking = epa_date.booking
        parties = tuple(part for part in due.audience if part is not Audience.ASSESSOR)
        people = _people(booking.apprenticeship, parties, contacts)
        url = reverse("apprenticeships:detail", args=[booking.apprenticeship_id])
        addressed.append(Addressed(due, booking.apprenticeship, people, url))
        # The assessor reads the day on their own assessment page, not the apprentice's.
        assessor = _people(booking.apprenticeship, (Audience.ASSESSOR,), contacts, booking.assessor)
        url = reverse("booking:assessment", args=[booking.pk])
        addressed.append(Addressed(due, booking.apprenticeship, assessor, url))
    return addressed
