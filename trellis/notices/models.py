from django.conf import settings
from django.db import models


class Notice(models.Model):
    """A message for one person inside Trellis, shown until they open it.

    A notice says that something happened and links to where it can be read; like an email,
    it never carries a record's sensitive detail, which stays behind its own page's access rule.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(
        max_length=300, blank=True, help_text="A path inside Trellis where it can be read."
    )
    urgent = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title


class DeliveryChoice(models.Model):
    """How one person wants their reminders: by email as well as in Trellis, or in Trellis
    only. Anyone who has not chosen gets both."""

    class Channel(models.TextChoices):
        EMAIL = "email", "By email and in Trellis"
        IN_APP = "in_app", "In Trellis only"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="delivery_choice",
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.get_channel_display()}"
