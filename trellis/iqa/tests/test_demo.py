import pytest
from django.utils import timezone

from trellis.iqa.demo import demo_seed_records
from trellis.iqa.models import IqaSample
from trellis.testing.portfolio_factories import evidence_in_state

pytestmark = pytest.mark.django_db


def test_with_no_decisions_the_demo_adds_nothing(people):
    demo_seed_records(
        apprenticeships=[people.amara_apprenticeship, people.bea_apprenticeship],
        today=timezone.localdate(),
    )
    assert not IqaSample.objects.exists()


def test_the_demo_samples_agrees_refers_and_leaves_some_awaiting(people):
    for _ in range(4):
        evidence_in_state(people.amara_apprenticeship, status="assessed")
    for _ in range(6):
        evidence_in_state(people.bea_apprenticeship, status="assessed", judgements={"S3": "secure"})
    demo_seed_records(
        apprenticeships=[people.amara_apprenticeship, people.bea_apprenticeship],
        today=timezone.localdate(),
    )
    samples = IqaSample.objects.all()
    assert {s.sampled_by for s in samples} == {people.quinn}
    referred = samples.filter(outcome="referred")
    assert referred.count() == 2
    assert {s.consultant for s in referred} == {people.carl}
    assert referred.filter(responded_at__isnull=True).count() == 1
    assert referred.exclude(response="").count() == 1
    assert samples.filter(outcome="agreed").count() == 3
    assert samples.filter(outcome="pending").count() == 4


def test_the_demo_is_deterministic(people):
    for _ in range(8):
        evidence_in_state(people.bea_apprenticeship, status="assessed")
    evidence_in_state(people.amara_apprenticeship, status="assessed")
    apprenticeships = [people.amara_apprenticeship, people.bea_apprenticeship]

    def seeded():
        demo_seed_records(apprenticeships=apprenticeships, today=timezone.localdate())
        drawn = sorted(IqaSample.objects.values_list("decision_id", "outcome"))
        IqaSample.objects.all().delete()
        return drawn

    first = seeded()
    assert len(first) == 8  # Carl's one decision referred, and seven drawn at random
    assert [outcome for _, outcome in first].count("referred") == 1
    assert seeded() == first
