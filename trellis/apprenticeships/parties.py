"""The three parties who agree a training plan and sign a progress review."""

from django.db import models

from trellis.apprenticeships.models import Apprenticeship
from trellis.organisations.models import User
from trellis.organisations.roles import Role
from trellis.organisations.selectors import roles_for_user


class Party(models.TextChoices):
    APPRENTICE = "apprentice", "Apprentice"
    CONSULTANT = "consultant", "Training consultant"
    EMPLOYER = "employer", "Employer"


SIGNING_PARTIES = (Party.APPRENTICE, Party.CONSULTANT, Party.EMPLOYER)


def party_of(user: User, apprenticeship: Apprenticeship) -> Party | None:
    """Return the part this person plays in the apprenticeship, or None if they play none."""
    if user.pk == apprenticeship.apprentice_id:
        return Party.APPRENTICE
    if user.pk == apprenticeship.consultant_id:
        return Party.CONSULTANT
    if apprenticeship.employer_id in roles_for_user(user).organisation_ids(Role.EMPLOYER_CONTACT):
        return Party.EMPLOYER
    return None
