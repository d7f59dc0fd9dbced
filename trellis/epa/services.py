"""The end-point assessment, step by step: the assessor's record saved as it is typed, the
termination or finalising that fixes the provisional result, moderation, the final grade
released to everyone concerned, re-attempts, and the certificate."""

from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.booking.models import Booking
from trellis.booking.selectors import current_range
from trellis.caseload.services import caseload_summary_refresh
from trellis.epa import access, notifications, record, selectors
from trellis.epa.models import (
    AdviceNote,
    Assessment,
    BankQuestion,
    Certificate,
    KsbFinding,
    MethodRecord,
    Moderation,
    Note,
    Question,
    Score,
    ScoreChange,
    Session,
)
from trellis.mentoring.rules import normalise_learner_ref, refuse_learner_ref
from trellis.organisations.models import User
from trellis.organisations.roles import Role

MAX_TEXT = 10000
MAX_REASON = 2000


def _text(value: str, field: str, *, limit: int = MAX_TEXT, required: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: required})
    if len(value) > limit:
        raise ValidationError({field: f"Keep this within {limit} characters."})
    return value


def _locked(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update(of=("self",)).get(pk=assessment.pk)


def _bump(assessment: Assessment) -> None:
    Assessment.objects.filter(pk=assessment.pk).update(revision=assessment.revision + 1)
    assessment.revision += 1


def _require_revision(assessment: Assessment, revision: int | None) -> None:
    if revision is not None and revision != assessment.revision:
        raise ValidationError(
            "Someone else has changed this assessment since you opened it: reload the page to "
            "see what changed."
        )


def _method(assessment: Assessment, code: str) -> dict:
    method = selectors.method_rules(assessment, code)
    if method is None or code not in assessment.methods:
        raise ValidationError(f"{code} is not a method taken in this attempt.")
    return method


# --- Starting -------------------------------------------------------------------------------


def assessment_start(*, booking: Booking, started_by: User) -> Assessment:
    """Open the assessor's record of a booking's first attempt, or return the one open."""
    if booking.assessor_id != started_by.pk or booking.epao_id not in access.epao_ids(
        started_by, Role.ASSESSOR
    ):
        raise ValidationError("Only the assigned assessor starts the assessment record.")
    with transaction.atomic():
        Booking.objects.select_for_update(of=("self",)).get(pk=booking.pk)
        existing = selectors.latest_attempt(booking.apprenticeship_id)
        if existing is not None:
            return existing
        if current_range(booking) is None:
            raise ValidationError(
                "The employer has not offered dates yet: the Showcase, and the record, open then."
            )
        rules = booking.apprenticeship.standard_version.rules or {}
        if not rules.get("methods"):
            raise ValidationError(
                "This standard's assessment rules are not loaded: ask the EPAO's admin to load "
                "its data file."
            )
        return Assessment.objects.create(
            booking=booking,
            apprenticeship=booking.apprenticeship,
            methods=[method["code"] for method in rules["methods"]],
            created_at=timezone.now(),
            created_by=started_by,
        )


# --- The assessor's record, saved as it is typed ---------------------------------------------


def _open_for(assessment: Assessment, by: User) -> None:
    access.require_assessor(by, assessment)
    access.require_open(assessment)


def finding_save(
    *, assessment: Assessment, by: User, ksb_code: str, appears_met: bool | None, gaps: str
) -> KsbFinding:
    _open_for(assessment, by)
    if ksb_code not in selectors.ksb_codes(assessment):
        raise ValidationError({"ksb_code": f"{ksb_code} is not a KSB of this standard."})
    finding, _ = KsbFinding.objects.update_or_create(
        assessment=assessment,
        ksb_code=ksb_code,
        defaults={
            "appears_met": appears_met,
            "gaps": _text(gaps, "gaps"),
            "updated_at": timezone.now(),
        },
    )
    return finding


def _ksb_codes_checked(assessment: Assessment, codes) -> list[str]:
    known = selectors.ksb_codes(assessment)
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationError({"ksb_codes": f"Not KSBs of this standard: {', '.join(unknown)}."})
    return [code for code in known if code in set(codes)]


def question_add(
    *,
    assessment: Assessment,
    by: User,
    method: str,
    text: str = "",
    ksb_codes=(),
    bank_question: BankQuestion | None = None,
    source: str = Question.Source.PREPARED,
) -> Question:
    """Add a prepared question (from the bank, or the assessor's own) or a follow-up."""
    _open_for(assessment, by)
    _method(assessment, method)
    if bank_question is not None:
        if bank_question.retired or bank_question.epao_id != assessment.booking.epao_id:
            raise ValidationError("That question is not in your EPAO's current bank.")
        text, ksb_codes = bank_question.text, bank_question.ksb_codes
    text = _text(text, "text", required="Write the question.")
    codes = _ksb_codes_checked(assessment, ksb_codes)
    position = assessment.questions.filter(method=method, source=source).count()
    return Question.objects.create(
        assessment=assessment,
        method=method,
        source=source,
        bank_question=bank_question,
        text=text,
        ksb_codes=codes,
        position=position,
        updated_at=timezone.now(),
    )


def question_update(
    *, question: Question, by: User, text: str | None = None, answer_notes: str | None = None
) -> Question:
    _open_for(question.assessment, by)
    if text is not None:
        question.text = _text(text, "text", required="Write the question, or remove it.")
    if answer_notes is not None:
        question.answer_notes = _text(answer_notes, "answer_notes")
    question.updated_at = timezone.now()
    question.save()
    return question


def question_remove(*, question: Question, by: User) -> None:
    _open_for(question.assessment, by)
    if question.answer_notes:
        raise ValidationError(
            "This question has notes of the answer: clear them first if it was not asked."
        )
    question.delete()


def advice_add(*, assessment: Assessment, by: User, text: str) -> AdviceNote:
    if not access.is_adviser_of(by, assessment):
        raise ValidationError("Only the appointed sector/specialist adviser writes advice here.")
    access.require_open(assessment)
    return AdviceNote.objects.create(
        assessment=assessment,
        written_by=by,
        written_at=timezone.now(),
        text=_text(text, "text", required="Write the advice."),
    )


def session_save(
    *,
    assessment: Assessment,
    by: User,
    method: str,
    number: int,
    learner_ref: str,
    format: str,
    genuine_confirmed: bool,
    no_other_learners_confirmed: bool,
    started_at: time | None,
    ended_at: time | None,
) -> Session:
    _open_for(assessment, by)
    rules = _method(assessment, method)
    if not record.is_observed(rules):
        raise ValidationError(f"{rules['name']} has no observed sessions.")
    count = rules["sessions"]["count"]
    if not 1 <= number <= count:
        raise ValidationError(f"{rules['name']} has sessions 1 to {count}.")
    learner_ref = _text(learner_ref, "learner_ref", limit=40)
    if learner_ref:
        problem = refuse_learner_ref(learner_ref)
        if problem:
            raise ValidationError({"learner_ref": problem})
        learner_ref = normalise_learner_ref(learner_ref)
    if format and format not in Session.Format.values:
        raise ValidationError({"format": "Choose one-to-one or group."})
    if started_at and ended_at and ended_at <= started_at:
        raise ValidationError({"ended_at": "The end time must be after the start time."})
    session, _ = Session.objects.update_or_create(
        assessment=assessment,
        method=method,
        number=number,
        defaults={
            "learner_ref": learner_ref,
            "format": format,
            "genuine_confirmed": genuine_confirmed,
            "no_other_learners_confirmed": no_other_learners_confirmed,
            "started_at": started_at,
            "ended_at": ended_at,
            "updated_at": timezone.now(),
        },
    )
    return session


def method_record_save(
    *,
    assessment: Assessment,
    by: User,
    method: str,
    setting_confirmed: bool = False,
    started_at: time | None = None,
    ended_at: time | None = None,
    questioning_minutes: int | None = None,
) -> MethodRecord:
    _open_for(assessment, by)
    _method(assessment, method)
    if started_at and ended_at and ended_at <= started_at:
        raise ValidationError({"ended_at": "The end time must be after the start time."})
    found, _ = MethodRecord.objects.update_or_create(
        assessment=assessment,
        method=method,
        defaults={
            "setting_confirmed": setting_confirmed,
            "started_at": started_at,
            "ended_at": ended_at,
            "questioning_minutes": questioning_minutes,
            "updated_at": timezone.now(),
        },
    )
    return found


def note_save(
    *,
    assessment: Assessment,
    by: User,
    method: str,
    key,
    text: str,
    criterion: str = "",
    session_number: int | None = None,
) -> Note | None:
    """Save a note under the page's key: the first save stamps its time, later ones update
    the words. A note emptied is removed."""
    _open_for(assessment, by)
    rules = _method(assessment, method)
    if criterion and criterion not in {c["code"] for c in rules["criteria"]}:
        raise ValidationError({"criterion": f"{criterion} is not a criterion of {rules['name']}."})
    session = None
    if session_number is not None:
        session, _ = Session.objects.get_or_create(
            assessment=assessment,
            method=method,
            number=session_number,
            defaults={"updated_at": timezone.now()},
        )
    text = _text(text, "text")
    now = timezone.now()
    existing = Note.objects.filter(key=key).first()
    if existing is not None and existing.assessment_id != assessment.pk:
        raise ValidationError("That note belongs to another assessment.")
    if not text:
        if existing is not None:
            existing.delete()
        return None
    if existing is None:
        return Note.objects.create(
            assessment=assessment,
            method=method,
            session=session,
            criterion=criterion,
            text=text,
            key=key,
            written_at=now,
            updated_at=now,
        )
    existing.text, existing.criterion, existing.updated_at = text, criterion, now
    existing.save(update_fields=["text", "criterion", "updated_at"])
    return existing


def score_save(
    *,
    assessment: Assessment,
    by: User,
    method: str,
    criterion: str,
    points: int | None,
    justification: str,
) -> Score:
    _open_for(assessment, by)
    rules = _method(assessment, method)
    found = next((c for c in rules["criteria"] if c["code"] == criterion), None)
    if found is None:
        raise ValidationError({"criterion": f"{criterion} is not a criterion of {rules['name']}."})
    if points is not None and not 0 <= points <= found["max_points"]:
        allowed = ", ".join(str(n) for n in range(found["max_points"] + 1))
        raise ValidationError({"points": f"Score {criterion} as one of {allowed}."})
    score, _ = Score.objects.update_or_create(
        assessment=assessment,
        method=method,
        criterion=criterion,
        defaults={
            "points": points,
            "justification": _text(justification, "justification"),
            "updated_at": timezone.now(),
        },
    )
    return score


# --- Ending the assessor's part -------------------------------------------------------------


def assessment_terminate(
    *, assessment: Assessment, by: User, reason: str, description: str
) -> Assessment:
    """End the EPA for a safety breach or a breach of a code of practice: a Fail whatever the
    scores."""
    _open_for(assessment, by)
    if reason not in Assessment.Termination.values:
        raise ValidationError({"reason": "Choose why the assessment was ended."})
    description = _text(
        description,
        "description",
        limit=MAX_REASON,
        required="Describe what happened, as you would to the EPAO.",
    )
    with transaction.atomic():
        assessment = _locked(assessment)
        access.require_open(assessment)
        now = timezone.now()
        rules = selectors.rules_for(assessment)
        assessment.terminated_at = now
        assessment.terminated_by = by
        assessment.termination_reason = reason
        assessment.termination_description = description
        assessment.provisional_result = selectors.terminated_result(assessment, rules)
        _finalise(assessment, by, now)
    transaction.on_commit(lambda: notifications.provisional(assessment.pk))
    return assessment


def _finalise(assessment: Assessment, by: User, now) -> None:
    assessment.status = Assessment.Status.PROVISIONAL
    assessment.finalised_at = now
    assessment.finalised_by = by
    assessment.revision += 1
    assessment.save()


def assessment_finalise(*, assessment: Assessment, by: User) -> Assessment:
    """Fix the provisional result, refusing while any rule of the plan is broken or a score
    is missing; the apprentice and employer are told together."""
    _open_for(assessment, by)
    with transaction.atomic():
        assessment = _locked(assessment)
        access.require_open(assessment)
        problems = selectors.finalise_problems(assessment)
        if problems:
            raise ValidationError(problems)
        assessment.provisional_result = selectors.graded(assessment)
        _finalise(assessment, by, timezone.now())
    transaction.on_commit(lambda: notifications.provisional(assessment.pk))
    return assessment


# --- Moderation and the final grade -----------------------------------------------------------


def moderation_record(
    *,
    assessment: Assessment,
    moderator: User,
    changes: dict[tuple[str, str], int],
    rationale: str,
    revision: int | None = None,
) -> Moderation:
    """Agree the provisional result (no changes) or change criterion scores with a rationale;
    the grades that follow are worked out again by the same rules."""
    access.require_moderator(moderator, assessment)
    with transaction.atomic():
        assessment = _locked(assessment)
        _require_revision(assessment, revision)
        if assessment.status != Assessment.Status.PROVISIONAL:
            raise ValidationError("Only a provisional result, not yet confirmed, is moderated.")
        if assessment.terminated_at is not None and changes:
            raise ValidationError(
                "This assessment was ended early: it is a Fail whatever the scores, so there "
                "are no scores to change."
            )
        current = selectors.moderated_scores(assessment)
        real = {
            key: points
            for key, points in changes.items()
            if current.get(key[0], {}).get(key[1]) != points
        }
        rationale = _text(
            rationale,
            "rationale",
            limit=MAX_REASON,
            required="Give the rationale for the change, for the assessor and the EPAO."
            if real
            else "",
        )
        for (method, criterion), points in real.items():
            rules = _method(assessment, method)
            found = next((c for c in rules["criteria"] if c["code"] == criterion), None)
            if found is None or not 0 <= points <= found["max_points"]:
                raise ValidationError(f"{method} {criterion}: not a score this criterion takes.")
        before = selectors.current_result(assessment)
        new_scores = {code: dict(points) for code, points in current.items()}
        for (method, criterion), points in real.items():
            new_scores.setdefault(method, {})[criterion] = points
        after = selectors.graded(assessment, scores=new_scores) if real else before
        moderation = Moderation.objects.create(
            assessment=assessment,
            moderator=moderator,
            decided_at=timezone.now(),
            outcome=Moderation.Outcome.CHANGED if real else Moderation.Outcome.AGREED,
            rationale=rationale,
            result_before=before,
            result_after=after,
        )
        ScoreChange.objects.bulk_create(
            ScoreChange(
                moderation=moderation,
                method=method,
                criterion=criterion,
                points_before=current[method][criterion],
                points_after=points,
            )
            for (method, criterion), points in real.items()
        )
        _bump(assessment)
    return moderation


def result_confirm(
    *, assessment: Assessment, by: User, appeal_until: date, revision: int | None = None
) -> Assessment:
    """Confirm the final grade and release it to the apprentice, employer and provider. A
    pass completes the apprenticeship, achieved on the last day of the assessment."""
    access.require_can_confirm(by, assessment)
    with transaction.atomic():
        assessment = _locked(assessment)
        _require_revision(assessment, revision)
        if assessment.status != Assessment.Status.PROVISIONAL:
            raise ValidationError("Only a provisional result waiting to be confirmed is confirmed.")
        today = timezone.localdate()
        if appeal_until is None or appeal_until < today:
            raise ValidationError(
                {"appeal_until": "Give the last day an appeal can be made: today or later."}
            )
        now = timezone.now()
        assessment.final_result = selectors.current_result(assessment)
        assessment.status = Assessment.Status.FINAL
        assessment.confirmed_at = now
        assessment.confirmed_by = by
        assessment.appeal_until = appeal_until
        assessment.revision += 1
        if assessment.final_result["grade"] != "fail":
            assessment.achieved_on = selectors.last_assessment_day(assessment) or today
            Apprenticeship.objects.filter(pk=assessment.apprenticeship_id).update(
                status=Apprenticeship.Status.COMPLETED
            )
        assessment.save()
        assessment.apprenticeship.refresh_from_db()
        caseload_summary_refresh(apprenticeship=assessment.apprenticeship)
    transaction.on_commit(lambda: notifications.released(assessment.pk))
    return assessment


# --- Re-attempts ------------------------------------------------------------------------------


def reattempt_create(
    *,
    assessment: Assessment,
    by: User,
    kind: str,
    action_plan: str = "",
    exceptional_circumstances: str = "",
) -> Assessment:
    """Open a resit or retake of a final Fail: only the failed methods are taken again (as
    the data says), the earlier attempt is kept, and the grade is capped unless the EPAO
    records exceptional circumstances."""
    access.require_epao_admin(by, assessment)
    with transaction.atomic():
        assessment = _locked(assessment)
        rules = selectors.rules_for(assessment)
        problems = selectors.reattempt_problems(
            assessment, rules, kind=kind, today=timezone.localdate()
        )
        action_plan = _text(action_plan, "action_plan")
        needs_plan = (
            kind == Assessment.Kind.RETAKE and rules["resit"]["retake_requires_action_plan"]
        )
        if needs_plan and not action_plan:
            problems["action_plan"] = (
                "A retake needs the supportive action plan: what further learning, and by when."
            )
        if problems:
            raise ValidationError(problems)
        return Assessment.objects.create(
            booking=assessment.booking,
            apprenticeship=assessment.apprenticeship,
            number=assessment.number + 1,
            kind=kind,
            previous=assessment,
            methods=selectors.methods_to_retake(assessment, rules),
            action_plan=action_plan,
            exceptional_circumstances=_text(exceptional_circumstances, "exceptional_circumstances"),
            created_at=timezone.now(),
            created_by=by,
        )


# --- The question bank -----------------------------------------------------------------------


def bank_question_save(
    *,
    by: User,
    epao_id: int,
    standard,
    text: str,
    ksb_codes,
    review_on: date,
    retired: bool = False,
    question: BankQuestion | None = None,
) -> BankQuestion:
    if epao_id not in access.epao_ids(by, Role.EPAO_ADMIN):
        raise ValidationError("Only the EPAO's admins keep its question bank.")
    text = _text(text, "text", limit=MAX_REASON, required="Write the question.")
    known = selectors.standard_ksb_codes(standard)
    unknown = [code for code in ksb_codes if code not in known]
    if not ksb_codes:
        raise ValidationError({"ksb_codes": "Tie the question to at least one KSB."})
    if unknown:
        raise ValidationError(
            {"ksb_codes": f"Not KSBs of {standard.reference}: {', '.join(unknown)}."}
        )
    if review_on is None:
        raise ValidationError({"review_on": "Give the date the question is next reviewed."})
    fields = {
        "text": text,
        "ksb_codes": [code for code in known if code in set(ksb_codes)],
        "review_on": review_on,
        "retired": retired,
    }
    if question is None:
        return BankQuestion.objects.create(
            epao_id=epao_id,
            standard=standard,
            created_at=timezone.now(),
            created_by=by,
            **fields,
        )
    if question.epao_id != epao_id:
        raise ValidationError("That question belongs to another EPAO.")
    for name, value in fields.items():
        setattr(question, name, value)
    question.save()
    return question


# --- The certificate --------------------------------------------------------------------------


def certificate_consent(*, assessment: Assessment, by: User, address: str) -> Certificate:
    """Record the apprentice's written permission and current address for the certificate."""
    access.require_can_confirm(by, assessment)
    if assessment.status != Assessment.Status.FINAL or assessment.final_result["grade"] == "fail":
        raise ValidationError("A certificate follows a final Pass or better.")
    address = _text(
        address, "address", limit=500, required="Give the address the certificate goes to."
    )
    certificate, _ = Certificate.objects.update_or_create(
        assessment=assessment,
        defaults={
            "consent_recorded_at": timezone.now(),
            "consent_recorded_by": by,
            "address": address,
        },
    )
    return certificate


def certificate_requested(*, certificate: Certificate, by: User) -> Certificate:
    access.require_can_confirm(by, certificate.assessment)
    if certificate.requested_at is not None:
        raise ValidationError("The certificate was requested already.")
    certificate.requested_at, certificate.requested_by = timezone.now(), by
    certificate.save()
    return certificate


def certificate_received(*, certificate: Certificate, by: User) -> Certificate:
    access.require_can_confirm(by, certificate.assessment)
    if certificate.requested_at is None:
        raise ValidationError("Mark the certificate requested before it is received.")
    if certificate.received_at is not None:
        raise ValidationError("The certificate was marked received already.")
    certificate.received_at, certificate.received_by = timezone.now(), by
    certificate.save()
    return certificate
