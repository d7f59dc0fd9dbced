"""Keep each apprenticeship's caseload summary current: every write elsewhere calls this."""

from trellis.apprenticeships.models import Apprenticeship
from trellis.caseload.models import CaseloadSummary
from trellis.caseload.rules import coverage_on_track_until
from trellis.otj.selectors import otj_totals
from trellis.plans.selectors import plan_is_agreed
from trellis.portfolio.coverage import ksb_counts
from trellis.qualifications.selectors import qualifications_outstanding
from trellis.reviews.selectors import review_schedule


def caseload_summary_refresh(*, apprenticeship: Apprenticeship) -> CaseloadSummary:
    """Recompute and save what the caseload page shows of this apprenticeship."""
    schedule = review_schedule(apprenticeship)
    totals = otj_totals(apprenticeship)
    secure, total = ksb_counts(apprenticeship)
    summary, _ = CaseloadSummary.objects.update_or_create(
        apprenticeship=apprenticeship,
        defaults={
            "last_review_on": schedule.last_review_on,
            "next_review_due": schedule.next_due,
            "otj_required_hours": totals.required,
            "otj_planned_hours": totals.planned,
            "otj_actual_hours": totals.actual,
            "otj_on_track_until": totals.on_track_until,
            "plan_agreed": plan_is_agreed(apprenticeship),
            "qualifications_outstanding": qualifications_outstanding(apprenticeship),
            "ksbs_secure": secure,
            "ksbs_total": total,
            "coverage_on_track_until": coverage_on_track_until(
                start=apprenticeship.start_date,
                planned_end=apprenticeship.planned_end_date,
                secure=secure,
                total=total,
            ),
        },
    )
    return summary
