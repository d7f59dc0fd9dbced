from django.conf import settings
from django.db import models
from django.db.models import Q

from trellis.apprenticeships.models import Apprenticeship
from trellis.standards.models import KSB


class MentoringSession(models.Model):
    """A session the apprentice, as a learning mentor, held with a learner they mentor.

    The learner is known only by a pseudonymous reference, never by name: the log is read by
    the apprentice's provider and employer, who have no need to know who the learner is.
    """

    class Format(models.TextChoices):
        ONE_TO_ONE = "one_to_one", "One-to-one"
        GROUP = "group", "Group"

    apprenticeship = models.ForeignKey(
        Apprenticeship, on_delete=models.CASCADE, related_name="mentoring_sessions"
    )
    learner_ref = models.CharField(
        "learner reference",
        max_length=20,
        help_text="A reference such as L-014 that you keep for this learner; never a name.",
    )
    held_on = models.DateField("date")
    duration_minutes = models.PositiveIntegerField()
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.ONE_TO_ONE)
    setting = models.CharField(
        max_length=200, help_text="Where it took place, such as a classroom or a workshop."
    )
    what_was_done = models.TextField("what was done")
    reflection = models.TextField(blank=True)
    ksbs = models.ManyToManyField(KSB, related_name="+", blank=True, verbose_name="KSBs shown")
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["apprenticeship", "-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0) & Q(duration_minutes__lte=24 * 60),
                name="mentoring_session_duration_within_a_day",
                violation_error_message="A session must last more than 0 and at most 24 hours.",
            ),
        ]
        indexes = [models.Index(fields=["apprenticeship", "learner_ref"])]

    def __str__(self) -> str:
        return f"Session with {self.learner_ref} on {self.held_on:%d %b %Y}"
