"""Who may read, log, confirm and change off-the-job entries: the one place these rules live.

Anyone who can see the apprenticeship reads its ledger. The apprentice and the apprenticeship's
consultant log hours, and each confirms or rejects what the other logged. Employer contacts
read only.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from trellis.apprenticeships.access import get_apprenticeship_for_user, keeps_record
from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.parties import Party, party_of
from trellis.organisations.models import User
from trellis.otj.models import OtjEntry

LOGGING_PARTIES = (Party.APPRENTICE, Party.CONSULTANT)
OTHER_SIDE = {Party.APPRENTICE: Party.CONSULTANT, Party.CONSULTANT: Party.APPRENTICE}


def get_entry_for_user(user: User, apprenticeship_pk: int, entry_pk: int) -> OtjEntry:
    """Return the entry if this person may see its apprenticeship; otherwise raise 404."""
    apprenticeship = get_apprenticeship_for_user(user, apprenticeship_pk)
    try:
        entry = OtjEntry.objects.select_related("logged_by").get(
            pk=entry_pk, apprenticeship=apprenticeship
        )
    except OtjEntry.DoesNotExist:
        raise Http404("No such off-the-job entry.") from None
    entry.apprenticeship = apprenticeship
    return entry


def logging_party(user: User, apprenticeship: Apprenticeship) -> Party | None:
    """Return the side this person logs hours for, or None if they may not log."""
    party = party_of(user, apprenticeship)
    return party if party in LOGGING_PARTIES else None


def require_logging_party(user: User, apprenticeship: Apprenticeship) -> Party:
    """Return the side this person logs for; raise 403 if they may not log hours."""
    party = logging_party(user, apprenticeship)
    if party is None:
        raise PermissionDenied(
            "Only the apprentice and their training consultant log off-the-job hours."
        )
    return Party(party)


def can_decide(user: User, entry: OtjEntry, party: Party | None) -> bool:
    """Tell whether this person, on this side, confirms or rejects the entry."""
    return party is not None and party == OTHER_SIDE.get(Party(entry.logged_as))


def require_can_decide(user: User, entry: OtjEntry) -> Party:
    """Return the deciding side; raise 403 unless this person is the other side."""
    party = logging_party(user, entry.apprenticeship)
    if party is None:
        raise PermissionDenied(
            "Only the apprentice and their training consultant confirm off-the-job hours."
        )
    if not can_decide(user, entry, party):
        other = OTHER_SIDE[Party(entry.logged_as)].label.lower()
        raise PermissionDenied(
            f"The {Party(entry.logged_as).label.lower()} logged this entry, so the {other} "
            "confirms or rejects it."
        )
    return party


def can_change(user: User, entry: OtjEntry) -> bool:
    """Tell whether this person logged the entry, and so may change or withdraw it."""
    return entry.logged_by_id == user.pk and logging_party(user, entry.apprenticeship) is not None


def require_can_change(user: User, entry: OtjEntry) -> None:
    """Raise 403 unless this person logged the entry."""
    if not can_change(user, entry):
        raise PermissionDenied("Only the person who logged an entry may change or withdraw it.")


def can_record_prior_learning(user: User, apprenticeship: Apprenticeship) -> bool:
    """Tell whether this person is the consultant or an admin of the provider."""
    return keeps_record(user, apprenticeship)


def require_can_record_prior_learning(user: User, apprenticeship: Apprenticeship) -> None:
    """Raise 403 unless this person may record a prior-learning reduction."""
    if not can_record_prior_learning(user, apprenticeship):
        raise PermissionDenied(
            "Only the training consultant or a provider admin records a prior-learning reduction."
        )
