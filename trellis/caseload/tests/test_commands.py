from io import StringIO

import pytest
from django.core.management import call_command

from trellis.caseload.models import CaseloadSummary
from trellis.testing.caseload_factories import CaseloadSummaryFactory

pytestmark = pytest.mark.django_db


def test_refresh_caseload_makes_missing_summaries_and_recomputes_stale_ones(people):
    stale = CaseloadSummaryFactory(
        apprenticeship=people.amara_apprenticeship, otj_required_hours=1, plan_agreed=True
    )
    assert not CaseloadSummary.objects.filter(apprenticeship=people.bea_apprenticeship).exists()
    out = StringIO()
    call_command("refresh_caseload", stdout=out)
    assert "Refreshed the caseload summaries of 2 apprenticeships." in out.getvalue()
    assert CaseloadSummary.objects.filter(apprenticeship=people.bea_apprenticeship).exists()
    stale.refresh_from_db()
    assert stale.otj_required_hours != 1
