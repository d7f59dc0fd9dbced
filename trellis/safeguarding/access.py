"""Who may know what about a safeguarding concern: the one place these rules live.

Only the provider's safeguarding leads read a concern. Everyone else is told it does not
exist (404) whatever URL they guess, including another provider's safeguarding lead. The
person who raised a concern sees only that it was received and whether it is open; a person
a lead shares a note with sees that note. Anyone signed in may raise a concern about an
apprentice they have a part in.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from trellis.apprenticeships.access import visible_apprenticeships_filter
from trellis.apprenticeships.models import Apprenticeship
from trellis.gateway.access import epao_reach_filter
from trellis.organisations.models import Membership, User
from trellis.organisations.roles import Role
from trellis.organisations.selectors import roles_for_user
from trellis.safeguarding.models import AgencyReferral, Concern, ConcernFile, SharedNote


def lead_provider_ids(user: User) -> set[int]:
    """Return the providers where this person is a safeguarding lead."""
    return roles_for_user(user).organisation_ids(Role.SAFEGUARDING_LEAD)


def is_safeguarding_lead(user: User) -> bool:
    return bool(lead_provider_ids(user))


def concerns_visible_to(user: User) -> QuerySet[Concern]:
    """Return the concerns whose detail this person may read: none unless a lead."""
    return Concern.objects.filter(provider_id__in=lead_provider_ids(user)).select_related(
        "apprenticeship__apprentice",
        "apprenticeship__employer",
        "apprenticeship__consultant",
        "provider",
        "raised_by",
        "triaged_by",
        "closed_by",
    )


def get_concern_for_lead(user: User, pk: int) -> Concern:
    """Return the concern if this person is a safeguarding lead of its provider; else 404."""
    try:
        return concerns_visible_to(user).get(pk=pk)
    except Concern.DoesNotExist:
        raise Http404("No such concern.") from None


def get_referral_for_lead(user: User, concern_pk: int, referral_pk: int) -> AgencyReferral:
    concern = get_concern_for_lead(user, concern_pk)
    try:
        referral = concern.referrals.get(pk=referral_pk)
    except AgencyReferral.DoesNotExist:
        raise Http404("No such referral.") from None
    referral.concern = concern
    return referral


def get_file_for_lead(user: User, concern_pk: int, file_pk: int) -> ConcernFile:
    concern = get_concern_for_lead(user, concern_pk)
    try:
        return concern.files.select_related("concern").get(pk=file_pk)
    except ConcernFile.DoesNotExist:
        raise Http404("No such file.") from None


def raisable_apprenticeships_filter(user: User) -> Q:
    """Return the condition matching the apprenticeships this person may raise a concern
    about: every one they may see, and for EPAO staff, those put forward to their
    organisation (for an independent assessor, those assigned to them)."""
    return visible_apprenticeships_filter(user) | epao_reach_filter(user)


def raisable_apprenticeships(user: User) -> QuerySet[Apprenticeship]:
    return (
        Apprenticeship.objects.filter(raisable_apprenticeships_filter(user))
        .select_related("apprentice", "provider", "employer")
        .order_by("apprentice__full_name", "pk")
        .distinct()
    )


def get_apprenticeship_to_raise_about(user: User, pk: int) -> Apprenticeship:
    try:
        return raisable_apprenticeships(user).get(pk=pk)
    except Apprenticeship.DoesNotExist:
        raise Http404("No such apprenticeship.") from None


def concerns_raised_by(user: User) -> QuerySet[Concern]:
    """Return what this person raised; they see a reference, when and whether it is open."""
    return Concern.objects.filter(raised_by=user).select_related("apprenticeship__apprentice")


def notes_shared_with(user: User) -> QuerySet[SharedNote]:
    return SharedNote.objects.filter(shared_with=user).select_related(
        "concern__apprenticeship__apprentice", "shared_by"
    )


def get_shared_note_for_user(user: User, pk: int) -> SharedNote:
    try:
        return notes_shared_with(user).get(pk=pk)
    except SharedNote.DoesNotExist:
        raise Http404("No such note.") from None


def share_recipients(concern: Concern) -> QuerySet[User]:
    """Return who a lead may share a note with: the apprentice's consultant and the
    employer's contacts, as they are now."""
    apprenticeship = concern.apprenticeship
    return (
        User.objects.filter(
            Q(pk=apprenticeship.consultant_id)
            | Q(
                memberships__organisation_id=apprenticeship.employer_id,
                memberships__role=Membership.RoleChoice.EMPLOYER_CONTACT,
            ),
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def safeguarding_leads_of(provider_id: int) -> QuerySet[User]:
    return User.objects.filter(
        memberships__organisation_id=provider_id,
        memberships__role=Membership.RoleChoice.SAFEGUARDING_LEAD,
        is_active=True,
    ).distinct()


def provider_admins_of(provider_id: int) -> QuerySet[User]:
    return User.objects.filter(
        memberships__organisation_id=provider_id,
        memberships__role=Membership.RoleChoice.PROVIDER_ADMIN,
        is_active=True,
    ).distinct()
