"""An apprenticeship's full record as one document: every part of it the reader may read,
gathered in a fixed number of queries and written out as sections of rows (plain strings), which
`record_pdf.py` lays out as a PDF.

Whoever reads it, it never holds a safeguarding concern or anything from one (not even that one
exists, so a progress review's well-being check is left out as well), equality data, or the
end-point assessor's working notes, justifications and desk review. It reads nothing from the
apps that keep those. End-point assessment results pass the same gate as on the record page
(`epa.access.results_for_apprenticeship`): the provider reads a final grade only.
"""

from datetime import datetime

from django.utils import timezone

from trellis.apprenticeships.full_record.assessment import (
    end_point_assessment_section,
    gateway_section,
)
from trellis.apprenticeships.full_record.blocks import (
    Facts,
    FullRecord,
    Part,
    Section,
    Table,
    Text,
)
from trellis.apprenticeships.full_record.enrolment import cover, enrolment_section
from trellis.apprenticeships.full_record.on_programme import (
    off_the_job_section,
    progress_reviews_section,
    qualifications_section,
    training_plan_section,
)
from trellis.apprenticeships.full_record.portfolio import (
    cpd_section,
    evidence_section,
    ksb_coverage_section,
    mentoring_section,
)
from trellis.apprenticeships.models import Apprenticeship
from trellis.organisations.models import User

__all__ = ["COVER_NOTE", "Facts", "FullRecord", "Part", "Section", "Table", "Text", "full_record"]

COVER_NOTE = (
    "Not in this record: safeguarding records, the well-being check of progress reviews, "
    "equality monitoring data and the end-point assessor's working notes. They are kept apart, "
    "each under its own rules on who may read it. Lists run oldest first."
)


def full_record(apprenticeship: Apprenticeship, *, reader: User, now: datetime) -> FullRecord:
    """Return every part of the record this person may read, as sections of rows."""
    today = timezone.localdate(now)
    return FullRecord(
        apprentice=apprenticeship.apprentice.full_name,
        produced_at=now,
        produced_by=reader.full_name,
        cover=cover(apprenticeship, reader=reader, now=now),
        sections=(
            enrolment_section(apprenticeship),
            training_plan_section(apprenticeship),
            progress_reviews_section(apprenticeship),
            off_the_job_section(apprenticeship, today=today),
            qualifications_section(apprenticeship),
            ksb_coverage_section(apprenticeship),
            evidence_section(apprenticeship),
            mentoring_section(apprenticeship),
            cpd_section(apprenticeship),
            gateway_section(apprenticeship),
            end_point_assessment_section(apprenticeship, reader=reader),
        ),
    )
