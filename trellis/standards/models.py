from django.db import models

from trellis.standards import feed


class Standard(models.Model):
    """An apprenticeship standard, such as ST0148 Learning mentor."""

    reference = models.CharField(max_length=10, unique=True)
    title = models.CharField(max_length=200)
    level = models.PositiveSmallIntegerField()
    lars_code = models.PositiveIntegerField("LARS code", null=True, blank=True)

    class Meta:
        ordering = ["reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title} (level {self.level})"


class StandardVersion(models.Model):
    """One version of a standard: the official record from the feed and the assessment rules.

    The feed gives identity, dates, KSBs and duties; the standard's data file gives the rules
    the feed does not carry. Either may come first; `rules` is empty until the data file is
    loaded.
    """

    APPROVED_STATUSES = feed.APPROVED_STATUSES

    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="versions")
    version = models.CharField(max_length=10)
    status = models.CharField(
        max_length=60, blank=True, help_text="As the standards feed gives it, e.g. Retired."
    )
    earliest_start_date = models.DateField(null=True, blank=True)
    latest_start_date = models.DateField(null=True, blank=True)
    typical_duration_months = models.PositiveSmallIntegerField(null=True, blank=True)
    minimum_duration_months = models.PositiveSmallIntegerField(null=True, blank=True)
    typical_epa_period_months = models.PositiveSmallIntegerField(
        "typical end-point assessment period (months)", null=True, blank=True
    )
    minimum_otj_hours = models.PositiveIntegerField(
        "minimum off-the-job training hours", null=True, blank=True
    )
    funding_banner = models.TextField(blank=True)
    assessment_plan = models.CharField(max_length=40, blank=True)
    assessment_plan_url = models.URLField(max_length=300, blank=True)
    standard_page_url = models.URLField(max_length=300, blank=True)
    rules = models.JSONField(
        null=True,
        blank=True,
        help_text="The assessment plan's rules as validated from the data file.",
    )
    source_file = models.CharField(max_length=255, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    loaded_at = models.DateTimeField(null=True, blank=True)
    feed_file = models.CharField(max_length=255, blank=True)
    feed_hash = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["standard__reference", "version"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "version"], name="standard_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.standard.reference} v{self.version} {self.standard.title}"

    @property
    def has_rules(self) -> bool:
        return self.rules is not None

    @property
    def is_from_feed(self) -> bool:
        return bool(self.feed_hash)

    @property
    def is_approved(self) -> bool:
        """Tell whether the feed approved this version for delivery (or it has no record)."""
        return not self.is_from_feed or self.status in self.APPROVED_STATUSES


class Theme(models.Model):
    """A theme of the assessment plan, pairing a knowledge and a skill statement."""

    standard_version = models.ForeignKey(
        StandardVersion, on_delete=models.CASCADE, related_name="themes"
    )
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["standard_version", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard_version", "number"], name="theme_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class KSB(models.Model):
    """A knowledge, skill or behaviour statement, identified by its official GUID."""

    class Kind(models.TextChoices):
        KNOWLEDGE = "knowledge", "Knowledge"
        SKILL = "skill", "Skill"
        BEHAVIOUR = "behaviour", "Behaviour"

    standard_version = models.ForeignKey(
        StandardVersion, on_delete=models.CASCADE, related_name="ksbs"
    )
    guid = models.UUIDField("official identifier")
    code = models.CharField(max_length=5)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    statement = models.TextField()
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="ksbs"
    )
    position = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = "KSB"
        verbose_name_plural = "KSBs"
        ordering = ["standard_version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["standard_version", "guid"], name="ksb_unique_guid"),
            models.UniqueConstraint(fields=["standard_version", "code"], name="ksb_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.statement}"


class Option(models.Model):
    """An option of a core-and-options standard, as the feed records it."""

    standard_version = models.ForeignKey(
        StandardVersion, on_delete=models.CASCADE, related_name="options"
    )
    guid = models.UUIDField("official identifier")
    code = models.CharField(max_length=20, blank=True)
    title = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["standard_version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["standard_version", "guid"], name="option_unique_guid"),
        ]

    def __str__(self) -> str:
        return self.title


class Duty(models.Model):
    """A duty of the occupation, with the KSBs (and options) the feed maps to it."""

    standard_version = models.ForeignKey(
        StandardVersion, on_delete=models.CASCADE, related_name="duties"
    )
    guid = models.UUIDField("official identifier")
    statement = models.TextField()
    is_core = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField()
    ksbs = models.ManyToManyField(KSB, related_name="duties", blank=True)
    options = models.ManyToManyField(Option, related_name="duties", blank=True)

    class Meta:
        verbose_name_plural = "duties"
        ordering = ["standard_version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["standard_version", "guid"], name="duty_unique_guid"),
        ]

    def __str__(self) -> str:
        return f"Duty {self.number}: {self.statement}"

    @property
    def number(self) -> int:
        return self.position + 1
