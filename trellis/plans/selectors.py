"""Reads for training plans."""

from trellis.apprenticeships.models import Apprenticeship


def plan_is_agreed(apprenticeship: Apprenticeship) -> bool:
    """Tell whether the plan's current version has been signed by all three parties."""
    return False  # TODO(issue 4): placeholder until this part is built
