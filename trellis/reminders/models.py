from django.conf import settings
from django.db import models

from trellis.notices.models import DeliveryChoice


class SentReminder(models.Model):
    """A reminder sent to one person: kept so that the same reminder is never sent twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_reminders"
    )
    key = models.CharField(max_length=200, help_text="What the reminder is about, and why now.")
    kind = models.CharField(max_length=40)
    apprenticeship = models.ForeignKey(
        "apprenticeships.Apprenticeship", on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=DeliveryChoice.Channel.choices)
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="reminder_sent_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} to {self.recipient}"
