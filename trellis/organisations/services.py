"""Writes for people and organisations."""

from django.db import transaction

from trellis.organisations.models import Membership, Organisation, User


@transaction.atomic
def organisation_create(
    *, name: str, kind: str, ukprn: str = "", epao_id: str = ""
) -> Organisation:
    """Create an organisation after validating it."""
    organisation = Organisation(name=name, kind=kind, ukprn=ukprn, epao_id=epao_id)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def user_create(*, email: str, full_name: str, password: str | None = None) -> User:
    """Create a person who signs in with their email address."""
    return User.objects.create_user(email=email, full_name=full_name, password=password)


@transaction.atomic
def membership_add(*, user: User, organisation: Organisation, role: str) -> Membership:
    """Give a person a role in an organisation of the kind that role belongs to."""
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    return membership
