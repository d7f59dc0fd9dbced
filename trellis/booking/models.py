import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from trellis.apprenticeships.models import Apprenticeship
from trellis.gateway.models import GatewayAttempt
from trellis.organisations.models import Organisation


class Booking(models.Model):
    """The end-point assessment of one accepted gateway: the employer's dates, the assessor
    and adviser, and the dates booked."""

    apprenticeship = models.ForeignKey(
        Apprenticeship, on_delete=models.CASCADE, related_name="bookings"
    )
    attempt = models.OneToOneField(GatewayAttempt, on_delete=models.PROTECT, related_name="booking")
    epao = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="bookings")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="independent assessor",
        on_delete=models.PROTECT,
        related_name="assessor_bookings",
        null=True,
        blank=True,
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="sector/specialist adviser",
        on_delete=models.PROTECT,
        related_name="adviser_bookings",
        null=True,
        blank=True,
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField()
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["epao", "assessor"])]

    def __str__(self) -> str:
        return f"EPA booking of {self.apprenticeship}"


class DateRange(models.Model):
    """The dates the employer can offer for the assessment; the latest one stands."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="date_ranges")
    available_from = models.DateField()
    available_until = models.DateField()
    notes = models.TextField(
        blank=True, help_text="Days or times to avoid, where the observations can happen."
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField()

    class Meta:
        ordering = ["booking", "-given_at", "-pk"]
        get_latest_by = "given_at"
        constraints = [
            models.CheckConstraint(
                condition=Q(available_until__gte=F("available_from")),
                name="date_range_in_order",
                violation_error_message="The last date must not be before the first.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.available_from} to {self.available_until}"


class EpaDate(models.Model):
    """A booked day of the assessment. Moving it makes a new row that replaces this one, and
    cancelling keeps it, so the history of every date stays readable."""

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        MOVED = "moved", "Moved"
        CANCELLED = "cancelled", "Cancelled"

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="dates")
    activity = models.CharField(
        max_length=200, help_text="What happens that day, such as the observations."
    )
    day = models.DateField()
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    location = models.CharField(max_length=300)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.BOOKED)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    booked_at = models.DateTimeField()
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, related_name="replaced_by", null=True, blank=True
    )
    # The calendar event keeps one id across moves, and its sequence rises with each change.
    calendar_uid = models.UUIDField(default=uuid.uuid4)
    calendar_sequence = models.PositiveIntegerField(default=0)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    changed_at = models.DateTimeField(null=True, blank=True)
    change_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["day", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="epa_date_ends_after_start",
                violation_error_message="The end time must be after the start time.",
            ),
        ]
        indexes = [models.Index(fields=["status", "day"])]

    def __str__(self) -> str:
        return f"{self.activity} on {self.day}"


class ConflictOfInterest(models.Model):
    """An assessor's declared interest that would stop them assessing someone independently:
    a tie to an organisation, or to one apprentice."""

    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts_of_interest"
    )
    epao = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    apprenticeship = models.ForeignKey(
        Apprenticeship, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    description = models.TextField()
    declared_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assessor", "-declared_at"]
        verbose_name_plural = "conflicts of interest"
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, apprenticeship__isnull=True)
                | Q(organisation__isnull=True, apprenticeship__isnull=False),
                name="conflict_names_one_party",
                violation_error_message="Name either an organisation or an apprentice.",
            ),
        ]

    def __str__(self) -> str:
        return f"Conflict of interest of {self.assessor}"
