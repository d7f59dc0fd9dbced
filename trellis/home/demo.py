"""The demo organisations, people and apprenticeships, and the one transaction that creates them.

Every value is fixed here and every date is relative to the day the demo is seeded, so two
databases seeded on the same day hold the same demo.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from trellis.apprenticeships import demo as apprenticeships_demo
from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.rules import add_months
from trellis.apprenticeships.services import (
    EnrolmentDetails,
    apprenticeship_enrol,
    apprenticeship_update,
)
from trellis.booking import demo as booking_demo
from trellis.cpd import demo as cpd_demo
from trellis.epa import demo as epa_demo
from trellis.equality import demo as equality_demo
from trellis.gateway import demo as gateway_demo
from trellis.iqa import demo as iqa_demo
from trellis.mentoring import demo as mentoring_demo
from trellis.organisations.models import Organisation, User
from trellis.organisations.roles import ROLE_LABELS, OrganisationKind, Role
from trellis.organisations.services import membership_add, organisation_create, user_create
from trellis.otj import demo as otj_demo
from trellis.plans import demo as plans_demo
from trellis.portfolio import demo as portfolio_demo
from trellis.qualifications import demo as qualifications_demo
from trellis.reviews import demo as reviews_demo
from trellis.safeguarding import demo as safeguarding_demo
from trellis.showcase import demo as showcase_demo
from trellis.standards.models import Standard

# Apprentices starting now follow ST1379, which replaced ST0148 for starts from March 2023;
# the two who finished long ago followed ST0148. Each takes the version of its standard that
# was approved on its start date.
CURRENT_STANDARD = "ST1379"
RETIRED_STANDARD = "ST0148"
DEMO_STANDARDS = (CURRENT_STANDARD, RETIRED_STANDARD)

# Employers name the EPAO on the training plan at least 6 months before the planned end date
# (15 to 18 months after the start here), so apprentices this far in have one named.
EPAO_NAMED_FROM_MONTH = 8

Status = Apprenticeship.Status


class DemoDataError(Exception):
    """The demo data cannot be added to this database."""


class DemoDataPresent(DemoDataError):
    """The demo data is already in this database."""


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    kind: OrganisationKind
    domain: str
    ukprn: str = ""
    epao_id: str = ""


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    role: Role


@dataclass(frozen=True)
class DemoEmployer:
    organisation: DemoOrganisation
    contact: DemoPerson
    entry_requirements: str


@dataclass(frozen=True)
class DemoApprentice:
    number: int
    full_name: str
    employer: DemoEmployer
    consultant_number: int
    months_in: int
    planned_months: int
    status: Status
    standard: str = CURRENT_STANDARD

    @property
    def email(self) -> str:
        return f"apprentice{self.number}@{self.employer.organisation.domain}"

    @property
    def consultant(self) -> DemoPerson:
        return CONSULTANTS[self.consultant_number - 1]

    @property
    def has_epao_named(self) -> bool:
        return self.months_in >= EPAO_NAMED_FROM_MONTH

    def start_date(self, today: date) -> date:
        """Return the start date, staggered by week as providers run weekly intakes."""
        return add_months(today, -self.months_in) - timedelta(weeks=self.number % 4)

    def planned_end_date(self, today: date) -> date:
        return add_months(self.start_date(today), self.planned_months)


PROVIDER = DemoOrganisation(
    name="Northway Training Ltd",
    kind=OrganisationKind.PROVIDER,
    domain="northway-training.example",
    ukprn="10084526",
)
PROVIDER_STAFF = (
    DemoPerson("consultant1@northway-training.example", "Priya Raman", Role.CONSULTANT),
    DemoPerson("consultant2@northway-training.example", "Gareth Llewellyn", Role.CONSULTANT),
    DemoPerson("consultant3@northway-training.example", "Nkechi Adeyemi", Role.CONSULTANT),
    DemoPerson("dsl1@northway-training.example", "Fiona MacLeod", Role.SAFEGUARDING_LEAD),
    DemoPerson("provideradmin1@northway-training.example", "Tom Whitaker", Role.PROVIDER_ADMIN),
    DemoPerson("quality1@northway-training.example", "Yasmin Hussain", Role.QUALITY_LEAD),
)
CONSULTANTS = tuple(person for person in PROVIDER_STAFF if person.role == Role.CONSULTANT)

EPAO = DemoOrganisation(
    name="Keystone Assessment Ltd",
    kind=OrganisationKind.EPAO,
    domain="keystone-assessment.example",
    epao_id="EPA0456",
)
EPAO_STAFF = (
    DemoPerson("epaoadmin1@keystone-assessment.example", "Rebecca Thornton", Role.EPAO_ADMIN),
    DemoPerson("assessor1@keystone-assessment.example", "Declan Murphy", Role.ASSESSOR),
    DemoPerson("assessor2@keystone-assessment.example", "Anjali Mistry", Role.ASSESSOR),
    DemoPerson("moderator1@keystone-assessment.example", "Hamish Grant", Role.MODERATOR),
)

EASTGATE_COLLEGE = DemoEmployer(
    organisation=DemoOrganisation(
        name="Eastgate College", kind=OrganisationKind.EMPLOYER, domain="eastgate-college.example"
    ),
    contact=DemoPerson(
        "employer1@eastgate-college.example", "Helen Brierley", Role.EMPLOYER_CONTACT
    ),
    entry_requirements=(
        "Employed at least 30 hours a week in a learner-facing role (learning support, study "
        "skills or tutorial) that includes mentoring; English and maths at GCSE grade 4 (C) or "
        "Functional Skills level 2, or willing to work towards them; an enhanced DBS check."
    ),
)
MEADOWBANK_CARE = DemoEmployer(
    organisation=DemoOrganisation(
        name="Meadowbank Care Group",
        kind=OrganisationKind.EMPLOYER,
        domain="meadowbank-care.example",
    ),
    contact=DemoPerson("employer2@meadowbank-care.example", "Marcus Osei", Role.EMPLOYER_CONTACT),
    entry_requirements=(
        "Level 2 Diploma in Care or the Care Certificate, and at least 12 months in a care home "
        "or home-care role; responsible for inducting and supporting new care workers; an "
        "enhanced DBS check including the adults' barred list."
    ),
)
ASHWORTH_COUNCIL = DemoEmployer(
    organisation=DemoOrganisation(
        name="Ashworth Borough Council",
        kind=OrganisationKind.EMPLOYER,
        domain="ashworth-council.example",
    ),
    contact=DemoPerson(
        "employer3@ashworth-council.example", "Siobhan Kelly", Role.EMPLOYER_CONTACT
    ),
    entry_requirements=(
        "A permanent post in the adult learning, libraries or early help service with at least "
        "six months' service; the line manager's agreement to release six hours a week for "
        "off-the-job training; a DBS check at the level the post requires."
    ),
)
EMPLOYERS = (EASTGATE_COLLEGE, MEADOWBANK_CARE, ASHWORTH_COUNCIL)

_APPRENTICE_ROWS = (
    # name, employer, consultant number, months since the start, planned months, status
    ("Chloe Bennett", EASTGATE_COLLEGE, 1, 10, 18, Status.ON_PROGRAMME),
    ("Imran Qureshi", MEADOWBANK_CARE, 2, 1, 18, Status.ON_PROGRAMME),
    ("Bethan Rees", ASHWORTH_COUNCIL, 3, 2, 15, Status.ON_PROGRAMME),
    ("Kwame Mensah", EASTGATE_COLLEGE, 2, 3, 16, Status.ON_PROGRAMME),
    ("Sophie Walsh", MEADOWBANK_CARE, 3, 4, 18, Status.ON_PROGRAMME),
    ("Aled Pritchard", ASHWORTH_COUNCIL, 1, 5, 15, Status.ON_PROGRAMME),
    ("Zara Ahmed", EASTGATE_COLLEGE, 3, 6, 17, Status.ON_PROGRAMME),
    ("Callum Fraser", MEADOWBANK_CARE, 1, 7, 18, Status.ON_PROGRAMME),
    ("Niamh O'Connor", ASHWORTH_COUNCIL, 2, 8, 16, Status.ON_PROGRAMME),
    ("Daniel Okafor", EASTGATE_COLLEGE, 1, 9, 15, Status.ON_PROGRAMME),
    ("Hannah Lewis", MEADOWBANK_CARE, 2, 11, 18, Status.ON_PROGRAMME),
    ("Rajesh Patel", ASHWORTH_COUNCIL, 3, 12, 17, Status.ON_PROGRAMME),
    ("Megan Hughes", EASTGATE_COLLEGE, 2, 13, 18, Status.ON_PROGRAMME),
    ("Tariq Mahmood", MEADOWBANK_CARE, 3, 14, 15, Status.ON_PROGRAMME),
    ("Eilidh Campbell", ASHWORTH_COUNCIL, 1, 6, 18, Status.BREAK_IN_LEARNING),
    ("Joseph Nowak", EASTGATE_COLLEGE, 3, 9, 16, Status.BREAK_IN_LEARNING),
    ("Grace Adebayo", MEADOWBANK_CARE, 1, 5, 18, Status.WITHDRAWN),
    ("Liam Doherty", ASHWORTH_COUNCIL, 2, 11, 15, Status.WITHDRAWN),
    ("Amelia Chen", EASTGATE_COLLEGE, 3, 15, 15, Status.GATEWAY),
    ("Rhys Morgan", MEADOWBANK_CARE, 2, 16, 16, Status.GATEWAY),
    ("Fatima Begum", ASHWORTH_COUNCIL, 1, 17, 16, Status.IN_EPA),
    ("Oliver Hartley", EASTGATE_COLLEGE, 2, 19, 18, Status.IN_EPA),
    ("Lucy Nguyen", MEADOWBANK_CARE, 3, 20, 18, Status.COMPLETED),
    ("Connor McAllister", ASHWORTH_COUNCIL, 1, 22, 18, Status.COMPLETED),
    ("Ellie Marsh", EASTGATE_COLLEGE, 2, 46, 15, Status.COMPLETED, RETIRED_STANDARD),
    ("Samuel Osei", MEADOWBANK_CARE, 3, 50, 16, Status.COMPLETED, RETIRED_STANDARD),
)
APPRENTICES = tuple(
    DemoApprentice(number, *row) for number, row in enumerate(_APPRENTICE_ROWS, start=1)
)

ORGANISATIONS = (PROVIDER, *(employer.organisation for employer in EMPLOYERS), EPAO)
STAFF = (*PROVIDER_STAFF, *(employer.contact for employer in EMPLOYERS), *EPAO_STAFF)
EMAILS = (*(person.email for person in STAFF), *(apprentice.email for apprentice in APPRENTICES))


@dataclass(frozen=True)
class DemoLogin:
    """One demo person to sign in as, and what that role shows them."""

    role_label: str
    email: str
    shows: str


def _first(role: Role) -> DemoPerson:
    return next(person for person in STAFF if person.role == role)


def _login(role: Role, email: str, shows: str) -> DemoLogin:
    return DemoLogin(role_label=ROLE_LABELS[role], email=email, shows=shows)


LOGINS = (
    _login(Role.APPRENTICE, APPRENTICES[0].email, "their own apprenticeship"),
    _login(
        Role.EMPLOYER_CONTACT,
        _first(Role.EMPLOYER_CONTACT).email,
        f"the apprentices at {EMPLOYERS[0].organisation.name}",
    ),
    _login(Role.CONSULTANT, _first(Role.CONSULTANT).email, "their caseload"),
    _login(
        Role.SAFEGUARDING_LEAD,
        _first(Role.SAFEGUARDING_LEAD).email,
        "every apprenticeship at the provider, and safeguarding concerns",
    ),
    _login(
        Role.PROVIDER_ADMIN,
        _first(Role.PROVIDER_ADMIN).email,
        "every apprenticeship at the provider; enrols and changes enrolments",
    ),
    _login(
        Role.QUALITY_LEAD,
        _first(Role.QUALITY_LEAD).email,
        "every apprenticeship at the provider, with its history",
    ),
    _login(
        Role.EPAO_ADMIN,
        _first(Role.EPAO_ADMIN).email,
        "apprenticeships put forward to the EPAO, from gateway to completion",
    ),
    _login(Role.ASSESSOR, _first(Role.ASSESSOR).email, "the assessments assigned to them"),
    _login(
        Role.MODERATOR, _first(Role.MODERATOR).email, "the EPAO's assessments, to moderate grades"
    ),
)


@dataclass(frozen=True)
class DemoSummary:
    """How many records of each kind seeding created."""

    providers: int
    employers: int
    epaos: int
    people: int
    apprenticeships: int

    def describe(self) -> str:
        parts = [
            _plural(self.providers, "provider", "providers"),
            _plural(self.employers, "employer", "employers"),
            _plural(self.epaos, "EPAO", "EPAOs"),
            _plural(self.people, "person", "people"),
            _plural(self.apprenticeships, "apprenticeship", "apprenticeships"),
        ]
        return f"Created {', '.join(parts)}."


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def demo_is_present() -> bool:
    """Return whether the demo training provider exists."""
    return Organisation.objects.filter(kind=PROVIDER.kind, name=PROVIDER.name).exists()


def demo_logins_exist() -> bool:
    """Return whether every person in the log-in table has an account."""
    emails = {login.email for login in LOGINS}
    return User.objects.filter(email__in=emails).count() == len(emails)


def demo_standards() -> dict[str, Standard] | None:
    """Return the standards the demo apprenticeships follow, or None unless all are loaded."""
    standards = {
        standard.reference: standard
        for standard in Standard.objects.filter(
            reference__in=DEMO_STANDARDS, versions__rules__isnull=False
        ).distinct()
    }
    return standards if set(standards) == set(DEMO_STANDARDS) else None


def _conflicts() -> list[str]:
    """Return the demo names and email addresses already used by other records."""
    same_organisation = Q(pk__in=[])
    for organisation in ORGANISATIONS:
        same_organisation |= Q(kind=organisation.kind, name=organisation.name)
    names = Organisation.objects.filter(same_organisation).values_list("name", flat=True)
    emails = User.objects.filter(email__in=EMAILS).values_list("email", flat=True)
    return sorted(names) + sorted(emails)


@transaction.atomic
def demo_seed(*, standards: dict[str, Standard], today: date) -> DemoSummary:
    """Create the demo organisations, people and apprenticeships, all or nothing."""
    if demo_is_present():
        raise DemoDataPresent("Demo data already present.")
    conflicts = _conflicts()
    if conflicts:
        raise DemoDataError(
            "The demo data uses names and email addresses that this database already holds: "
            f"{', '.join(conflicts)}. Use an empty database for the demo."
        )
    # Seeding runs outside any request, so the history names the system as the author.
    organisations = {
        demo: organisation_create(
            name=demo.name, kind=demo.kind, ukprn=demo.ukprn, epao_id=demo.epao_id
        )
        for demo in ORGANISATIONS
    }
    people = {}
    for person in PROVIDER_STAFF:
        people[person.email] = _person_create(person, organisations[PROVIDER])
    for employer in EMPLOYERS:
        people[employer.contact.email] = _person_create(
            employer.contact, organisations[employer.organisation]
        )
    for person in EPAO_STAFF:
        people[person.email] = _person_create(person, organisations[EPAO])
    apprenticeships = []
    for apprentice in APPRENTICES:
        apprenticeship = _apprenticeship_create(
            apprentice,
            provider=organisations[PROVIDER],
            employer=organisations[apprentice.employer.organisation],
            consultant=people[apprentice.consultant.email],
            epao=organisations[EPAO],
            standard=standards[apprentice.standard],
            today=today,
        )
        apprenticeships.append(apprenticeship)
    # In the order a real record fills: status changes, the plan, hours against its
    # activities, the reviews that count those hours, then qualifications; then the
    # portfolio: the logs, the evidence drawn from them and assessed, the Showcase built from
    # secure evidence, and quality assurance of the decisions; then safeguarding concerns;
    # then the gateway attempts of those past gateway and the bookings of their assessments;
    # last, the apprentices' own equality answers, which nothing else reads.
    for seed_records in (
        apprenticeships_demo.demo_seed_records,
        plans_demo.demo_seed_records,
        otj_demo.demo_seed_records,
        reviews_demo.demo_seed_records,
        qualifications_demo.demo_seed_records,
        mentoring_demo.demo_seed_records,
        cpd_demo.demo_seed_records,
        portfolio_demo.demo_seed_records,
        showcase_demo.demo_seed_records,
        iqa_demo.demo_seed_records,
        safeguarding_demo.demo_seed_records,
        gateway_demo.demo_seed_records,
        booking_demo.demo_seed_records,
        epa_demo.demo_seed_records,
        equality_demo.demo_seed_records,
    ):
        seed_records(apprenticeships=apprenticeships, today=today)
    return DemoSummary(
        providers=1,
        employers=len(EMPLOYERS),
        epaos=1,
        people=len(STAFF) + len(APPRENTICES),
        apprenticeships=len(APPRENTICES),
    )


def _person_create(person: DemoPerson, organisation: Organisation) -> User:
    user = user_create(
        email=person.email, full_name=person.full_name, password=settings.TRELLIS_DEMO_PASSWORD
    )
    membership_add(user=user, organisation=organisation, role=person.role)
    return user


def _apprenticeship_create(
    apprentice: DemoApprentice,
    *,
    provider: Organisation,
    employer: Organisation,
    consultant: User,
    epao: Organisation,
    standard: Standard,
    today: date,
) -> Apprenticeship:
    """Enrol one demo apprentice, then name the EPAO and move them on as the data says."""
    # Created first so that the apprentice signs in with the demo password; enrolment then
    # finds the account by its email address.
    user_create(
        email=apprentice.email,
        full_name=apprentice.full_name,
        password=settings.TRELLIS_DEMO_PASSWORD,
    )
    details = EnrolmentDetails(
        consultant=consultant,
        epao=None,
        start_date=apprentice.start_date(today),
        planned_end_date=apprentice.planned_end_date(today),
        entry_requirements=apprentice.employer.entry_requirements,
        entry_requirements_met=True,
    )
    apprenticeship = apprenticeship_enrol(
        provider=provider,
        employer=employer,
        apprentice_email=apprentice.email,
        apprentice_name=apprentice.full_name,
        standard=standard,
        details=details,
    )
    if apprentice.has_epao_named:
        details = replace(details, epao=epao)
        apprenticeship = apprenticeship_update(
            apprenticeship=apprenticeship,
            expected_revision=apprenticeship.revision,
            details=details,
            status=Status.ON_PROGRAMME,
        )
    if apprentice.status != Status.ON_PROGRAMME:
        apprenticeship = apprenticeship_update(
            apprenticeship=apprenticeship,
            expected_revision=apprenticeship.revision,
            details=details,
            status=apprentice.status,
        )
    return apprenticeship
