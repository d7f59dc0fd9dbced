from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.parties import Party
from trellis.standards.models import KSB


class ProgressReview(models.Model):
    """A three-way progress review: recorded by the consultant, signed by all three, then locked."""

    class Mode(models.TextChoices):
        ONLINE = "online", "Online"
        FACE_TO_FACE = "face_to_face", "Face to face"

    class Wellbeing(models.TextChoices):
        NO_CONCERNS = "no_concerns", "No concerns"
        CONCERNS = "concerns", "Concerns raised"

    apprenticeship = models.ForeignKey(
        Apprenticeship, on_delete=models.CASCADE, related_name="progress_reviews"
    )
    due_date = models.DateField(help_text="When the funding rules' cadence made it due.")
    held_on = models.DateField()
    mode = models.CharField(max_length=20, choices=Mode.choices)
    training_since = models.TextField("training since the last review", blank=True)
    otj_hours_since = models.DecimalField(
        "off-the-job hours since the last review",
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    coaching = models.TextField("coaching given", blank=True)
    wellbeing = models.CharField(
        "well-being check", max_length=20, choices=Wellbeing.choices, default=Wellbeing.NO_CONCERNS
    )
    wellbeing_notes = models.TextField("well-being notes", blank=True)
    next_review_date = models.DateField()
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="corrections",
        null=True,
        blank=True,
        help_text="The locked review this record corrects.",
    )
    correction_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    locked_at = models.DateTimeField(
        null=True, blank=True, help_text="When the last of the three parties signed."
    )

    class Meta:
        ordering = ["apprenticeship", "-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="review_correction_has_reason",
                violation_error_message="A correction needs the reason for it.",
            ),
        ]
        indexes = [models.Index(fields=["apprenticeship", "held_on"])]

    def __str__(self) -> str:
        return f"Progress review held {self.held_on:%d %b %Y}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class KsbProgress(models.Model):
    """The consultant's judgement of progress on one KSB at one review."""

    class Rating(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        WORKING_TOWARDS = "working_towards", "Working towards"
        SECURE = "secure", "Secure"

    review = models.ForeignKey(
        ProgressReview, on_delete=models.CASCADE, related_name="ksb_progress"
    )
    ksb = models.ForeignKey(KSB, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(max_length=20, choices=Rating.choices)

    class Meta:
        verbose_name_plural = "KSB progress"
        ordering = ["review", "ksb__position"]
        constraints = [
            models.UniqueConstraint(fields=["review", "ksb"], name="ksb_progress_one_per_ksb"),
        ]

    def __str__(self) -> str:
        return f"{self.ksb.code}: {self.get_rating_display()}"


class NextStep(models.Model):
    """An action agreed at a review, with its owner and date; the next review says if done."""

    review = models.ForeignKey(ProgressReview, on_delete=models.CASCADE, related_name="next_steps")
    description = models.TextField()
    owner = models.CharField(max_length=20, choices=Party.choices)
    due_date = models.DateField()

    class Meta:
        ordering = ["review", "due_date", "pk"]

    def __str__(self) -> str:
        return self.description


class ActionFollowUp(models.Model):
    """Whether a next step agreed at an earlier review was done, as found at this review."""

    review = models.ForeignKey(ProgressReview, on_delete=models.CASCADE, related_name="follow_ups")
    next_step = models.ForeignKey(NextStep, on_delete=models.PROTECT, related_name="follow_ups")
    done = models.BooleanField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["review", "next_step__due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "next_step"], name="follow_up_one_per_step"),
        ]

    def __str__(self) -> str:
        return f"{self.next_step}: {'done' if self.done else 'not done'}"


class ReviewSignature(models.Model):
    """One party's signature on one review."""

    review = models.ForeignKey(ProgressReview, on_delete=models.CASCADE, related_name="signatures")
    party = models.CharField(max_length=20, choices=Party.choices)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["review", "signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "party"], name="review_signature_one_per_party"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.signed_by}"
