from django.conf import settings
from django.db import models
from django.db.models import Q

from trellis.organisations.models import Organisation
from trellis.portfolio.models import Decision


class IqaSample(models.Model):
    """A consultant's evidence decision drawn for internal quality assurance, the quality
    lead's verdict on it, and what the consultant did about a referral."""

    class Basis(models.TextChoices):
        CONSULTANT = "consultant", "By consultant"
        KSB = "ksb", "By KSB"
        RANDOM = "random", "At random"

    class Outcome(models.TextChoices):
        PENDING = "pending", "Awaiting review"
        AGREED = "agreed", "Agreed"
        REFERRED = "referred", "Referred back"

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="iqa_sample")
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who made the decision sampled.",
    )
    basis = models.CharField(max_length=20, choices=Basis.choices)
    sampled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sampled_at = models.DateTimeField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    reason = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField("consultant's response", blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    correcting_decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "IQA sample"
        ordering = ["-sampled_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="referred") | ~Q(reason=""),
                name="iqa_referral_has_reason",
                violation_error_message="Referring a decision back needs the reason.",
            ),
        ]
        indexes = [
            models.Index(fields=["provider", "consultant", "outcome"]),
        ]

    def __str__(self) -> str:
        return f"IQA sample of {self.decision}"
