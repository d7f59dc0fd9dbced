from datetime import date

import pytest
import time_machine
from django.utils import timezone

from trellis.portfolio.coverage import coverage_history_for
from trellis.portfolio.demo import demo_seed_records
from trellis.portfolio.models import Decision, EvidenceItem, KsbCoverage
from trellis.standards.models import KSB
from trellis.testing.factories import ApprenticeshipFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


def _states(apprenticeship) -> dict[str, int]:
    rows = KsbCoverage.objects.filter(apprenticeship=apprenticeship)
    return {state: rows.filter(state=state).count() for state in ("secure", "working_towards")}


@time_machine.travel(TODAY, tick=False)
def test_the_first_apprentice_shows_every_state_and_a_share_secure(people, settings):
    amara = people.amara_apprenticeship
    demo_seed_records(apprenticeships=[amara], today=TODAY)

    items = EvidenceItem.objects.filter(apprenticeship=amara)
    statuses = list(items.values_list("status", flat=True))
    assert statuses.count("returned") == 1
    assert statuses.count("submitted") == 1
    assert statuses.count("draft") == 1
    assert statuses.count("assessed") >= 2
    returned = items.get(status="returned")
    assert returned.current_decision.feedback.startswith("Good start.")
    awaiting = items.get(status="submitted")
    pdf = awaiting.files.get()
    assert pdf.content_type == "application/pdf"
    assert pdf.file.read().startswith(b"%PDF")

    total = KSB.objects.filter(standard_version=amara.standard_version).count()
    states = _states(amara)
    # About ten months of eighteen: roughly half secure, some working towards, some none.
    assert 0.3 * total < states["secure"] < 0.7 * total
    assert states["working_towards"] > 0
    assert states["secure"] + states["working_towards"] < total


@time_machine.travel(TODAY, tick=False)
def test_those_at_gateway_or_past_have_every_ksb_secure(people):
    amara, bea = people.amara_apprenticeship, people.bea_apprenticeship
    bea.status = "gateway"
    bea.save(update_fields=["status"])
    demo_seed_records(apprenticeships=[amara, bea], today=TODAY)
    total = KSB.objects.filter(standard_version=bea.standard_version).count()
    assert _states(bea) == {"secure": total, "working_towards": 0}
    assert set(
        EvidenceItem.objects.filter(apprenticeship=bea).values_list("status", flat=True)
    ) == {"assessed"}


@time_machine.travel(TODAY, tick=False)
def test_the_fourteenth_apprentice_near_the_end_has_every_ksb_secure(people, standard_version):
    not_started = ApprenticeshipFactory(
        standard_version=standard_version,
        start_date=date(2026, 12, 7),
        planned_end_date=date(2028, 1, 7),
    )
    bea = people.bea_apprenticeship
    demo_seed_records(apprenticeships=[not_started] * 13 + [bea], today=TODAY)
    total = KSB.objects.filter(standard_version=bea.standard_version).count()
    assert _states(bea)["secure"] == total
    assert not EvidenceItem.objects.filter(apprenticeship=not_started).exists()


@time_machine.travel(TODAY, tick=False)
def test_an_apprentice_who_has_not_started_has_no_evidence(people):
    amara = people.amara_apprenticeship
    amara.start_date = date(2026, 12, 1)
    amara.planned_end_date = date(2028, 1, 1)
    amara.save(update_fields=["start_date", "planned_end_date"])
    demo_seed_records(apprenticeships=[amara], today=TODAY)
    assert not EvidenceItem.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_evidence_is_assessed_soon_after_it_so_the_coverage_grows_month_by_month(people):
    amara = people.amara_apprenticeship
    demo_seed_records(apprenticeships=[amara], today=TODAY)
    decisions = Decision.objects.filter(item__apprenticeship=amara).select_related(
        "item", "submission"
    )
    for decision in decisions:
        assert decision.item.occurred_on < timezone.localdate(decision.decided_at) <= TODAY
        assert decision.submission.submitted_at <= decision.decided_at
    ksb_ids = KSB.objects.filter(standard_version=amara.standard_version).values_list(
        "pk", flat=True
    )
    secure = [p.secure for p in coverage_history_for(amara, ksb_ids=ksb_ids, today=TODAY)]
    assert secure == sorted(secure)
    assert 0 < secure[len(secure) // 2] < secure[-1]
