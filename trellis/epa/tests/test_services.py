import uuid
from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.booking.models import EpaDate
from trellis.epa import selectors, services
from trellis.epa.models import Assessment, Note, Score
from trellis.testing.epa_factories import (
    finalised,
    record_sittings,
    score_all,
    started,
)
from trellis.testing.gateway_factories import make_ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(people):
    make_ready(people.amara_apprenticeship)
    return started(people.amara_apprenticeship, assessor=people.ian)


def messages(excinfo) -> list[str]:
    return excinfo.value.messages


# --- Starting and who records ----------------------------------------------------------------


def test_only_the_assigned_assessor_starts_the_record_and_starting_again_returns_it(
    people, assessment
):
    assert assessment.methods == ["LMO", "PD"]
    again = services.assessment_start(booking=assessment.booking, started_by=people.ian)
    assert again.pk == assessment.pk
    with pytest.raises(ValidationError, match="Only the assigned assessor"):
        services.assessment_start(booking=assessment.booking, started_by=people.isla)


def test_another_assessor_cannot_write_to_the_record(people, assessment):
    with pytest.raises(PermissionDenied):
        services.score_save(
            assessment=assessment,
            by=people.isla,
            method="LMO",
            criterion="T1",
            points=2,
            justification="",
        )


# --- Saved as typed ---------------------------------------------------------------------------


def test_a_note_saved_again_under_its_key_updates_it_and_keeps_its_time(
    people, assessment, time_machine
):
    key = uuid.uuid4()
    first = services.note_save(
        assessment=assessment,
        by=people.ian,
        method="LMO",
        key=key,
        text="Opens by",
        session_number=1,
    )
    written_at = first.written_at
    time_machine.move_to(timezone.now() + timedelta(seconds=40))
    again = services.note_save(
        assessment=assessment,
        by=people.ian,
        method="LMO",
        key=key,
        text="Opens by agreeing the session's aims",
        criterion="T3",
        session_number=1,
    )
    assert Note.objects.count() == 1
    assert (again.text, again.criterion, again.written_at) == (
        "Opens by agreeing the session's aims",
        "T3",
        written_at,
    )
    assert again.session.number == 1
    services.note_save(assessment=assessment, by=people.ian, method="LMO", key=key, text="  ")
    assert Note.objects.count() == 0


def test_a_note_on_a_criterion_the_method_does_not_have_is_refused(people, assessment):
    with pytest.raises(ValidationError, match="SC1 is not a criterion of Learning mentor"):
        services.note_save(
            assessment=assessment,
            by=people.ian,
            method="LMO",
            key=uuid.uuid4(),
            text="x",
            criterion="SC1",
        )


def test_a_learner_named_rather_than_referenced_is_refused(people, assessment):
    with pytest.raises(ValidationError) as excinfo:
        services.session_save(
            assessment=assessment,
            by=people.ian,
            method="LMO",
            number=1,
            learner_ref="Jo Smith",
            format="one_to_one",
            genuine_confirmed=True,
            no_other_learners_confirmed=True,
            started_at=None,
            ended_at=None,
        )
    assert "never their name" in str(excinfo.value)


def test_a_third_session_is_refused_because_the_data_asks_for_two(people, assessment):
    with pytest.raises(ValidationError, match="has sessions 1 to 2"):
        services.session_save(
            assessment=assessment,
            by=people.ian,
            method="LMO",
            number=3,
            learner_ref="L-3",
            format="group",
            genuine_confirmed=True,
            no_other_learners_confirmed=True,
            started_at=None,
            ended_at=None,
        )


def test_a_score_outside_the_criterion_points_is_refused(people, assessment):
    with pytest.raises(ValidationError, match="Score T1 as one of 0, 1, 2"):
        services.score_save(
            assessment=assessment,
            by=people.ian,
            method="LMO",
            criterion="T1",
            points=3,
            justification="",
        )


# --- Finalising -------------------------------------------------------------------------------


def test_an_empty_record_cannot_be_finalised_and_every_problem_is_named(people, assessment):
    with pytest.raises(ValidationError) as excinfo:
        services.assessment_finalise(assessment=assessment, by=people.ian)
    found = messages(excinfo)
    assert (
        "Learning mentor observation, session 1: give the learner's reference, "
        "the format (one-to-one or group) and the start and end times; confirm "
        "it was a genuine session (not role play) and no other learners were present."
    ) in found
    assert "LMO T1: missing; score it 0, 1 or 2" in found
    assert any(
        problem.startswith("Professional discussion: confirm the setting") for problem in found
    )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS


def test_observations_that_are_too_short_cannot_be_finalised(people, assessment):
    record_sittings(assessment)
    score_all(assessment)
    services.session_save(
        assessment=assessment,
        by=people.ian,
        method="LMO",
        number=2,
        learner_ref="L-202",
        format="group",
        genuine_confirmed=True,
        no_other_learners_confirmed=True,
        started_at=time(11, 0),
        ended_at=time(11, 40),
    )
    with pytest.raises(ValidationError) as excinfo:
        services.assessment_finalise(assessment=assessment, by=people.ian)
    [problem] = messages(excinfo)
    assert "100 minutes" in problem and "108 to 132" in problem


