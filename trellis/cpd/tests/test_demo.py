from datetime import date

import pytest
import time_machine

from trellis.cpd import demo
from trellis.cpd.models import CpdRecord

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


@time_machine.travel(TODAY, tick=False)
def test_each_apprentice_gets_a_few_cpd_records_with_the_standards_cpd_ksbs(people):
    apprenticeships = [people.amara_apprenticeship, people.bea_apprenticeship]
    demo.demo_seed_records(apprenticeships=apprenticeships, today=TODAY)
    for apprenticeship in apprenticeships:
        records = CpdRecord.objects.filter(apprenticeship=apprenticeship)
        assert 2 <= records.count() <= demo.MAX_RECORDS
        for record in records:
            codes = {ksb.code for ksb in record.ksbs.all()}
            assert {"K10", "S10"} <= codes
            assert apprenticeship.start_date <= record.done_on < TODAY
    demo.demo_seed_records(apprenticeships=apprenticeships, today=TODAY)
    assert CpdRecord.objects.count() <= 2 * demo.MAX_RECORDS


@time_machine.travel(TODAY, tick=False)
def test_an_apprentice_who_has_not_started_gets_none(people):
    apprenticeship = people.amara_apprenticeship
    apprenticeship.start_date = TODAY
    apprenticeship.save()
    demo.demo_seed_records(apprenticeships=[apprenticeship], today=TODAY)
    assert not CpdRecord.objects.exists()
