from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from trellis.booking.models import Booking
from trellis.epa import services
from trellis.epa.models import AdviceNote, Assessment, BankQuestion, Certificate
from trellis.organisations.models import Organisation
from trellis.testing.epa_factories import finalised, record_sittings, score_all, started
from trellis.testing.factories import MembershipFactory, OrganisationFactory, UserFactory
from trellis.testing.gateway_factories import make_ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(people):
    return started(people.amara_apprenticeship, assessor=people.ian)


@pytest.fixture
def other_moderator():
    epao = OrganisationFactory(name="Other EPAO", kind=Organisation.Kind.EPAO, epao_id="EPA0111")
    moderator = UserFactory(email="olga@other.example", full_name="Olga Other")
    MembershipFactory(user=moderator, organisation=epao, role="moderator")
    MembershipFactory(user=moderator, organisation=epao, role="epao_admin")
    return moderator


def _final(people, **overrides):
    make_ready(people.amara_apprenticeship)
    assessment = finalised(people.amara_apprenticeship, **overrides)
    return services.result_confirm(
        assessment=assessment,
        by=people.ada,
        appeal_until=timezone.localdate() + timedelta(days=20),
    )


def test_another_epaos_moderator_sees_none_of_it(client, people, assessment, other_moderator):
    record_sittings(assessment)
    score_all(assessment)
    services.assessment_finalise(assessment=assessment, by=people.ian)
    client.force_login(other_moderator)
    pk = assessment.pk
    for name in ("overview", "moderate", "confirm", "certificate", "reattempt", "result"):
        assert client.get(reverse(f"epa:{name}", args=[pk])).status_code == 404, name
    assert "Amara" not in client.get(reverse("epa:queue")).content.decode()


def test_a_save_on_the_method_page_answers_with_what_is_still_to_do(client, people, assessment):
    client.force_login(people.ian)
    response = client.post(
        reverse("epa:method", args=[assessment.pk, "LMO"]),
        {
            "kind": "session",
            "number": "1",
            "learner_ref": "L-101",
            "format": "group",
            "genuine_confirmed": "on",
            "no_other_learners_confirmed": "on",
            "started_at": "09:00",
            "ended_at": "09:50",
        },
        headers={"X-Autosave": "1"},
    )
    state = response.json()
    assert state["observed_minutes"] == 50
    assert not any("session 1" in problem for problem in state["problems"])
    assert any("session 2: give the learner's reference" in p for p in state["problems"])


def test_the_adviser_writes_advice_that_the_assessor_reads(client, people, assessment):
    Booking.objects.filter(pk=assessment.booking_id).update(adviser=people.isla)
    client.force_login(people.isla)
    url = reverse("epa:advice", args=[assessment.pk])
    client.post(url, {"text": "Ask how the referral was followed up."})
    assert AdviceNote.objects.get().written_by == people.isla
    client.force_login(people.ian)
    page = client.get(reverse("epa:questions", args=[assessment.pk])).content.decode()
    assert "Ask how the referral was followed up." in page
    client.post(url, {"text": "The assessor is not the adviser."})
    assert AdviceNote.objects.count() == 1


def test_a_confirmed_fail_is_taken_again_from_the_result_page(client, people):
    failed = _final(people, PD_T1=0)
    client.force_login(people.ada)
    page = client.get(reverse("epa:result", args=[failed.pk])).content.decode()
    assert "Resit or retake" in page
    form = client.get(reverse("epa:reattempt", args=[failed.pk])).content.decode()
    assert "takes PD again" in form and "capped at Pass" in form
    response = client.post(reverse("epa:reattempt", args=[failed.pk]), {"kind": "retake"})
    assert "supportive action plan" in response.content.decode()
    client.post(
        reverse("epa:reattempt", args=[failed.pk]),
        {"kind": "retake", "action_plan": "Two coached discussions before the retake."},
    )
    retake = Assessment.objects.get(number=2)
    assert (retake.kind, retake.methods, retake.previous_id) == ("retake", ["PD"], failed.pk)


def test_only_an_epao_admin_opens_a_re_attempt(client, people):
    failed = _final(people, PD_T1=0)
    client.force_login(people.mo)
    assert client.get(reverse("epa:reattempt", args=[failed.pk])).status_code == 403


def test_the_certificate_page_takes_consent_then_request_then_receipt(client, people):
    final = _final(people)
    client.force_login(people.ada)
    url = reverse("epa:certificate", args=[final.pk])
    refused = client.post(url, {"step": "consent", "address": "1 High St"})
    assert "This field is required" in refused.content.decode()
    assert not Certificate.objects.exists()
    client.post(url, {"step": "consent", "consent": "on", "address": "1 High St, Leeds"})
    client.post(url, {"step": "requested"})
    client.post(url, {"step": "received"})
    certificate = Certificate.objects.get()
    assert certificate.requested_at and certificate.received_at


def test_the_question_bank_is_kept_by_the_epaos_admins(client, people):
    standard = people.amara_apprenticeship.standard_version.standard
    url = reverse("epa:bank", args=[standard.reference])
    client.force_login(people.ada)
    client.post(
        url,
        {
            "text": "How do you keep learners' records safe?",
            "ksb_codes": ["K7", "S7"],
            "review_on": "2027-06-01",
        },
    )
    question = BankQuestion.objects.get()
    assert (question.ksb_codes, question.epao_id) == (["K7", "S7"], people.epao.pk)
    client.post(reverse("epa:bank_retire", args=[standard.reference, question.pk]))
    question.refresh_from_db()
    assert question.retired
    for outsider in (people.ian, people.mo, people.pat):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
