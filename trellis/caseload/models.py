from django.db import models

from trellis.apprenticeships.models import Apprenticeship


class CaseloadSummary(models.Model):
    """What the caseload page shows of one apprenticeship, kept current by every write.

    Stored so that the page can sort, filter and paginate thousands of apprenticeships in
    the database; the dates are chosen so that "today" is needed only when reading.
    """

    apprenticeship = models.OneToOneField(
        Apprenticeship, on_delete=models.CASCADE, primary_key=True, related_name="summary"
    )
    last_review_on = models.DateField(null=True, blank=True)
    # None while a break in learning is open or once reviews stop (gateway, withdrawal).
    next_review_due = models.DateField(null=True, blank=True)
    otj_required_hours = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    otj_planned_hours = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    otj_actual_hours = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    # The day by which the confirmed hours would be due at an even pace: behind if past.
    otj_on_track_until = models.DateField(null=True, blank=True)
    plan_agreed = models.BooleanField(default=False)
    qualifications_outstanding = models.JSONField(default=list, blank=True)
    ksbs_secure = models.PositiveSmallIntegerField(default=0)
    ksbs_total = models.PositiveSmallIntegerField(default=0)
    # The day by which the secure KSBs would fall behind the time gone: behind if past.
    coverage_on_track_until = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "caseload summaries"
        indexes = [
            models.Index(fields=["next_review_due"]),
            models.Index(fields=["otj_on_track_until"]),
            models.Index(fields=["coverage_on_track_until"]),
        ]

    def __str__(self) -> str:
        return f"Caseload summary of {self.apprenticeship}"
