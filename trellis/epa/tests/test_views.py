import io
import uuid
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pypdf import PdfReader

from trellis.epa import selectors, services
from trellis.epa.models import Assessment, KsbFinding, Moderation, Note, Score
from trellis.testing.epa_factories import record_sittings, score_all, started

pytestmark = pytest.mark.django_db

NOTE_TEXT = "WORKING-NOTE-XYZ opens by agreeing the session's aims"
JUSTIFICATION = "Seen in session"
PROVIDER_STAFF = ["carl", "pat", "quinn", "dina"]
OUTSIDERS = ["paula", "evan", "bea", "otto"]


@pytest.fixture
def assessment(people):
    """Ian's open assessment of Amara. `started` goes through make_ready and the gateway
    submission, which freezes the Showcase snapshot the desk review reads."""
    return started(people.amara_apprenticeship, assessor=people.ian)


@pytest.fixture
def provisional(people, assessment):
    """The assessment recorded in full, with a working note, and finalised by Ian."""
    record_sittings(assessment)
    score_all(assessment)
    services.note_save(
        assessment=assessment,
        by=people.ian,
        method="LMO",
        key=uuid.uuid4(),
        text=NOTE_TEXT,
        criterion="T1",
        session_number=1,
    )
    return services.assessment_finalise(assessment=assessment, by=people.ian)


@pytest.fixture
def final(people, provisional):
    return services.result_confirm(
        assessment=provisional,
        by=people.ada,
        appeal_until=timezone.localdate() + timedelta(days=20),
    )


def assessor_pages(assessment) -> list[str]:
    pk = assessment.pk
    return [
        reverse("epa:overview", args=[pk]),
        reverse("epa:desk_review", args=[pk]),
        reverse("epa:questions", args=[pk]),
        reverse("epa:method", args=[pk, "LMO"]),
        reverse("epa:finalise", args=[pk]),
        reverse("epa:terminate", args=[pk]),
    ]


def method_url(assessment, code="LMO") -> str:
    return reverse("epa:method", args=[assessment.pk, code])


def result_url(assessment) -> str:
    return reverse("epa:result", args=[assessment.pk])


def letter_url(assessment) -> str:
    return reverse("epa:letter", args=[assessment.pk])


def moderate_url(assessment) -> str:
    return reverse("epa:moderate", args=[assessment.pk])


def autosave(client, url, data):
    return client.post(url, data, headers={"X-Autosave": "1"})


def score_t1(points=2, justification="Advice given clearly in session 1."):
    return {"kind": "score", "criterion": "T1", "points": points, "justification": justification}


# --- Who reaches the assessor's pages ---------------------------------------------------------


def test_the_assigned_assessor_reaches_every_page_of_the_assessment(client, people, assessment):
    client.force_login(people.ian)
    for page in assessor_pages(assessment):
        assert client.get(page).status_code == 200, page


def test_another_assessor_of_the_same_epao_gets_404_on_every_page(client, people, assessment):
    client.force_login(people.isla)
    for page in assessor_pages(assessment):
        assert client.get(page).status_code == 404, page
    response = autosave(client, method_url(assessment), score_t1())
    assert response.status_code == 404
    assert not Score.objects.filter(assessment=assessment).exists()


@pytest.mark.parametrize("name", [*PROVIDER_STAFF, "erin", "amara"])
def test_the_provider_employer_and_apprentice_never_reach_the_working_pages(
    client, people, assessment, name
):
    client.force_login(getattr(people, name))
    for page in assessor_pages(assessment):
        assert client.get(page).status_code == 404, page


@pytest.mark.parametrize("name", OUTSIDERS)
def test_outsiders_get_404_on_every_page_including_the_result(client, people, final, name):
    client.force_login(getattr(people, name))
    for page in [*assessor_pages(final), result_url(final), letter_url(final)]:
        assert client.get(page).status_code == 404, page


@pytest.mark.parametrize("name", OUTSIDERS)
def test_outsiders_get_404_on_a_provisional_result(client, people, provisional, name):
    client.force_login(getattr(people, name))
    assert client.get(result_url(provisional)).status_code == 404


@pytest.mark.parametrize("name", ["mo", "ada"])
def test_the_epaos_moderator_and_admin_read_the_overview(client, people, assessment, name):
    client.force_login(getattr(people, name))
    response = client.get(reverse("epa:overview", args=[assessment.pk]))
    assert response.status_code == 200
    assert "Amara Example" in response.text
    # Reading is not recording: the assessor's own actions are not offered.
    assert reverse("epa:finalise", args=[assessment.pk]) not in response.text


