from datetime import date

import pytest
import time_machine
from django.urls import reverse

from trellis.mentoring.models import MentoringSession
from trellis.mentoring.services import MentoringSessionDetails, mentoring_session_log
from trellis.portfolio.decisions import evidence_submit
from trellis.portfolio.models import EvidenceItem
from trellis.testing.portfolio_factories import map_ksbs

pytestmark = pytest.mark.django_db

READERS = ["amara", "carl", "erin", "pat", "quinn", "dina"]
OUTSIDERS = ["bea", "cora", "evan", "paula", "otto", "ada", "ian", "isla", "mo"]
SESSION = {
    "held_on": "2026-06-10",
    "learner_ref": "L-014",
    "hours": "1",
    "minutes": "30",
    "format": "one_to_one",
    "setting": "Workshop",
    "what_was_done": "Practised a feedback conversation",
    "reflection": "",
}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 15), tick=False):
        yield


def url(people, name="index", **kwargs):
    return reverse(f"mentoring:{name}", kwargs={"pk": people.amara_apprenticeship.pk, **kwargs})


def logged(people, ref="L-001") -> MentoringSession:
    return mentoring_session_log(
        apprenticeship=people.amara_apprenticeship,
        logged_by=people.amara,
        details=MentoringSessionDetails(
            held_on=date(2026, 6, 1),
            learner_ref=ref,
            duration_minutes=60,
            format="group",
            setting="Library",
            what_was_done="Study skills",
        ),
    )


@pytest.mark.parametrize("name", READERS)
def test_portfolio_readers_read_the_log_and_summary(client, people, name):
    logged(people)
    client.force_login(getattr(people, name))
    response = client.get(url(people))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<strong>1</strong> session with <strong>1</strong> different learner<" in page
    assert "The end-point observation needs 2 genuine sessions" in page
    assert "1 Jun 2026" in page
    assert ("Log a session" in page) == (name == "amara")


@pytest.mark.parametrize("name", OUTSIDERS)
def test_others_get_404_even_by_guessed_url(client, people, name):
    session = logged(people)
    client.force_login(getattr(people, name))
    assert client.get(url(people)).status_code == 404
    assert client.get(url(people, "session_edit", session_id=session.pk)).status_code == 404
    assert client.post(url(people, "session_delete", session_id=session.pk)).status_code == 404


@pytest.mark.parametrize("name", ["carl", "erin", "pat"])
def test_readers_are_told_they_may_not_write(client, people, name):
    session = logged(people)
    client.force_login(getattr(people, name))
    assert client.get(url(people, "session_log")).status_code == 403
    assert client.post(url(people, "session_log"), SESSION).status_code == 403
    assert client.post(url(people, "session_to_evidence", session_id=session.pk)).status_code == 403
    assert client.post(url(people, "session_delete", session_id=session.pk)).status_code == 403
    assert MentoringSession.objects.count() == 1


def test_the_apprentice_logs_a_session_and_the_summary_counts_it(client, people):
    client.force_login(people.amara)
    form = client.get(url(people, "session_log")).content.decode()
    assert "Knowledge" in form and "Behaviours" in form
    response = client.post(url(people, "session_log"), {**SESSION, "ksbs": []})
    assert response.status_code == 302
    session = MentoringSession.objects.get()
    assert (session.duration_minutes, session.learner_ref) == (90, "L-014")
    page = client.get(url(people)).content.decode()
    assert "<strong>1</strong> session with <strong>1</strong> different learner<" in page


def test_a_name_is_refused_with_its_message_and_nothing_logged(client, people):
    client.force_login(people.amara)
    response = client.post(url(people, "session_log"), {**SESSION, "learner_ref": "Jo Smith"})
    assert response.status_code == 200
    assert (
        "Use a reference such as L-014 for the learner, never their name"
        in response.content.decode()
    )
    assert not MentoringSession.objects.exists()


def test_no_duration_is_refused_at_the_hours(client, people):
    client.force_login(people.amara)
    response = client.post(url(people, "session_log"), {**SESSION, "hours": "", "minutes": ""})
    assert response.context["form"].errors["hours"] == [
        "Give how long the session lasted: more than 0 minutes."
    ]


def test_change_and_delete_with_confirmation(client, people):
    session = logged(people)
    client.force_login(people.amara)
    assert client.get(url(people, "session_edit", session_id=session.pk)).status_code == 200
    response = client.post(url(people, "session_edit", session_id=session.pk), SESSION)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.setting == "Workshop"
    confirm = client.get(url(people, "session_delete", session_id=session.pk))
    assert "Delete the session with L-014" in confirm.content.decode()
    client.post(url(people, "session_delete", session_id=session.pk))
    assert not MentoringSession.objects.exists()


def test_use_as_evidence_goes_to_mapping_then_links_and_cannot_be_deleted(client, people):
    session = logged(people)
    client.force_login(people.amara)
    response = client.post(url(people, "session_to_evidence", session_id=session.pk))
    item = EvidenceItem.objects.get()
    assert response.url == reverse(
        "portfolio:item_map", args=[people.amara_apprenticeship.pk, item.pk]
    )
    page = client.get(url(people)).content.decode()
    assert reverse("portfolio:item_detail", args=[people.amara_apprenticeship.pk, item.pk]) in page
    assert "Used as evidence, so it cannot be deleted." in page
    response = client.post(url(people, "session_delete", session_id=session.pk), follow=True)
    assert "so it cannot be deleted" in response.content.decode()
    assert MentoringSession.objects.exists()
    again = client.post(url(people, "session_to_evidence", session_id=session.pk), follow=True)
    assert "already the evidence item" in again.content.decode()


def test_a_session_whose_evidence_awaits_assessment_cannot_be_changed(client, people):
    session = logged(people)
    client.force_login(people.amara)
    client.post(url(people, "session_to_evidence", session_id=session.pk))
    item = EvidenceItem.objects.get()
    map_ksbs(item, ["K1"])
    evidence_submit(item=item, submitted_by=people.amara)
    page = client.get(url(people)).content.decode()
    assert "cannot be changed while the item is awaiting assessment" in page
    response = client.post(url(people, "session_edit", session_id=session.pk), SESSION, follow=True)
    assert "awaiting assessment" in response.content.decode()
    session.refresh_from_db()
    assert session.setting == "Library"
