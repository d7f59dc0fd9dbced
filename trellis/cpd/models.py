from django.conf import settings
from django.db import models
from django.db.models import Q

from trellis.apprenticeships.models import Apprenticeship
from trellis.standards.models import KSB


class CpdRecord(models.Model):
    """Something the apprentice did to keep their vocational skills and knowledge current."""

    class Kind(models.TextChoices):
        COURSE = "course", "Course or training"
        READING = "reading", "Reading or research"
        SHADOWING = "shadowing", "Shadowing or observing others"
        EVENT = "event", "Event, network or conference"
        QUALIFICATION = "qualification", "Qualification"
        INDUSTRY_UPDATE = "industry_update", "Time in industry or vocational update"
        OTHER = "other", "Other"

    apprenticeship = models.ForeignKey(
        Apprenticeship, on_delete=models.CASCADE, related_name="cpd_records"
    )
    done_on = models.DateField("date")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    what_was_learned = models.TextField("what I learned")
    impact = models.TextField("how it changes my practice", blank=True)
    ksbs = models.ManyToManyField(KSB, related_name="+", blank=True, verbose_name="KSBs")
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "CPD record"
        ordering = ["apprenticeship", "-done_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__gt=0),
                name="cpd_record_duration_positive",
                violation_error_message="A duration, if given, must be more than 0 minutes.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.done_on:%d %b %Y})"
