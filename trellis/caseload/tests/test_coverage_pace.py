from datetime import date

import pytest

from trellis.caseload.models import CaseloadSummary
from trellis.portfolio.models import EvidenceItem
from trellis.portfolio.services import evidence_reopen
from trellis.testing.portfolio_factories import evidence_in_state

pytestmark = pytest.mark.django_db


def test_assessing_and_reopening_evidence_moves_the_summary_s_coverage_pace(people):
    apprenticeship = people.amara_apprenticeship
    item = evidence_in_state(
        apprenticeship,
        status=EvidenceItem.Status.ASSESSED,
        judgements={"K1": "secure", "K2": "secure", "S1": "working_towards"},
    )
    summary = CaseloadSummary.objects.get(apprenticeship=apprenticeship)
    total = apprenticeship.standard_version.ksbs.count()
    assert (summary.ksbs_secure, summary.ksbs_total) == (2, total)
    secure_pace = summary.coverage_on_track_until
    assert secure_pace > apprenticeship.start_date

    evidence_reopen(item=item, reopened_by=apprenticeship.apprentice)
    summary.refresh_from_db()
    assert summary.ksbs_secure == 0
    assert summary.coverage_on_track_until < secure_pace
    assert summary.coverage_on_track_until >= date(2026, 1, 5)
