"""Reads of the mentoring log: the sessions, newest first, and the observation summary."""

from django.db.models import Count, QuerySet

from trellis.apprenticeships.models import Apprenticeship
from trellis.mentoring import rules
from trellis.mentoring.models import MentoringSession
from trellis.standards.models import KSB


def sessions_of(apprenticeship: Apprenticeship) -> QuerySet[MentoringSession]:
    """Return the sessions, newest first, with their KSBs and any evidence item."""
    return (
        MentoringSession.objects.filter(apprenticeship=apprenticeship)
        .select_related("evidence_item")
        .prefetch_related("ksbs")
        .order_by("-held_on", "-pk")
    )


def observation_summary(apprenticeship: Apprenticeship) -> rules.Readiness:
    """Count the sessions and different learners against the standard's observation rule."""
    counts = MentoringSession.objects.filter(apprenticeship=apprenticeship).aggregate(
        sessions=Count("pk"), learners=Count("learner_ref", distinct=True)
    )
    rule = rules.sessions_rule(apprenticeship.standard_version.rules)
    return rules.observation_readiness(
        sessions=counts["sessions"], learners=counts["learners"], rule=rule
    )


def standard_ksbs(apprenticeship: Apprenticeship) -> QuerySet[KSB]:
    """Return the KSBs of the apprenticeship's standard version, in the standard's order."""
    return KSB.objects.filter(standard_version_id=apprenticeship.standard_version_id).order_by(
        "position"
    )
