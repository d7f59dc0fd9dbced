import random

import pytest
from django.urls import reverse

from trellis.iqa.models import IqaSample
from trellis.iqa.services import iqa_agree, iqa_draw, iqa_refer, iqa_respond

pytestmark = pytest.mark.django_db

INDEX = reverse("iqa:index")
REFERRALS = reverse("iqa:referrals")


def drawn(people):
    return iqa_draw(
        provider=people.provider,
        drawn_by=people.quinn,
        basis="random",
        rate=100,
        rng=random.Random(1),
    )


def carls(samples, people):
    return [s for s in samples if s.consultant == people.carl]


def test_the_dashboard_shows_the_draw_the_lists_and_the_report(client, people, decisions):
    samples = drawn(people)
    iqa_refer(sample=carls(samples, people)[0], reviewed_by=people.quinn, reason="K1 unclear.")
    client.force_login(people.quinn)
    response = client.get(INDEX)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Draw a sample" in page
    assert "Awaiting your review" in page
    assert "K1 unclear." in page
    report = response.context["report"]
    assert [row.consultant for row in report.rows] == [people.carl, people.cora]
    assert report.total.decisions == 5
    assert report.total.sampled == 5
    assert report.total.awaiting_consultant == 1
    assert len(response.context["awaiting_review"]) == 4


def test_before_any_sample_is_drawn_there_is_no_samples_download_to_offer(
    client, people, decisions
):
    samples_csv = reverse("iqa:samples_export", args=["csv"])
    client.force_login(people.quinn)
    assert samples_csv not in client.get(INDEX).text
    drawn(people)
    assert samples_csv in client.get(INDEX).text


def test_the_provider_admin_reads_only_the_report(client, people, decisions):
    drawn(people)
    client.force_login(people.pat)
    response = client.get(INDEX)
    assert response.status_code == 200
    assert "Draw a sample" not in response.content.decode()
    assert response.context["report"].total.sampled == 5
    assert client.post(reverse("iqa:draw"), {"basis": "random", "rate": 10}).status_code == 403


@pytest.mark.parametrize("name", ["amara", "erin", "dina", "ada", "otto"])
def test_people_without_quality_assurance_get_404(client, people, decisions, name):
    sample = drawn(people)[0]
    client.force_login(getattr(people, name))
    assert client.get(INDEX).status_code == 404
    assert client.get(reverse("iqa:sample", args=[sample.pk])).status_code == 404
    assert client.post(reverse("iqa:agree", args=[sample.pk])).status_code == 404
    assert client.post(reverse("iqa:draw"), {"basis": "random", "rate": 10}).status_code == 404


def test_another_providers_admin_reads_only_her_own_report(client, people, decisions):
    sample = drawn(people)[0]
    client.force_login(people.paula)
    response = client.get(INDEX)
    assert response.context["report"].provider == people.other_provider
    assert response.context["report"].total.decisions == 0
    assert "Carl Example" not in response.content.decode()
    assert client.get(reverse("iqa:sample", args=[sample.pk])).status_code == 404
    assert client.post(reverse("iqa:agree", args=[sample.pk])).status_code == 404


def test_another_providers_quality_lead_sees_nothing_of_this_one(client, people, decisions):
    from trellis.testing.factories import MembershipFactory

    MembershipFactory(user=people.paula, organisation=people.other_provider, role="quality_lead")
    sample = drawn(people)[0]
    client.force_login(people.paula)
    response = client.get(INDEX)
    assert response.context["report"].total.decisions == 0
    assert client.get(reverse("iqa:sample", args=[sample.pk])).status_code == 404
    assert client.post(reverse("iqa:refer", args=[sample.pk]), {"reason": "x"}).status_code == 404


def test_the_quality_lead_draws_through_the_form(client, people, decisions):
    client.force_login(people.quinn)
    form = client.get(INDEX).context["form"]
    response = client.post(
        reverse("iqa:draw"),
        {
            "basis": "consultant",
            "consultant": people.cora.pk,
            "rate": 50,
            "period_start": form.initial["period_start"].isoformat(),
            "period_end": form.initial["period_end"].isoformat(),
        },
    )
    assert response.status_code == 302
    assert IqaSample.objects.filter(consultant=people.cora).count() == 1


