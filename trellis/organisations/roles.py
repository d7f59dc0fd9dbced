"""Which roles exist and which kind of organisation each belongs to (no Django here)."""

from enum import StrEnum


class OrganisationKind(StrEnum):
    PROVIDER = "provider"
    EMPLOYER = "employer"
    EPAO = "epao"


class Role(StrEnum):
    APPRENTICE = "apprentice"
    EMPLOYER_CONTACT = "employer_contact"
    CONSULTANT = "consultant"
    SAFEGUARDING_LEAD = "safeguarding_lead"
    PROVIDER_ADMIN = "provider_admin"
    QUALITY_LEAD = "quality_lead"
    EPAO_ADMIN = "epao_admin"
    ASSESSOR = "assessor"
    MODERATOR = "moderator"


ORGANISATION_KIND_LABELS = {
    OrganisationKind.PROVIDER: "Training provider",
    OrganisationKind.EMPLOYER: "Employer",
    OrganisationKind.EPAO: "End-point assessment organisation",
}

ROLE_LABELS = {
    Role.APPRENTICE: "Apprentice",
    Role.EMPLOYER_CONTACT: "Employer contact",
    Role.CONSULTANT: "Training consultant",
    Role.SAFEGUARDING_LEAD: "Safeguarding lead",
    Role.PROVIDER_ADMIN: "Provider admin",
    Role.QUALITY_LEAD: "Quality lead",
    Role.EPAO_ADMIN: "EPAO admin",
    Role.ASSESSOR: "Independent assessor",
    Role.MODERATOR: "Moderator",
}

ROLE_ORGANISATION_KIND = {
    Role.APPRENTICE: OrganisationKind.EMPLOYER,
    Role.EMPLOYER_CONTACT: OrganisationKind.EMPLOYER,
    Role.CONSULTANT: OrganisationKind.PROVIDER,
    Role.SAFEGUARDING_LEAD: OrganisationKind.PROVIDER,
    Role.PROVIDER_ADMIN: OrganisationKind.PROVIDER,
    Role.QUALITY_LEAD: OrganisationKind.PROVIDER,
    Role.EPAO_ADMIN: OrganisationKind.EPAO,
    Role.ASSESSOR: OrganisationKind.EPAO,
    Role.MODERATOR: OrganisationKind.EPAO,
}

PROVIDER_STAFF_ROLES = frozenset(
    role for role, kind in ROLE_ORGANISATION_KIND.items() if kind is OrganisationKind.PROVIDER
)
EPAO_STAFF_ROLES = frozenset(
    role for role, kind in ROLE_ORGANISATION_KIND.items() if kind is OrganisationKind.EPAO
)


def role_fits_organisation(role: str, organisation_kind: str) -> bool:
    """Return whether a person may hold this role in an organisation of this kind."""
    return ROLE_ORGANISATION_KIND[Role(role)] == organisation_kind


def role_mismatch_message(role: str, organisation_kind: str) -> str:
    expected = ROLE_ORGANISATION_KIND[Role(role)]
    return (
        f"A {ROLE_LABELS[Role(role)].lower()} belongs to an organisation of kind "
        f"“{ORGANISATION_KIND_LABELS[expected]}”, not "
        f"“{ORGANISATION_KIND_LABELS[OrganisationKind(organisation_kind)]}”."
    )
