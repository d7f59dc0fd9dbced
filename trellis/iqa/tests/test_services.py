import random
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from trellis.iqa.models import IqaSample
from trellis.iqa.services import (
    Period,
    iqa_agree,
    iqa_draw,
    iqa_refer,
    iqa_respond,
)
from trellis.portfolio.decisions import evidence_decision_correct
from trellis.testing.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def draw(people, **kwargs):
    kwargs.setdefault("basis", "random")
    if "number" not in kwargs:
        kwargs.setdefault("rate", 100)
    return iqa_draw(
        provider=people.provider,
        drawn_by=kwargs.pop("drawn_by", people.quinn),
        rng=random.Random(3),
        **kwargs,
    )


def sample_of(people, decision, **kwargs):
    return next(s for s in draw(people, **kwargs) if s.decision_id == decision.pk)


def test_the_quality_lead_draws_a_random_sample_recorded_with_who_and_when(people, decisions):
    samples = draw(people, rate=20)
    assert len(samples) == 1  # ceil(20% of 5)
    sample = IqaSample.objects.get()
    assert sample.decision_id in {d.pk for d in decisions}
    assert sample.provider == people.provider
    assert sample.consultant_id == sample.decision.decided_by_id
    assert sample.basis == "random"
    assert sample.sampled_by == people.quinn
    assert sample.outcome == "pending"


def test_a_draw_by_consultant_takes_only_their_decisions(people, decisions):
    samples = draw(people, basis="consultant", consultant=people.cora, rate=100)
    assert {s.consultant for s in samples} == {people.cora}
    assert len(samples) == 2


def test_a_draw_by_ksb_takes_only_decisions_judging_it(people, decisions):
    samples = draw(people, basis="ksb", ksb_code="K1", number=10)
    assert {s.decision_id for s in samples} == {decisions[0].pk, decisions[3].pk}


def test_a_second_draw_leaves_out_what_is_sampled(people, decisions):
    draw(people, number=3)
    second = draw(people, number=5)
    assert len(second) == 2
    assert IqaSample.objects.count() == 5
    with pytest.raises(ValidationError) as refused:
        draw(people, number=1)
    assert "have been sampled already" in refused.value.message_dict["basis"][0]


def test_decisions_outside_the_period_are_not_drawn(people, decisions):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        draw(people, period=Period(today - timedelta(days=30), today - timedelta(days=1)))
    assert "There are no evidence decisions between" in refused.value.message_dict["basis"][0]
    assert not IqaSample.objects.exists()


def test_another_providers_decisions_are_never_drawn(people, decisions, standard_version):
    MembershipFactory(user=people.paula, organisation=people.other_provider, role="quality_lead")
    with pytest.raises(ValidationError) as refused:
        iqa_draw(provider=people.other_provider, drawn_by=people.paula, basis="random", rate=100)
    assert "There are no evidence decisions" in refused.value.message_dict["basis"][0]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"rate": 0}, "rate"),
        ({"rate": 101}, "rate"),
        ({"rate": None}, "rate"),
        ({"basis": "consultant", "consultant": None}, "consultant"),
        ({"basis": "ksb", "ksb_code": ""}, "ksb_code"),
    ],
)
def test_a_bad_request_is_refused_and_nothing_is_drawn(people, decisions, kwargs, field):
    with pytest.raises(ValidationError) as refused:
        draw(people, **kwargs)
    assert field in refused.value.message_dict
    assert not IqaSample.objects.exists()


def test_a_consultant_of_another_provider_is_refused(people, decisions):
    with pytest.raises(ValidationError) as refused:
        draw(people, basis="consultant", consultant=people.paula)
    assert refused.value.message_dict["consultant"] == ["Choose a consultant of Northway Training."]


def test_a_period_ending_before_it_starts_is_refused(people, decisions):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        draw(people, period=Period(today, today - timedelta(days=1)))
    assert "must start on or before" in refused.value.message_dict["period_start"][0]


def test_the_provider_admin_may_not_draw_and_others_see_nothing(people, decisions):
    with pytest.raises(PermissionDenied, match="Only the provider's quality lead draws"):
        draw(people, drawn_by=people.pat)
    for name in ["carl", "dina", "paula", "otto", "amara", "ada"]:
        with pytest.raises(Http404):
            draw(people, drawn_by=getattr(people, name))
    assert not IqaSample.objects.exists()


def test_the_quality_lead_agrees(people, decisions):
    sample = sample_of(people, decisions[0])
    agreed = iqa_agree(sample=sample, reviewed_by=people.quinn)
    assert agreed.outcome == "agreed"
    assert agreed.reviewed_by == people.quinn
    assert agreed.reviewed_at is not None


def test_the_quality_lead_refers_back_with_a_reason(people, decisions):
    sample = sample_of(people, decisions[0])
    referred = iqa_refer(sample=sample, reviewed_by=people.quinn, reason="  K1 is not shown.  ")
    assert referred.outcome == "referred"
    assert referred.reason == "K1 is not shown."


def test_referring_without_a_reason_is_refused(people, decisions):
    sample = sample_of(people, decisions[0])
    with pytest.raises(ValidationError) as refused:
        iqa_refer(sample=sample, reviewed_by=people.quinn, reason="   ")
    assert "Say why the decision is referred back" in refused.value.message_dict["reason"][0]
    sample.refresh_from_db()
    assert sample.outcome == "pending"


