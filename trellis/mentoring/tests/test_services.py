from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from trellis.mentoring.access import get_session_for_user
from trellis.mentoring.models import MentoringSession
from trellis.mentoring.selectors import observation_summary
from trellis.mentoring.services import (
    MentoringSessionDetails,
    mentoring_session_change,
    mentoring_session_delete,
    mentoring_session_log,
    mentoring_session_to_evidence,
)
from trellis.portfolio.decisions import evidence_submit
from trellis.portfolio.models import EvidenceItem
from trellis.standards.models import KSB
from trellis.testing.factories import StandardVersionFactory
from trellis.testing.portfolio_factories import map_ksbs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 15), tick=False):
        yield


def details(**changes) -> MentoringSessionDetails:
    values = {
        "held_on": date(2026, 6, 10),
        "learner_ref": "L-014",
        "duration_minutes": 60,
        "format": "one_to_one",
        "setting": "Classroom",
        "what_was_done": "Reviewed the learner's action plan",
        "reflection": "Open questions worked better",
    }
    return MentoringSessionDetails(**(values | changes))


def log(people, **changes) -> MentoringSession:
    return mentoring_session_log(
        apprenticeship=people.amara_apprenticeship,
        logged_by=people.amara,
        details=details(**changes),
    )


def ksbs(people, *codes):
    return list(
        KSB.objects.filter(
            standard_version=people.amara_apprenticeship.standard_version, code__in=codes
        )
    )


def test_the_apprentice_logs_a_session_with_its_ksbs(people):
    session = log(people, learner_ref=" l-014 ", ksbs=ksbs(people, "K1", "S1"))
    session.refresh_from_db()
    assert session.learner_ref == "L-014"
    assert session.logged_by == people.amara
    assert sorted(k.code for k in session.ksbs.all()) == ["K1", "S1"]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"learner_ref": "Jo Smith"}, "learner_ref", "such as L-014"),
        ({"learner_ref": "Jordan"}, "learner_ref", "never their name"),
        ({"duration_minutes": 0}, "duration", "more than 0 minutes"),
        ({"duration_minutes": 8 * 60 + 1}, "duration", "at most 8 hours"),
        ({"duration_minutes": None}, "duration", "how long"),
        ({"held_on": date(2026, 6, 16)}, "held_on", "in the future"),
        ({"held_on": date(2026, 1, 4)}, "held_on", "before the apprenticeship started"),
        ({"format": "online"}, "format", "one-to-one or group"),
        ({"setting": " "}, "setting", "where the session took place"),
        ({"what_was_done": ""}, "what_was_done", "what you and the learner did"),
    ],
)
def test_each_refusal_says_what_to_fix_and_logs_nothing(people, changes, field, words):
    with pytest.raises(ValidationError) as error:
        log(people, **changes)
    assert words in error.value.message_dict[field][0]
    assert not MentoringSession.objects.exists()


def test_ksbs_of_another_standard_are_refused(people):
    other = StandardVersionFactory()
    foreign = KSB.objects.create(
        standard_version=other,
        guid="00000000-0000-0000-0000-000000000001",
        code="K1",
        kind="knowledge",
        statement="Elsewhere",
        position=1,
    )
    with pytest.raises(ValidationError) as error:
        log(people, ksbs=[foreign])
    assert "apprenticeship's standard" in error.value.message_dict["ksbs"][0]


@pytest.mark.parametrize("name", ["carl", "erin", "pat", "quinn", "dina"])
def test_readers_may_not_log(people, name):
    with pytest.raises(PermissionDenied, match="Only the apprentice keeps their mentoring log"):
        mentoring_session_log(
            apprenticeship=people.amara_apprenticeship,
            logged_by=getattr(people, name),
            details=details(),
        )


@pytest.mark.parametrize("name", ["carl", "erin", "pat", "quinn", "dina", "amara"])
def test_portfolio_readers_see_a_session(people, name):
    session = log(people)
    found = get_session_for_user(getattr(people, name), people.amara_apprenticeship.pk, session.pk)
    assert found == session


@pytest.mark.parametrize(
    "name", ["ada", "ian", "isla", "mo", "otto", "bea", "cora", "evan", "paula"]
)
def test_others_get_404(people, name):
    session = log(people)
    with pytest.raises(Http404):
        get_session_for_user(getattr(people, name), people.amara_apprenticeship.pk, session.pk)


