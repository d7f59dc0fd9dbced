import pytest

from trellis.organisations.roles import (
    ROLE_ORGANISATION_KIND,
    OrganisationKind,
    Role,
    role_fits_organisation,
)


def test_every_role_belongs_to_one_kind_of_organisation():
    assert set(ROLE_ORGANISATION_KIND) == set(Role)


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        (Role.APPRENTICE, OrganisationKind.EMPLOYER),
        (Role.EMPLOYER_CONTACT, OrganisationKind.EMPLOYER),
        (Role.CONSULTANT, OrganisationKind.PROVIDER),
        (Role.SAFEGUARDING_LEAD, OrganisationKind.PROVIDER),
        (Role.PROVIDER_ADMIN, OrganisationKind.PROVIDER),
        (Role.QUALITY_LEAD, OrganisationKind.PROVIDER),
        (Role.EPAO_ADMIN, OrganisationKind.EPAO),
        (Role.ASSESSOR, OrganisationKind.EPAO),
        (Role.MODERATOR, OrganisationKind.EPAO),
    ],
)
def test_a_role_fits_only_its_kind_of_organisation(role, kind):
    for other in OrganisationKind:
        assert role_fits_organisation(role, other) == (other is kind)
