"""Reads about who holds which role where."""

from dataclasses import dataclass, field

from trellis.organisations.models import Membership, User
from trellis.organisations.roles import ROLE_LABELS, Role


@dataclass(frozen=True)
class RoleInOrganisation:
    role: Role
    organisation_id: int
    organisation_name: str

    @property
    def label(self) -> str:
        return ROLE_LABELS[self.role]


@dataclass(frozen=True)
class Roles:
    """Every role a person holds, loaded once per request."""

    held: tuple[RoleInOrganisation, ...] = field(default_factory=tuple)

    def has(self, *roles: Role) -> bool:
        return any(item.role in roles for item in self.held)

    def organisation_ids(self, *roles: Role) -> set[int]:
        return {item.organisation_id for item in self.held if item.role in roles}

    def distinct_roles(self) -> list[Role]:
        ordered = []
        for item in self.held:
            if item.role not in ordered:
                ordered.append(item.role)
        return ordered


def roles_for_user(user: User) -> Roles:
    """Return the roles a signed-in person holds, cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return Roles()
    cached = getattr(user, "_trellis_roles", None)
    if cached is None:
        memberships = Membership.objects.filter(user=user).select_related("organisation")
        cached = Roles(
            held=tuple(
                RoleInOrganisation(Role(m.role), m.organisation_id, m.organisation.name)
                for m in memberships
            )
        )
        user._trellis_roles = cached
    return cached