def test_a_session_of_another_apprenticeship_is_404_by_guessed_url(people):
    session = log(people)
    with pytest.raises(Http404):
        get_session_for_user(people.bea, people.bea_apprenticeship.pk, session.pk)


def test_the_apprentice_changes_and_deletes_a_session(people):
    session = log(people)
    mentoring_session_change(
        session=session,
        changed_by=people.amara,
        details=details(learner_ref="L-015", duration_minutes=45),
    )
    session.refresh_from_db()
    assert (session.learner_ref, session.duration_minutes) == ("L-015", 45)
    with pytest.raises(PermissionDenied):
        mentoring_session_delete(session=session, deleted_by=people.carl)
    mentoring_session_delete(session=session, deleted_by=people.amara)
    assert not MentoringSession.objects.exists()


def test_a_refused_change_leaves_the_session_as_it_was(people):
    session = log(people)
    with pytest.raises(ValidationError):
        mentoring_session_change(
            session=session, changed_by=people.amara, details=details(learner_ref="Jordan")
        )
    session.refresh_from_db()
    assert session.learner_ref == "L-014"


def test_the_consultant_may_not_change_a_session(people):
    session = log(people)
    with pytest.raises(PermissionDenied):
        mentoring_session_change(session=session, changed_by=people.carl, details=details())


def test_use_as_evidence_makes_one_draft_item(people):
    session = log(people)
    item = mentoring_session_to_evidence(session=session, used_by=people.amara)
    assert item.status == "draft"
    assert item.kind == "mentoring_session"
    assert item.mentoring_session == session
    assert item.title == "Mentoring session with L-014"
    assert item.occurred_on == date(2026, 6, 10)
    assert item.created_by == people.amara
    session.refresh_from_db()
    with pytest.raises(ValidationError, match="already the evidence item"):
        mentoring_session_to_evidence(session=session, used_by=people.amara)
    assert EvidenceItem.objects.count() == 1


def test_only_the_apprentice_uses_a_session_as_evidence(people):
    session = log(people)
    with pytest.raises(PermissionDenied):
        mentoring_session_to_evidence(session=session, used_by=people.carl)
    assert not EvidenceItem.objects.exists()


def test_a_session_used_as_evidence_cannot_be_deleted_but_changes_while_draft(people):
    session = log(people)
    mentoring_session_to_evidence(session=session, used_by=people.amara)
    session.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        mentoring_session_delete(session=session, deleted_by=people.amara)
    assert "cannot be deleted" in error.value.message_dict["evidence"][0]
    assert MentoringSession.objects.filter(pk=session.pk).exists()
    mentoring_session_change(
        session=session, changed_by=people.amara, details=details(setting="Library")
    )
    session.refresh_from_db()
    assert session.setting == "Library"


def test_a_session_whose_evidence_is_awaiting_assessment_cannot_be_changed(people):
    session = log(people)
    item = mentoring_session_to_evidence(session=session, used_by=people.amara)
    map_ksbs(item, ["K1"])
    evidence_submit(item=item, submitted_by=people.amara)
    session.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        mentoring_session_change(
            session=session, changed_by=people.amara, details=details(setting="Library")
        )
    assert "awaiting assessment" in error.value.message_dict["evidence"][0]
    session.refresh_from_db()
    assert session.setting == "Classroom"


def test_the_summary_counts_sessions_and_different_learners_against_the_standard(people):
    log(people, learner_ref="L-001")
    log(people, learner_ref="l-001")
    summary = observation_summary(people.amara_apprenticeship)
    assert (summary.sessions, summary.learners, summary.ready) == (2, 1, False)
    log(people, learner_ref="L-002")
    summary = observation_summary(people.amara_apprenticeship)
    assert summary.text == (
        "3 sessions with 2 different learners. The end-point observation needs 2 genuine "
        "sessions with at least 2 different learners: you have logged enough different "
        "learners to choose from."
    )


def test_the_summary_follows_the_standards_data(people):
    version = people.amara_apprenticeship.standard_version
    for method in version.rules["methods"]:
        if method.get("sessions"):
            method["sessions"]["min_distinct_learners"] = 3
    version.save()
    log(people, learner_ref="L-001")
    log(people, learner_ref="L-002")
    summary = observation_summary(people.amara_apprenticeship)
    assert "at least 3 different learners" in summary.text
    assert summary.ready is False