def test_observations_with_one_learner_twice_cannot_be_finalised(people, assessment):
    record_sittings(assessment, learners=("L-101", "l-101"))
    score_all(assessment)
    with pytest.raises(ValidationError) as excinfo:
        services.assessment_finalise(assessment=assessment, by=people.ian)
    [problem] = messages(excinfo)
    assert "at least 2 different learners" in problem


def test_finalising_fixes_the_provisional_result_and_tells_apprentice_and_employer_together(
    people, django_capture_on_commit_callbacks
):
    make_ready(people.amara_apprenticeship)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assessment = finalised(people.amara_apprenticeship, LMO_T1=1)
    result = assessment.provisional_result
    assert assessment.status == Assessment.Status.PROVISIONAL
    assert result["methods"]["LMO"]["grade"] == "distinction"
    assert result["methods"]["LMO"]["points"] == 62
    assert (result["grade"], result["points"]) == ("distinction", 98)
    assert "PD scoring" in result["unconfirmed"]
    provisional = [m for m in mail.outbox if m.subject.startswith("Provisional")]
    assert sorted(m.to[0] for m in provisional) == [people.amara.email, people.erin.email]
    assert all("Distinction" not in m.body for m in provisional)
    with pytest.raises(PermissionDenied, match="finalised"):
        score_all(assessment, 1)


def test_termination_is_a_fail_whatever_the_scores(people, assessment):
    record_sittings(assessment)
    score_all(assessment)
    with pytest.raises(ValidationError, match="Describe what happened"):
        services.assessment_terminate(
            assessment=assessment, by=people.ian, reason="safety", description=" "
        )
    ended = services.assessment_terminate(
        assessment=assessment,
        by=people.ian,
        reason="safety",
        description="The apprentice left a learner alone with an unvetted visitor.",
    )
    assert ended.status == Assessment.Status.PROVISIONAL
    assert ended.provisional_result["grade"] == "fail"
    assert ended.provisional_result["terminated"] is True


# --- Moderation and release -------------------------------------------------------------------


@pytest.fixture
def provisional(people):
    make_ready(people.amara_apprenticeship)
    return finalised(people.amara_apprenticeship)


def test_a_moderator_agrees_and_the_result_stands(people, provisional):
    decision = services.moderation_record(
        assessment=provisional, moderator=people.mo, changes={}, rationale=""
    )
    assert decision.outcome == "agreed"
    assert selectors.current_result(provisional) == provisional.provisional_result


def test_a_moderator_changes_a_score_with_a_rationale_and_the_grades_follow(people, provisional):
    with pytest.raises(ValidationError, match="Give the rationale"):
        services.moderation_record(
            assessment=provisional, moderator=people.mo, changes={("PD", "T1"): 0}, rationale=""
        )
    decision = services.moderation_record(
        assessment=provisional,
        moderator=people.mo,
        changes={("PD", "T1"): 0, ("PD", "T2"): 2},
        rationale="The PD notes show no advice or guidance given; T1 is not demonstrated.",
    )
    assert decision.outcome == "changed"
    assert [(c.criterion, c.points_before, c.points_after) for c in decision.changes.all()] == [
        ("T1", 2, 0)
    ]
    assert decision.result_after["methods"]["PD"]["grade"] == "fail"
    assert decision.result_after["grade"] == "fail"
    assert decision.result_before["grade"] == "distinction"
    assert Score.objects.get(assessment=provisional, method="PD", criterion="T1").points == 2


def test_only_the_epaos_moderators_moderate(people, provisional):
    for outsider in (people.ian, people.ada, people.pat):
        with pytest.raises(PermissionDenied):
            services.moderation_record(
                assessment=provisional, moderator=outsider, changes={}, rationale=""
            )


