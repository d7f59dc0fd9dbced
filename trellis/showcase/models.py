from django.conf import settings
from django.db import models

from trellis.apprenticeships.models import Apprenticeship
from trellis.portfolio.models import EvidenceFile, EvidenceItem


class Showcase(models.Model):
    """The apprentice's working Showcase: exemplary evidence and a narrative per section.

    The sections come from the standard (each theme, then each KSB outside a theme); a
    section is stored once the apprentice first writes in it.
    """

    apprenticeship = models.OneToOneField(
        Apprenticeship, on_delete=models.CASCADE, related_name="showcase"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Showcase of {self.apprenticeship}"


class ShowcaseSection(models.Model):
    showcase = models.ForeignKey(Showcase, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=20, help_text="theme-N or ksb-CODE, from the standard.")
    narrative = models.TextField(blank=True)
    evidence = models.ManyToManyField(EvidenceItem, related_name="showcase_sections", blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by every change, so that two tabs editing at once cannot overwrite each other.
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["showcase", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["showcase", "key"], name="showcase_section_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.key} of {self.showcase}"


class ShowcaseSnapshot(models.Model):
    """The Showcase as submitted: every word frozen in `content`, the PDF rendered once, and
    the files it points at (kept, never changed). Later edits change none of it."""

    showcase = models.ForeignKey(Showcase, on_delete=models.PROTECT, related_name="snapshots")
    number = models.PositiveSmallIntegerField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()
    content = models.JSONField()
    pdf = models.FileField(upload_to="showcase/%Y/%m/", max_length=200)
    pdf_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["showcase", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(
                fields=["showcase", "number"], name="showcase_snapshot_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"Showcase {self.number} of {self.showcase.apprenticeship}"


class ShowcaseSnapshotFile(models.Model):
    snapshot = models.ForeignKey(ShowcaseSnapshot, on_delete=models.CASCADE, related_name="files")
    evidence_file = models.ForeignKey(EvidenceFile, on_delete=models.PROTECT, related_name="+")
    archive_name = models.CharField(max_length=255)

    class Meta:
        ordering = ["snapshot", "archive_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "archive_name"], name="showcase_snapshot_file_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.archive_name
