"""The Showcase demo on evidence built here: every KSB secure for the apprentices it serves,
as the portfolio demo leaves them."""

from datetime import date

import pytest

from trellis.showcase import selectors
from trellis.showcase.demo import demo_seed_records
from trellis.showcase.models import ShowcaseSection, ShowcaseSnapshot
from trellis.showcase.tests.helpers import secure_item
from trellis.testing.factories import ApprenticeshipFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 2)


def every_ksb_secure(apprenticeship, leave_out=()):
    for ksb in apprenticeship.standard_version.ksbs.order_by("position"):
        if ksb.code not in leave_out:
            secure_item(apprenticeship, [ksb.code], title=f"Evidence of {ksb.code}")


def rows(people, *, tariq, gateway):
    """Return 26 apprenticeships in demo order: Tariq at 14 and one at gateway at 19."""
    empty = ApprenticeshipFactory(standard_version=people.amara_apprenticeship.standard_version)
    apprenticeships = [empty] * 26
    apprenticeships[13] = tariq
    apprenticeships[18] = gateway
    return apprenticeships


def test_the_gateway_apprentice_submits_and_tariq_has_one_narrative_to_write(people):
    tariq, gateway = people.amara_apprenticeship, people.bea_apprenticeship
    every_ksb_secure(tariq)
    every_ksb_secure(gateway)
    demo_seed_records(apprenticeships=rows(people, tariq=tariq, gateway=gateway), today=TODAY)

    snapshot = ShowcaseSnapshot.objects.get()
    assert snapshot.showcase.apprenticeship == gateway
    assert len(snapshot.content["sections"]) == 16
    assert snapshot.files.count() == 0

    state = selectors.showcase_state(tariq)
    assert state.complete_count == 15
    last = state.sections[-1]
    assert last.key == "ksb-B5"
    assert last.status == "narrative_missing"
    assert [item.title for item in last.picked] == ["Evidence of B5"]
    assert not ShowcaseSnapshot.objects.filter(showcase__apprenticeship=tariq).exists()


def test_a_section_without_secure_evidence_is_skipped_and_nothing_submitted(people):
    tariq, gateway = people.amara_apprenticeship, people.bea_apprenticeship
    every_ksb_secure(gateway, leave_out=("B3",))
    demo_seed_records(apprenticeships=rows(people, tariq=tariq, gateway=gateway), today=TODAY)
    assert not ShowcaseSnapshot.objects.exists()
    keys = set(ShowcaseSection.objects.values_list("key", flat=True))
    assert len(keys) == 15
    assert "ksb-B3" not in keys


def test_the_demo_is_deterministic(people):
    tariq, gateway = people.amara_apprenticeship, people.bea_apprenticeship
    every_ksb_secure(tariq)
    demo_seed_records(apprenticeships=rows(people, tariq=tariq, gateway=gateway), today=TODAY)
    first = list(ShowcaseSection.objects.order_by("key").values_list("key", "narrative"))
    ShowcaseSection.objects.all().delete()
    demo_seed_records(apprenticeships=rows(people, tariq=tariq, gateway=gateway), today=TODAY)
    assert list(ShowcaseSection.objects.order_by("key").values_list("key", "narrative")) == first