def test_confirming_releases_the_final_grade_and_completes_the_apprenticeship(
    people, provisional, django_capture_on_commit_callbacks
):
    booking = provisional.booking
    day = timezone.localdate() - timedelta(days=2)
    EpaDate.objects.create(
        booking=booking,
        activity="Observation",
        day=day,
        starts_at=time(9),
        ends_at=time(12),
        location="Riverside",
        booked_by=people.ada,
        booked_at=timezone.now(),
    )
    with pytest.raises(ValidationError, match="today or later"):
        services.result_confirm(
            assessment=provisional, by=people.ada, appeal_until=date(2000, 1, 1)
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = services.result_confirm(
            assessment=provisional,
            by=people.ada,
            appeal_until=timezone.localdate() + timedelta(days=20),
        )
    assert confirmed.status == Assessment.Status.FINAL
    assert confirmed.final_result["grade"] == "distinction"
    assert confirmed.achieved_on == day
    EpaDate.objects.filter(booking=booking).update(day=timezone.localdate() + timedelta(days=9))
    assert selectors.last_assessment_day(confirmed) == timezone.localdate()
    people.amara_apprenticeship.refresh_from_db()
    assert people.amara_apprenticeship.status == Apprenticeship.Status.COMPLETED
    told = {m.to[0] for m in mail.outbox if m.subject.startswith("Final")}
    assert told == {people.amara.email, people.erin.email, people.carl.email, people.pat.email}


# --- Resits and retakes -----------------------------------------------------------------------


@pytest.fixture
def failed(people):
    make_ready(people.amara_apprenticeship)
    assessment = finalised(people.amara_apprenticeship, PD_T1=0)
    return services.result_confirm(
        assessment=assessment,
        by=people.ada,
        appeal_until=timezone.localdate() + timedelta(days=20),
    )


def test_a_resit_takes_only_the_failed_method_and_is_capped_at_pass(people, failed):
    assert failed.final_result["methods"]["LMO"]["grade"] == "distinction"
    resit = services.reattempt_create(assessment=failed, by=people.ada, kind="resit")
    assert (resit.number, resit.methods, resit.previous) == (2, ["PD"], failed)
    record_sittings(resit)
    score_all(resit)
    done = services.assessment_finalise(assessment=resit, by=people.ian)
    result = done.provisional_result
    assert result["methods"]["LMO"]["points"] == 64
    assert result["points"] == 100
    assert (result["grade"], result["capped"]) == ("pass", True)
    assert Assessment.objects.filter(apprenticeship=people.amara_apprenticeship).count() == 2


def test_exceptional_circumstances_lift_the_cap(people, failed):
    resit = services.reattempt_create(
        assessment=failed,
        by=people.ada,
        kind="resit",
        exceptional_circumstances="Bereavement the week of the discussion.",
    )
    record_sittings(resit)
    score_all(resit)
    done = services.assessment_finalise(assessment=resit, by=people.ian)
    assert done.provisional_result["grade"] == "distinction"


def test_a_retake_needs_an_action_plan_and_a_pass_is_not_taken_again(people, failed):
    with pytest.raises(ValidationError) as excinfo:
        services.reattempt_create(assessment=failed, by=people.ada, kind="retake")
    assert "supportive action plan" in str(excinfo.value)
    services.reattempt_create(
        assessment=failed, by=people.ada, kind="retake", action_plan="Four coaching sessions."
    )
    with pytest.raises(ValidationError, match="taken again already"):
        services.reattempt_create(assessment=failed, by=people.ada, kind="resit")


def test_a_re_attempt_after_the_data_s_months_is_refused(people, failed, time_machine):
    time_machine.move_to(timezone.now() + timedelta(days=200))
    with pytest.raises(ValidationError, match="within 6 months"):
        services.reattempt_create(assessment=failed, by=people.ada, kind="resit")


# --- Questions --------------------------------------------------------------------------------


def test_questions_are_suggested_from_the_gaps_and_not_again_after_an_earlier_attempt(
    people, assessment
):
    standard = people.amara_apprenticeship.standard_version.standard
    today = timezone.localdate()

    def bank(text, codes, **extra):
        return services.bank_question_save(
            by=people.ada,
            epao_id=people.epao.pk,
            standard=standard,
            text=text,
            ksb_codes=codes,
            review_on=today + timedelta(days=90),
            **extra,
        )

    on_k9 = bank("How do you decide when to refer a concern?", ["K9", "S9"])
    bank("Retired one on K9", ["K9"], retired=True)
    bank("On K1 only", ["K1"])
    services.finding_save(
        assessment=assessment, by=people.ian, ksb_code="K9", appears_met=False, gaps="No referral."
    )
    services.finding_save(
        assessment=assessment, by=people.ian, ksb_code="K1", appears_met=True, gaps=""
    )
    [suggested] = selectors.suggestions(assessment, today)
    assert (suggested.entry.id, suggested.matches) == (on_k9.pk, ("K9",))
    services.question_add(assessment=assessment, by=people.ian, method="PD", bank_question=on_k9)
    assert selectors.suggestions(assessment, today) == []


def test_a_bank_question_needs_a_ksb_of_the_standard(people):
    with pytest.raises(ValidationError, match="Not KSBs of ST0148: K99"):
        services.bank_question_save(
            by=people.ada,
            epao_id=people.epao.pk,
            standard=people.amara_apprenticeship.standard_version.standard,
            text="Q",
            ksb_codes=["K99"],
            review_on=date(2027, 1, 1),
        )


# --- The certificate --------------------------------------------------------------------------


def test_the_certificate_goes_consent_then_requested_then_received(people, provisional):
    confirmed = services.result_confirm(
        assessment=provisional, by=people.ada, appeal_until=timezone.localdate()
    )
    certificate = services.certificate_consent(
        assessment=confirmed, by=people.ada, address="1 High Street, Leeds LS1 1AA"
    )
    with pytest.raises(ValidationError, match="requested before"):
        services.certificate_received(certificate=certificate, by=people.ada)
    services.certificate_requested(certificate=certificate, by=people.ada)
    services.certificate_received(certificate=certificate, by=people.ada)
    assert certificate.received_at is not None