def test_a_refused_draw_shows_what_to_fix(client, people, decisions):
    client.force_login(people.quinn)
    response = client.post(
        reverse("iqa:draw"),
        {"basis": "ksb", "rate": 150, "period_start": "2026-01-01", "period_end": "2026-01-31"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Ensure this value is less than or equal to 100." in page
    response = client.post(
        reverse("iqa:draw"),
        {"basis": "random", "rate": 10, "period_start": "2020-01-01", "period_end": "2020-01-31"},
    )
    assert "There are no evidence decisions between 1 Jan 2020 and 31 Jan 2020" in (
        response.content.decode()
    )
    assert not IqaSample.objects.exists()


def test_the_sample_page_shows_the_decision_and_the_lead_refers_it_back(client, people, decisions):
    sample = carls(drawn(people), people)[0]
    client.force_login(people.quinn)
    page = client.get(reverse("iqa:sample", args=[sample.pk])).content.decode()
    assert sample.decision.item.title in page
    assert "Shows K1 in practice." in page or "Shows K2 in practice." in page
    assert "Refer back to Carl Example" in page
    response = client.post(reverse("iqa:refer", args=[sample.pk]), {"reason": ""})
    assert response.status_code == 200
    assert "Say why the decision is referred back" in response.content.decode()
    response = client.post(reverse("iqa:refer", args=[sample.pk]), {"reason": "Not shown."})
    assert response.status_code == 302
    sample.refresh_from_db()
    assert sample.outcome == "referred"


def test_agreeing_twice_says_the_verdict_was_given(client, people, decisions):
    sample = drawn(people)[0]
    client.force_login(people.quinn)
    assert client.post(reverse("iqa:agree", args=[sample.pk])).status_code == 302
    response = client.post(reverse("iqa:agree", args=[sample.pk]), follow=True)
    assert "a verdict is given once and cannot be changed" in response.content.decode()


def test_the_consultant_sees_only_their_referred_and_agreed_samples(client, people, decisions):
    samples = carls(drawn(people), people)
    referred, agreed, pending = samples[0], samples[1], samples[2]
    iqa_refer(sample=referred, reviewed_by=people.quinn, reason="Look again at K1.")
    iqa_agree(sample=agreed, reviewed_by=people.quinn)
    client.force_login(people.carl)
    assert client.get(INDEX).status_code == 302
    page = client.get(REFERRALS).content.decode()
    assert "Look again at K1." in page
    assert client.get(reverse("iqa:sample", args=[referred.pk])).status_code == 200
    agreed_page = client.get(reverse("iqa:sample", args=[agreed.pk])).content.decode()
    assert "Respond to the referral" not in agreed_page
    assert client.get(reverse("iqa:sample", args=[pending.pk])).status_code == 404
    assert client.post(reverse("iqa:agree", args=[referred.pk])).status_code == 403
    client.force_login(people.cora)
    assert client.get(reverse("iqa:sample", args=[referred.pk])).status_code == 404
    assert "Look again at K1." not in client.get(REFERRALS).content.decode()


def test_the_consultant_responds_from_the_referrals_page(client, people, decisions):
    sample = carls(drawn(people), people)[0]
    iqa_refer(sample=sample, reviewed_by=people.quinn, reason="Look again.")
    client.force_login(people.carl)
    response = client.post(reverse("iqa:respond", args=[sample.pk]), {"response": ""})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    response = client.post(reverse("iqa:respond", args=[sample.pk]), {"response": "Corrected."})
    assert response.status_code == 302
    sample.refresh_from_db()
    assert sample.response == "Corrected."
    assert "Nothing is waiting for you." in client.get(REFERRALS).content.decode()


def test_the_quality_lead_may_not_respond(client, people, decisions):
    sample = carls(drawn(people), people)[0]
    iqa_refer(sample=sample, reviewed_by=people.quinn, reason="Look again.")
    client.force_login(people.quinn)
    response = client.post(reverse("iqa:respond", args=[sample.pk]), {"response": "x"})
    assert response.status_code == 403
    iqa_respond(sample=sample, responded_by=people.carl, response="Done.")
    page = client.get(reverse("iqa:sample", args=[sample.pk])).content.decode()
    assert "Done." in page


def test_referrals_is_only_for_consultants(client, people):
    client.force_login(people.quinn)
    assert client.get(REFERRALS).status_code == 404


def test_the_respond_form_offers_the_correction_once_made(client, people, decisions):
    from trellis.portfolio.decisions import evidence_decision_correct

    sample = carls(drawn(people), people)[0]
    iqa_refer(sample=sample, reviewed_by=people.quinn, reason="Look again.")
    client.force_login(people.carl)
    url = reverse("iqa:sample", args=[sample.pk])
    assert "The correction you made" not in client.get(url).content.decode()
    correction = evidence_decision_correct(
        decision=sample.decision,
        corrected_by=people.carl,
        reason="Quality review.",
        outcome="returned",
        feedback="Add what you did next.",
    )
    assert "The correction you made" in client.get(url).content.decode()
    response = client.post(
        reverse("iqa:respond", args=[sample.pk]),
        {"response": "Returned it.", "correcting_decision": correction.pk},
    )
    assert response.status_code == 302
    sample.refresh_from_db()
    assert sample.correcting_decision == correction
