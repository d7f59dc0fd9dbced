from django.db import models


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
    """One version of a standard with its assessment plan's rules, loaded from a data file."""

    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="versions")
    version = models.CharField(max_length=10)
    assessment_plan = models.CharField(max_length=40, blank=True)
    typical_duration_months = models.PositiveSmallIntegerField()
    minimum_duration_months = models.PositiveSmallIntegerField()
    rules = models.JSONField(
        help_text="The assessment plan's rules as validated from the data file."
    )
    source_file = models.CharField(max_length=255)
    content_hash = models.CharField(max_length=64)
    loaded_at = models.DateTimeField()

    class Meta:
        ordering = ["standard__reference", "version"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "version"], name="standard_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.standard.reference} v{self.version} {self.standard.title}"


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
