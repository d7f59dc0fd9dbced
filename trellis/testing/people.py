"""The named people every permission test uses, with the organisations they belong to.

Amara is the apprentice. Carl is her consultant and Cora another consultant at the same
provider. Erin is Amara's employer contact; Evan is the contact at another employer, whose
apprentice is Bea. Dina is the provider's safeguarding lead, Pat its admin and Quinn its
quality lead. Ada runs the EPAO, Ian and Isla are its independent assessors and Mo its
moderator. Paula is the admin of another provider. Otto has an account but no role.
"""

from dataclasses import dataclass

from trellis.apprenticeships.models import Apprenticeship
from trellis.organisations.models import Membership, Organisation, User
from trellis.standards.models import StandardVersion
from trellis.testing.factories import (
    ApprenticeshipFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

PASSWORD = "correct horse battery staple"
Role = Membership.RoleChoice


@dataclass
class People:
    provider: Organisation
    other_provider: Organisation
    employer: Organisation
    other_employer: Organisation
    epao: Organisation
    amara: User
    bea: User
    carl: User
    cora: User
    erin: User
    evan: User
    dina: User
    pat: User
    quinn: User
    ada: User
    ian: User
    isla: User
    mo: User
    paula: User
    otto: User
    amara_apprenticeship: Apprenticeship
    bea_apprenticeship: Apprenticeship

    def everyone(self) -> dict[str, User]:
        return {name: value for name, value in vars(self).items() if isinstance(value, User)}


def _person(name: str, organisation: Organisation | None, role: str | None) -> User:
    user = UserFactory(email=f"{name.lower()}@trellis.example", full_name=f"{name} Example")
    if organisation is not None:
        MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def make_people(standard_version: StandardVersion) -> People:
    """Create the named people, their organisations and two apprenticeships."""
    provider = OrganisationFactory(name="Northway Training", kind=Organisation.Kind.PROVIDER)
    other_provider = OrganisationFactory(name="Elsewhere Learning", kind=Organisation.Kind.PROVIDER)
    employer = OrganisationFactory(name="Riverside College", kind=Organisation.Kind.EMPLOYER)
    other_employer = OrganisationFactory(name="Hilltop Care", kind=Organisation.Kind.EMPLOYER)
    epao = OrganisationFactory(
        name="Fair Assessment Ltd", kind=Organisation.Kind.EPAO, epao_id="EPA0999"
    )
    people = {
        "amara": _person("Amara", employer, Role.APPRENTICE),
        "bea": _person("Bea", other_employer, Role.APPRENTICE),
        "carl": _person("Carl", provider, Role.CONSULTANT),
        "cora": _person("Cora", provider, Role.CONSULTANT),
        "erin": _person("Erin", employer, Role.EMPLOYER_CONTACT),
        "evan": _person("Evan", other_employer, Role.EMPLOYER_CONTACT),
        "dina": _person("Dina", provider, Role.SAFEGUARDING_LEAD),
        "pat": _person("Pat", provider, Role.PROVIDER_ADMIN),
        "quinn": _person("Quinn", provider, Role.QUALITY_LEAD),
        "ada": _person("Ada", epao, Role.EPAO_ADMIN),
        "ian": _person("Ian", epao, Role.ASSESSOR),
        "isla": _person("Isla", epao, Role.ASSESSOR),
        "mo": _person("Mo", epao, Role.MODERATOR),
        "paula": _person("Paula", other_provider, Role.PROVIDER_ADMIN),
        "otto": _person("Otto", None, None),
    }
    amara_apprenticeship = ApprenticeshipFactory(
        apprentice=people["amara"],
        employer=employer,
        provider=provider,
        consultant=people["carl"],
        epao=epao,
        standard_version=standard_version,
    )
    bea_apprenticeship = ApprenticeshipFactory(
        apprentice=people["bea"],
        employer=other_employer,
        provider=provider,
        consultant=people["cora"],
        standard_version=standard_version,
    )
    return People(
        provider=provider,
        other_provider=other_provider,
        employer=employer,
        other_employer=other_employer,
        epao=epao,
        amara_apprenticeship=amara_apprenticeship,
        bea_apprenticeship=bea_apprenticeship,
        **people,
    )
