from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A bearer token with which a person's programs call the JSON API."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        max_length=100, blank=True, help_text="A short label, such as the program that uses it."
    )
    key_prefix = models.CharField(
        max_length=8, help_text="The token's first characters, to tell tokens apart."
    )
    # Only the hash is kept, so a copy of the database does not give away working tokens.
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API token"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        label = f" “{self.name}”" if self.name else ""
        return f"{self.key_prefix}…{label} for {self.user}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