def test_a_moderator_posting_a_score_by_script_is_refused_and_nothing_changes(
    client, people, assessment
):
    score_all(assessment)
    client.force_login(people.mo)
    response = autosave(client, method_url(assessment), score_t1(points=0))
    assert response.status_code == 400
    assert "Only the assigned assessor" in str(response.json()["errors"])
    assert Score.objects.get(assessment=assessment, method="LMO", criterion="T1").points == 2


def test_a_moderator_posting_a_score_from_the_page_is_sent_back_with_an_error(
    client, people, assessment
):
    score_all(assessment)
    client.force_login(people.mo)
    response = client.post(method_url(assessment), score_t1(points=0))
    assert response.status_code == 302
    assert response.url == method_url(assessment)
    errors = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
    assert any("Only the assigned assessor" in text for text in errors)
    assert Score.objects.get(assessment=assessment, method="LMO", criterion="T1").points == 2


@pytest.mark.parametrize("name", ["mo", "ada"])
def test_the_epao_reads_but_does_not_finalise_or_end_the_assessment(
    client, people, assessment, name
):
    client.force_login(getattr(people, name))
    assert client.get(reverse("epa:finalise", args=[assessment.pk])).status_code == 403
    assert client.get(reverse("epa:terminate", args=[assessment.pk])).status_code == 403
    assert client.post(reverse("epa:finalise", args=[assessment.pk])).status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS


# --- Saved as typed ---------------------------------------------------------------------------


def test_a_score_sent_by_the_script_is_saved_and_answered_with_the_time(client, people, assessment):
    client.force_login(people.ian)
    response = autosave(client, method_url(assessment), score_t1())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["saved_at"]
    saved = Score.objects.get(assessment=assessment, method="LMO", criterion="T1")
    assert (saved.points, saved.justification) == (2, "Advice given clearly in session 1.")


def test_a_score_outside_the_criterion_points_is_refused_with_json(client, people, assessment):
    client.force_login(people.ian)
    response = autosave(client, method_url(assessment), score_t1(points=3))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any("Score T1 as one of 0, 1, 2" in text for texts in errors.values() for text in texts)
    assert not Score.objects.filter(assessment=assessment).exists()


def test_a_point_that_is_not_a_number_is_refused_with_json(client, people, assessment):
    client.force_login(people.ian)
    response = autosave(client, method_url(assessment), score_t1(points="two"))
    assert response.status_code == 400
    assert response.json()["errors"] == {"points": ["Give a whole number."]}


def test_a_note_sent_twice_under_its_key_is_one_note(client, people, assessment):
    client.force_login(people.ian)
    key = str(uuid.uuid4())
    note = {"kind": "note", "key": key, "session": "1", "criterion": "T3"}
    first = autosave(client, method_url(assessment), {**note, "text": "Opens by"})
    again = autosave(client, method_url(assessment), {**note, "text": "Opens by agreeing the aims"})
    assert first.status_code == again.status_code == 200
    assert first.json()["saved_at"] and first.json()["written_at"]
    assert "html" not in again.json()
    found = Note.objects.get(assessment=assessment)
    assert (found.text, found.criterion, found.session.number) == (
        "Opens by agreeing the aims",
        "T3",
        1,
    )


def test_a_note_marked_done_answers_with_its_html_and_the_next_key(client, people, assessment):
    client.force_login(people.ian)
    key = str(uuid.uuid4())
    response = autosave(
        client,
        method_url(assessment),
        {"kind": "note", "key": key, "text": "Checks understanding", "done": "1"},
    )
    assert response.status_code == 200
    payload = response.json()
    assert "Checks understanding" in payload["html"]
    assert uuid.UUID(payload["next_key"]) != uuid.UUID(key)
    assert Note.objects.filter(assessment=assessment, key=key).count() == 1


def test_a_note_without_its_key_is_refused(client, people, assessment):
    client.force_login(people.ian)
    response = autosave(client, method_url(assessment), {"kind": "note", "text": "x"})
    assert response.status_code == 400
    assert "The note's key is missing" in str(response.json()["errors"])
    assert not Note.objects.exists()