@pytest.mark.parametrize("first", ["agree", "refer"])
def test_a_verdict_is_given_once(people, decisions, first):
    sample = sample_of(people, decisions[0])
    if first == "agree":
        iqa_agree(sample=sample, reviewed_by=people.quinn)
    else:
        iqa_refer(sample=sample, reviewed_by=people.quinn, reason="Not shown.")
    for again in (
        lambda: iqa_agree(sample=sample, reviewed_by=people.quinn),
        lambda: iqa_refer(sample=sample, reviewed_by=people.quinn, reason="Changed my mind."),
    ):
        with pytest.raises(ValidationError) as refused:
            again()
        assert (
            "a verdict is given once and cannot be changed"
            in refused.value.message_dict["outcome"][0]
        )
    sample.refresh_from_db()
    assert sample.outcome == ("agreed" if first == "agree" else "referred")


def test_only_the_quality_lead_reviews(people, decisions):
    sample = sample_of(people, decisions[0])
    for name in ["pat", "carl", "cora", "paula", "otto", "dina"]:
        with pytest.raises(Http404):
            iqa_agree(sample=sample, reviewed_by=getattr(people, name))
    iqa_refer(sample=sample, reviewed_by=people.quinn, reason="Not shown.")


def test_a_quality_lead_does_not_review_their_own_decision(people, decisions):
    MembershipFactory(user=people.quinn, organisation=people.provider, role="consultant")
    sample = sample_of(people, decisions[0])
    IqaSample.objects.filter(pk=sample.pk).update(consultant=people.quinn)
    sample.refresh_from_db()
    with pytest.raises(PermissionDenied, match="another quality lead reviews it"):
        iqa_agree(sample=sample, reviewed_by=people.quinn)


def referred(people, decision):
    sample = sample_of(people, decision)
    return iqa_refer(sample=sample, reviewed_by=people.quinn, reason="K1 is not shown.")


def test_the_consultant_responds_to_a_referral(people, decisions):
    sample = referred(people, decisions[0])
    done = iqa_respond(sample=sample, responded_by=people.carl, response="  Agreed, corrected. ")
    assert done.response == "Agreed, corrected."
    assert done.responded_at is not None
    assert done.correcting_decision is None


def test_the_consultant_links_the_correction_they_made(people, decisions):
    sample = referred(people, decisions[0])
    correction = evidence_decision_correct(
        decision=decisions[0],
        corrected_by=people.carl,
        reason="Quality review found K1 not shown.",
        outcome="returned",
        feedback="Say how you adapted the session.",
    )
    done = iqa_respond(
        sample=sample,
        responded_by=people.carl,
        response="Returned.",
        correcting_decision=correction,
    )
    assert done.correcting_decision == correction


def test_a_correcting_decision_must_correct_the_sampled_one(people, decisions):
    sample = referred(people, decisions[0])
    other = evidence_decision_correct(
        decision=decisions[1],
        corrected_by=people.carl,
        reason="Wrong judgement.",
        outcome="assessed",
        judgements={"K2": "secure"},
    )
    with pytest.raises(ValidationError) as refused:
        iqa_respond(
            sample=sample, responded_by=people.carl, response="Done.", correcting_decision=other
        )
    assert (
        "Choose a correction you made of the decision referred back"
        in (refused.value.message_dict["correcting_decision"][0])
    )
    with pytest.raises(ValidationError):
        iqa_respond(
            sample=sample,
            responded_by=people.carl,
            response="Done.",
            correcting_decision=decisions[0],
        )
    sample.refresh_from_db()
    assert sample.responded_at is None


def test_a_response_needs_text_and_is_given_once(people, decisions):
    sample = referred(people, decisions[0])
    with pytest.raises(ValidationError) as refused:
        iqa_respond(sample=sample, responded_by=people.carl, response=" ")
    assert "Say what you did about the referral" in refused.value.message_dict["response"][0]
    iqa_respond(sample=sample, responded_by=people.carl, response="Corrected.")
    with pytest.raises(ValidationError) as again:
        iqa_respond(sample=sample, responded_by=people.carl, response="Again.")
    assert "a response is given once" in again.value.message_dict["response"][0]


def test_an_agreed_sample_takes_no_response(people, decisions):
    sample = sample_of(people, decisions[0])
    iqa_agree(sample=sample, reviewed_by=people.quinn)
    with pytest.raises(ValidationError) as refused:
        iqa_respond(sample=sample, responded_by=people.carl, response="Thanks.")
    assert (
        "Only a decision referred back is responded to" in refused.value.message_dict["response"][0]
    )


def test_only_the_consultant_who_decided_responds(people, decisions):
    sample = referred(people, decisions[0])
    with pytest.raises(PermissionDenied, match="Only the consultant who made the decision"):
        iqa_respond(sample=sample, responded_by=people.quinn, response="Done.")
    for name in ["cora", "pat", "amara", "paula", "otto"]:
        with pytest.raises(Http404):
            iqa_respond(sample=sample, responded_by=getattr(people, name), response="Done.")


def test_a_pending_sample_is_hidden_from_the_consultant(people, decisions):
    sample = sample_of(people, decisions[0])
    with pytest.raises(Http404):
        iqa_respond(sample=sample, responded_by=people.carl, response="Done.")
