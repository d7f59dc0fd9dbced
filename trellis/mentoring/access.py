"""Who may read and write the apprentice's own logs (mentoring sessions and CPD).

Everyone who reads the portfolio reads the logs; EPAO staff and anyone else get 404. Only the
apprentice writes them: they are the apprentice's own account of their practice.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.parties import Party, party_of
from trellis.mentoring.models import MentoringSession
from trellis.organisations.models import User
from trellis.portfolio.access import get_apprenticeship_for_portfolio


def can_write_log(user: User, apprenticeship: Apprenticeship) -> bool:
    """Tell whether this person keeps the apprentice's logs: only the apprentice does."""
    return party_of(user, apprenticeship) == Party.APPRENTICE


def require_can_write_log(user: User, apprenticeship: Apprenticeship, what: str) -> None:
    """Raise 403 with the reason unless this person is the apprentice."""
    if not can_write_log(user, apprenticeship):
        raise PermissionDenied(f"Only the apprentice keeps their {what}; you can read it.")


def get_session_for_user(user: User, apprenticeship_pk: int, session_pk: int) -> MentoringSession:
    """Return the session if this person may read the portfolio; otherwise raise 404."""
    apprenticeship = get_apprenticeship_for_portfolio(user, apprenticeship_pk)
    try:
        session = MentoringSession.objects.get(pk=session_pk, apprenticeship=apprenticeship)
    except MentoringSession.DoesNotExist:
        raise Http404("No such mentoring session.") from None
    session.apprenticeship = apprenticeship
    return session
