import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trellis.portfolio.decisions import (
    evidence_assess,
    evidence_decision_correct,
    evidence_return,
    evidence_submit,
)
from trellis.portfolio.models import Decision, EvidenceItem, KsbCoverage
from trellis.testing.portfolio_factories import EvidenceItemFactory, evidence_in_state, map_ksbs

pytestmark = pytest.mark.django_db


def _coverage(apprenticeship):
    return {
        row.ksb.code: (row.state, row.accepted_items)
        for row in KsbCoverage.objects.filter(apprenticeship=apprenticeship).select_related("ksb")
    }


def test_submit_needs_a_mapped_ksb(people):
    item = EvidenceItemFactory(apprenticeship=people.amara_apprenticeship)
    with pytest.raises(ValidationError) as raised:
        evidence_submit(item=item, submitted_by=people.amara)
    assert "ksbs" in raised.value.message_dict
    assert item.submissions.count() == 0


def test_submit_a_written_kind_needs_its_words(people):
    item = EvidenceItemFactory(apprenticeship=people.amara_apprenticeship, body="  ")
    map_ksbs(item, ["K1"])
    with pytest.raises(ValidationError) as raised:
        evidence_submit(item=item, submitted_by=people.amara)
    assert "body" in raised.value.message_dict


def test_only_the_apprentice_submits_their_own_kinds(people):
    item = EvidenceItemFactory(apprenticeship=people.amara_apprenticeship)
    map_ksbs(item, ["K1"])
    with pytest.raises(PermissionDenied):
        evidence_submit(item=item, submitted_by=people.carl)


def test_assess_sets_coverage_and_return_then_resubmit_keeps_every_decision(people):
    apprenticeship = people.amara_apprenticeship
    item = evidence_in_state(apprenticeship, status="returned", codes=["K1", "S1"])
    assert item.status == EvidenceItem.Status.RETURNED
    assert _coverage(apprenticeship) == {}
    evidence_submit(item=item, submitted_by=people.amara)
    decision = evidence_assess(
        item=item,
        assessed_by=people.carl,
        judgements={"K1": "secure", "S1": "working_towards"},
    )
    item.refresh_from_db()
    assert item.status == EvidenceItem.Status.ASSESSED
    assert item.current_decision == decision
    assert [d.outcome for d in item.decisions.all()] == ["returned", "assessed"]
    assert [s.number for s in item.submissions.all()] == [1, 2]
    assert _coverage(apprenticeship) == {"K1": ("secure", 1), "S1": ("working_towards", 1)}


def test_assess_refuses_a_missing_or_foreign_judgement(people):
    item = evidence_in_state(people.amara_apprenticeship, status="submitted", codes=["K1", "S1"])
    with pytest.raises(ValidationError, match="S1 not judged"):
        evidence_assess(item=item, assessed_by=people.carl, judgements={"K1": "secure"})
    with pytest.raises(ValidationError, match="not mapped to K2"):
        evidence_assess(
            item=item,
            assessed_by=people.carl,
            judgements={"K1": "secure", "S1": "secure", "K2": "secure"},
        )
    assert item.decisions.count() == 0


def test_a_decision_cannot_be_made_twice(people):
    item = evidence_in_state(people.amara_apprenticeship, status="assessed")
    with pytest.raises(ValidationError, match="only an item awaiting assessment"):
        evidence_return(item=item, returned_by=people.carl, feedback="Again")


def test_other_consultants_and_employers_cannot_assess(people):
    item = evidence_in_state(people.amara_apprenticeship, status="submitted")
    for person in (people.cora, people.erin, people.amara, people.quinn):
        with pytest.raises(PermissionDenied):
            evidence_assess(item=item, assessed_by=person, judgements={"K1": "secure"})


def test_correction_replaces_the_standing_decision_and_keeps_the_old(people):
    apprenticeship = people.amara_apprenticeship
    item = evidence_in_state(apprenticeship, status="assessed", judgements={"K1": "secure"})
    first = item.current_decision
    with pytest.raises(ValidationError) as raised:
        evidence_decision_correct(
            decision=first,
            corrected_by=people.carl,
            reason=" ",
            outcome="assessed",
            judgements={"K1": "working_towards"},
        )
    assert "reason" in raised.value.message_dict
    second = evidence_decision_correct(
        decision=first,
        corrected_by=people.carl,
        reason="The account describes a plan, not a session held.",
        outcome="assessed",
        judgements={"K1": "working_towards"},
    )
    assert second.corrects == first
    assert Decision.objects.filter(item=item).count() == 2
    assert _coverage(apprenticeship) == {"K1": ("working_towards", 1)}
    with pytest.raises(ValidationError, match="replaced"):
        evidence_decision_correct(
            decision=first,
            corrected_by=people.carl,
            reason="Again",
            outcome="assessed",
            judgements={"K1": "secure"},
        )


def test_correcting_to_returned_removes_the_item_from_coverage(people):
    apprenticeship = people.amara_apprenticeship
    item = evidence_in_state(apprenticeship, status="assessed", judgements={"K1": "secure"})
    evidence_decision_correct(
        decision=item.current_decision,
        corrected_by=people.carl,
        reason="Wrong learner's session",
        outcome="returned",
        feedback="Attach the session you ran yourself.",
    )
    assert _coverage(apprenticeship) == {}
