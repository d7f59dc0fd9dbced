from datetime import date

import pytest
import time_machine

from trellis.otj.demo import demo_seed_records
from trellis.otj.models import OtjEntry
from trellis.otj.selectors import ledger_summary

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


@time_machine.travel(TODAY, tick=False)
def test_the_demo_ledgers_are_mostly_confirmed_with_some_behind(people):
    apprenticeships = [people.amara_apprenticeship, people.bea_apprenticeship]
    # Bea is the demo's third apprentice here, so that she logs less than the pace needs.
    demo_seed_records(
        apprenticeships=[apprenticeships[0], apprenticeships[0], apprenticeships[1]], today=TODAY
    )

    amara = OtjEntry.objects.filter(apprenticeship=people.amara_apprenticeship)
    statuses = list(amara.values_list("status", flat=True))
    assert statuses.count("awaiting") == 2
    assert statuses.count("rejected") == 1
    assert statuses.count("confirmed") > 20
    assert amara.exclude(rejection_reason="").get().rejection_reason.startswith("This was")
    assert ledger_summary(people.amara_apprenticeship, today=TODAY).behind is None
    assert ledger_summary(people.bea_apprenticeship, today=TODAY).behind is not None