def test_without_the_script_the_same_posts_save_and_return_to_the_page(client, people, assessment):
    client.force_login(people.ian)
    response = client.post(method_url(assessment), score_t1())
    assert response.status_code == 302
    assert response.url == method_url(assessment)
    assert Score.objects.get(assessment=assessment, method="LMO", criterion="T1").points == 2
    response = client.post(
        method_url(assessment),
        {"kind": "note", "key": str(uuid.uuid4()), "session": "1", "text": "Calm start"},
    )
    assert response.status_code == 302
    assert response.url == method_url(assessment)
    assert Note.objects.get(assessment=assessment).text == "Calm start"
    page = client.get(method_url(assessment))
    assert "Calm start" in page.text


def test_a_refusal_without_the_script_returns_to_the_page_with_the_message(
    client, people, assessment
):
    client.force_login(people.ian)
    response = client.post(method_url(assessment), score_t1(points=5), follow=True)
    assert response.redirect_chain[-1] == (method_url(assessment), 302)
    assert "Score T1 as one of 0, 1, 2" in response.text
    assert not Score.objects.filter(assessment=assessment).exists()


def test_a_method_not_taken_is_404(client, people, assessment):
    client.force_login(people.ian)
    assert client.get(method_url(assessment, "NOPE")).status_code == 404


# --- The desk review --------------------------------------------------------------------------


def test_the_desk_review_shows_the_showcase_sections_to_the_assessor(client, people, assessment):
    snapshot = assessment.booking.attempt.showcase_snapshot
    assert snapshot is not None
    titles = [section["title"] for section in snapshot.content["sections"]]
    assert titles
    client.force_login(people.ian)
    response = client.get(reverse("epa:desk_review", args=[assessment.pk]))
    assert response.status_code == 200
    for title in titles:
        assert escape(title) in response.text, title
    assert "The Showcase has not reached you yet" not in response.text


def test_a_desk_review_finding_is_saved(client, people, assessment):
    client.force_login(people.ian)
    url = reverse("epa:desk_review", args=[assessment.pk])
    response = client.post(
        url, {"ksb_code": "K3", "appears_met": "no", "gaps": "Little on contextualising."}
    )
    assert response.status_code == 302
    assert response.url == f"{url}#ksb-K3"
    finding = KsbFinding.objects.get(assessment=assessment, ksb_code="K3")
    assert (finding.appears_met, finding.gaps) == (False, "Little on contextualising.")
    response = autosave(client, url, {"ksb_code": "K3", "appears_met": "yes", "gaps": ""})
    assert response.status_code == 200
    assert "saved_at" in response.json()
    finding.refresh_from_db()
    assert (finding.appears_met, finding.gaps) == (True, "")
    assert KsbFinding.objects.filter(assessment=assessment).count() == 1


def test_a_finding_on_a_ksb_the_standard_does_not_have_is_refused(client, people, assessment):
    client.force_login(people.ian)
    response = autosave(
        client,
        reverse("epa:desk_review", args=[assessment.pk]),
        {"ksb_code": "Z99", "appears_met": "no", "gaps": ""},
    )
    assert response.status_code == 400
    assert "Z99 is not a KSB of this standard" in str(response.json()["errors"])
    assert not KsbFinding.objects.exists()


# --- Finalising -------------------------------------------------------------------------------


def test_an_empty_record_shows_what_stops_it_being_finalised(client, people, assessment):
    client.force_login(people.ian)
    response = client.get(reverse("epa:finalise", args=[assessment.pk]))
    assert response.status_code == 200
    assert "The record cannot be finalised yet" in response.text
    assert escape(
        "Learning mentor observation, session 1: give the learner's reference, "
        "the format (one-to-one or group) and the start and end times; confirm "
        "it was a genuine session (not role play) and no other learners were present."
    ) in (response.text)
    assert "Finalise the provisional grades" not in response.text


def test_posting_an_empty_record_does_not_finalise_it(client, people, assessment):
    client.force_login(people.ian)
    response = client.post(reverse("epa:finalise", args=[assessment.pk]))
    assert response.status_code == 200
    assert escape("give the learner's reference") in response.text
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS


def test_a_complete_record_shows_the_grades_and_finalises(client, people, assessment):
    record_sittings(assessment)
    score_all(assessment)
    client.force_login(people.ian)
    url = reverse("epa:finalise", args=[assessment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "The record cannot be finalised yet" not in response.text
    assert "Distinction" in response.text
    assert "Finalise the provisional grades" in response.text
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == reverse("epa:overview", args=[assessment.pk])
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.PROVISIONAL
    assert assessment.provisional_result["grade"] == "distinction"
    # The record is fixed: a score sent afterwards is refused.
    response = autosave(client, method_url(assessment), score_t1(points=0))
    assert response.status_code == 400
    assert Score.objects.get(assessment=assessment, method="LMO", criterion="T1").points == 2


# --- Who reads the result ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["amara", "erin"])
def test_the_apprentice_and_employer_read_the_provisional_result_without_working_notes(
    client, people, provisional, name
):
    client.force_login(getattr(people, name))
    response = client.get(result_url(provisional))
    assert response.status_code == 200
    assert "Provisional: subject to moderation" in response.text
    assert "Distinction" in response.text
    assert "WORKING-NOTE-XYZ" not in response.text
    assert JUSTIFICATION not in response.text


@pytest.mark.parametrize("name", ["amara", "erin", "carl", "pat"])
def test_the_letter_is_404_before_the_grade_is_confirmed(client, people, provisional, name):
    client.force_login(getattr(people, name))
    assert client.get(letter_url(provisional)).status_code == 404


@pytest.mark.parametrize("name", ["carl", "pat"])
def test_the_provider_does_not_see_the_provisional_result(client, people, provisional, name):
    client.force_login(getattr(people, name))
    assert client.get(result_url(provisional)).status_code == 404


@pytest.mark.parametrize("name", ["carl", "pat", "amara", "erin"])
def test_everyone_concerned_reads_the_confirmed_result_without_working_notes(
    client, people, final, name
):
    client.force_login(getattr(people, name))
    response = client.get(result_url(final))
    assert response.status_code == 200
    assert "Distinction" in response.text
    assert "Provisional: subject to moderation" not in response.text
    assert letter_url(final) in response.text
    assert "WORKING-NOTE-XYZ" not in response.text
    assert JUSTIFICATION not in response.text


def test_the_apprentice_downloads_the_result_letter_once_confirmed(client, people, final):
    client.force_login(people.amara)
    response = client.get(letter_url(final))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "epa-result-amara-example.pdf" in response["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Distinction" in text
    assert "Amara Example" in text
    assert "WORKING-NOTE-XYZ" not in text


@pytest.mark.parametrize("name", ["carl", "pat", "erin"])
def test_the_provider_and_employer_download_the_letter_once_confirmed(client, people, final, name):
    client.force_login(getattr(people, name))
    response = client.get(letter_url(final))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_an_open_assessment_has_no_result_for_the_apprentice(client, people, assessment):
    client.force_login(people.amara)
    assert client.get(result_url(assessment)).status_code == 404


# --- Moderation through the page --------------------------------------------------------------


def moderation_post(assessment, rationale: str, **changes: int) -> dict:
    """Every score field at its current value, except `changes` (keyed such as PD_T1)."""
    data = {"rationale": rationale, "revision": str(assessment.revision)}
    for method, points in selectors.moderated_scores(assessment).items():
        for criterion, value in points.items():
            data[f"score-{method}-{criterion}"] = str(changes.get(f"{method}_{criterion}", value))
    return data


def test_a_moderator_reads_the_page_with_the_assessors_notes(client, people, provisional):
    client.force_login(people.mo)
    response = client.get(moderate_url(provisional))
    assert response.status_code == 200
    assert "WORKING-NOTE-XYZ" in response.text
    assert JUSTIFICATION in response.text


def test_a_moderator_changes_a_score_and_the_result_shows_the_change(client, people, provisional):
    client.force_login(people.mo)
    response = client.post(
        moderate_url(provisional),
        moderation_post(provisional, "No advice or guidance in the discussion.", PD_T1=0),
    )
    assert response.status_code == 302
    assert response.url == result_url(provisional)
    decision = Moderation.objects.get(assessment=provisional)
    assert decision.outcome == Moderation.Outcome.CHANGED
    changes = [
        (c.method, c.criterion, c.points_before, c.points_after) for c in decision.changes.all()
    ]
    assert changes == [("PD", "T1", 2, 0)]
    # The assessor's own score is kept.
    assert Score.objects.get(assessment=provisional, method="PD", criterion="T1").points == 2
    page = client.get(result_url(provisional))
    assert page.status_code == 200
    assert "<strong>Changed</strong> by Mo Example" in page.text
    assert "Distinction → Fail" in page.text
    assert 'epa-grade--fail">Fail</strong>' in page.text
    assert "PD T1: 2 → 0" in page.text


def test_the_apprentice_still_sees_the_assessors_grades_until_confirmation(
    client, people, provisional
):
    services.moderation_record(
        assessment=provisional,
        moderator=people.mo,
        changes={("PD", "T1"): 0},
        rationale="MODERATION-RATIONALE-ABC",
    )
    client.force_login(people.amara)
    response = client.get(result_url(provisional))
    assert response.status_code == 200
    assert "Distinction" in response.text
    assert "MODERATION-RATIONALE-ABC" not in response.text


def test_a_change_without_a_rationale_is_shown_the_error(client, people, provisional):
    client.force_login(people.mo)
    response = client.post(moderate_url(provisional), moderation_post(provisional, "", PD_T1=0))
    assert response.status_code == 200
    assert "Give the rationale" in response.text
    assert not Moderation.objects.filter(assessment=provisional).exists()


def test_agreeing_needs_no_rationale(client, people, provisional):
    client.force_login(people.mo)
    response = client.post(moderate_url(provisional), moderation_post(provisional, ""))
    assert response.status_code == 302
    assert Moderation.objects.get(assessment=provisional).outcome == Moderation.Outcome.AGREED


@pytest.mark.parametrize("name", ["ada", "ian"])
def test_only_moderators_moderate(client, people, provisional, name):
    client.force_login(getattr(people, name))
    expected = 403 if name == "ada" else 404
    assert client.get(moderate_url(provisional)).status_code == expected
    response = client.post(moderate_url(provisional), moderation_post(provisional, "x", PD_T1=0))
    assert response.status_code == expected
    assert not Moderation.objects.exists()


@pytest.mark.parametrize("name", [*PROVIDER_STAFF, "amara", "erin", *OUTSIDERS])
def test_nobody_outside_the_epao_reaches_moderation(client, people, provisional, name):
    client.force_login(getattr(people, name))
    assert client.get(moderate_url(provisional)).status_code == 404


# --- The EPAO's queue -------------------------------------------------------------------------


def test_the_epao_admin_sees_the_provisional_result_in_the_queue(client, people, provisional):
    client.force_login(people.ada)
    response = client.get(reverse("epa:queue"))
    assert response.status_code == 200
    assert "Amara Example" in response.text
    assert result_url(provisional) in response.text


def test_the_moderator_sees_the_queue_too(client, people, provisional):
    client.force_login(people.mo)
    response = client.get(reverse("epa:queue"))
    assert response.status_code == 200
    assert "Amara Example" in response.text


@pytest.mark.parametrize("name", ["ian", "isla", "carl", "pat", "amara", "otto"])
def test_the_queue_is_404_to_anyone_not_the_epaos_admin_or_moderator(
    client, people, provisional, name
):
    client.force_login(getattr(people, name))
    assert client.get(reverse("epa:queue")).status_code == 404


# --- Questions --------------------------------------------------------------------------------


def question_url(assessment, question) -> str:
    return reverse("epa:question", args=[assessment.pk, question.pk])


@pytest.fixture
def question(people, assessment):
    return services.question_add(
        assessment=assessment, by=people.ian, method="LMO", text="How do you agree aims?"
    )


def test_an_answer_note_is_saved_and_returns_to_the_method_page(
    client, people, assessment, question
):
    client.force_login(people.ian)
    response = client.post(
        question_url(assessment, question),
        {"answer_notes": "Agrees aims at the start.", "next": method_url(assessment)},
    )
    assert response.status_code == 302
    assert response.url == method_url(assessment)
    question.refresh_from_db()
    assert question.answer_notes == "Agrees aims at the start."


def test_another_assessor_cannot_change_a_question(client, people, assessment, question):
    client.force_login(people.isla)
    response = client.post(question_url(assessment, question), {"answer_notes": "x"})
    assert response.status_code == 404
    question.refresh_from_db()
    assert question.answer_notes == ""


def test_a_question_save_never_redirects_off_site(client, people, assessment, question):
    client.force_login(people.ian)
    response = client.post(
        question_url(assessment, question),
        {"answer_notes": "Agrees aims.", "next": "//evil.example/phish"},
    )
    assert response.status_code == 302
    assert not response.url.startswith("//")
    assert response.url == reverse("epa:questions", args=[assessment.pk])
