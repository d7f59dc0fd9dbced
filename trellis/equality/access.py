"""Who may answer the equality questions and who may read the report: the one place these
rules live.

An apprentice answers for themself only: the page has no one else's answers to show, and no
URL names a person. The report, in counts only, is for the provider's admins alone.
"""

from django.core.exceptions import PermissionDenied

from trellis.apprenticeships.models import Apprenticeship
from trellis.organisations.models import User
from trellis.organisations.roles import Role
from trellis.organisations.selectors import roles_for_user


def can_answer(user: User) -> bool:
    """Tell whether this person is an apprentice on an apprenticeship, and so may answer."""
    return user.is_authenticated and Apprenticeship.objects.filter(apprentice=user).exists()


def require_can_answer(user: User) -> None:
    if not can_answer(user):
        raise PermissionDenied("Only apprentices answer the equality questions, for themselves.")


def report_providers(user: User) -> list[tuple[int, str]]:
    """Return the id and name of each provider whose report this person may read, by name."""
    return sorted(
        {
            (item.organisation_id, item.organisation_name)
            for item in roles_for_user(user).held
            if item.role == Role.PROVIDER_ADMIN
        },
        key=lambda provider: (provider[1], provider[0]),
    )


def has_report(user: User) -> bool:
    return user.is_authenticated and bool(report_providers(user))


def require_report(user: User) -> None:
    if not has_report(user):
        raise PermissionDenied("Only a provider's admins read the equality report.")
