"""Reads for qualifications."""

from trellis.apprenticeships.models import Apprenticeship


def qualifications_outstanding(apprenticeship: Apprenticeship) -> list[str]:
    """Return the names of the qualifications the apprentice still needs before gateway."""
    return []  # TODO(issue 4): placeholder until this part is built
