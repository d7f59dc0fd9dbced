"""Writes to the mentoring log: log, change and delete a session, and use it as evidence."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.mentoring import access, rules
from trellis.mentoring.models import MentoringSession
from trellis.organisations.models import User
from trellis.portfolio import rules as portfolio_rules
from trellis.portfolio.access import require_can_create
from trellis.portfolio.models import EvidenceItem, EvidenceKind
from trellis.standards.models import KSB

WHAT = "mentoring log"


@dataclass(frozen=True)
class MentoringSessionDetails:
    """What one session says: when, with whom (by reference), how long, where, what and why."""

    held_on: date
    learner_ref: str
    duration_minutes: int | None
    format: str
    setting: str
    what_was_done: str
    reflection: str = ""
    ksbs: Sequence[KSB] = field(default_factory=tuple)


def evidence_item_of(record) -> EvidenceItem | None:
    """Return the evidence item a session or CPD record is used in, or None."""
    try:
        return record.evidence_item
    except ObjectDoesNotExist:
        return None


def refuse_change_as_evidence(record, noun: str) -> str | None:
    """Say why a record used as evidence cannot be changed now, or None if it can."""
    item = evidence_item_of(record)
    if item is None:
        return None
    refusal = portfolio_rules.refuse_change(item.status)
    if refusal is None:
        return None
    return f"This {noun} is used as the evidence item “{item.title}”. {refusal}"


def refuse_delete_as_evidence(record, noun: str) -> str | None:
    """Say why a record used as evidence cannot be deleted, or None if it can."""
    item = evidence_item_of(record)
    if item is None:
        return None
    return (
        f"This {noun} is used as the evidence item “{item.title}”, so it cannot be deleted: "
        "the portfolio keeps what its evidence is made of. You can still change it while "
        "the item is a draft or returned."
    )


def standard_ksb_refusal(apprenticeship: Apprenticeship, ksbs: Sequence[KSB]) -> str | None:
    if any(ksb.standard_version_id != apprenticeship.standard_version_id for ksb in ksbs):
        return "Choose KSBs from the apprenticeship's standard."
    return None


def _refusals(apprenticeship: Apprenticeship, details: MentoringSessionDetails) -> dict[str, str]:
    errors: dict[str, str] = {}
    ref_refusal = rules.refuse_learner_ref(details.learner_ref)
    if ref_refusal:
        errors["learner_ref"] = ref_refusal
    date_refusal = rules.refuse_future_date(
        day=details.held_on, today=timezone.localdate()
    ) or rules.refuse_before_start(day=details.held_on, start=apprenticeship.start_date)
    if date_refusal:
        errors["held_on"] = date_refusal
    duration_refusal = rules.refuse_duration(minutes=details.duration_minutes)
    if duration_refusal:
        errors["duration"] = duration_refusal
    if details.format not in MentoringSession.Format.values:
        errors["format"] = "Choose one-to-one or group."
    if not details.setting.strip():
        errors["setting"] = "Say where the session took place, such as a classroom or a workshop."
    if not details.what_was_done.strip():
        errors["what_was_done"] = "Say what you and the learner did in the session."
    ksb_refusal = standard_ksb_refusal(apprenticeship, details.ksbs)
    if ksb_refusal:
        errors["ksbs"] = ksb_refusal
    return errors


def _apply(session: MentoringSession, details: MentoringSessionDetails) -> None:
    session.held_on = details.held_on
    session.learner_ref = rules.normalise_learner_ref(details.learner_ref)
    session.duration_minutes = details.duration_minutes
    session.format = details.format
    session.setting = details.setting.strip()
    session.what_was_done = details.what_was_done.strip()
    session.reflection = details.reflection.strip()
    session.full_clean(exclude=["apprenticeship", "logged_by"])
    created = session.pk is None
    session.save()
    if created:
        # Nothing to clear on a new one: adding saves reading what is there first.
        session.ksbs.add(*details.ksbs)
    else:
        session.ksbs.set(details.ksbs)


def mentoring_session_log(
    *, apprenticeship: Apprenticeship, logged_by: User, details: MentoringSessionDetails
) -> MentoringSession:
    """Log a session the apprentice held as a learning mentor."""
    access.require_can_write_log(logged_by, apprenticeship, WHAT)
    errors = _refusals(apprenticeship, details)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        session = MentoringSession(apprenticeship=apprenticeship, logged_by=logged_by)
        _apply(session, details)
    return session


def _locked(session: MentoringSession) -> MentoringSession:
    locked = MentoringSession.objects.select_for_update().get(pk=session.pk)
    locked.apprenticeship = session.apprenticeship
    return locked


def mentoring_session_change(
    *, session: MentoringSession, changed_by: User, details: MentoringSessionDetails
) -> MentoringSession:
    """Change a session, unless the evidence made of it is awaiting assessment or assessed."""
    access.require_can_write_log(changed_by, session.apprenticeship, WHAT)
    with transaction.atomic():
        session = _locked(session)
        refusal = refuse_change_as_evidence(session, "session")
        if refusal:
            raise ValidationError({"evidence": refusal})
        errors = _refusals(session.apprenticeship, details)
        if errors:
            raise ValidationError(errors)
        _apply(session, details)
    return session


def mentoring_session_delete(*, session: MentoringSession, deleted_by: User) -> None:
    """Delete a session that is not used as evidence."""
    access.require_can_write_log(deleted_by, session.apprenticeship, WHAT)
    with transaction.atomic():
        session = _locked(session)
        refusal = refuse_delete_as_evidence(session, "session")
        if refusal:
            raise ValidationError({"evidence": refusal})
        session.delete()


def session_title(session: MentoringSession) -> str:
    return f"Mentoring session with {session.learner_ref}"


def mentoring_session_to_evidence(*, session: MentoringSession, used_by: User) -> EvidenceItem:
    """Make a draft evidence item of the session, once; the apprentice then maps its KSBs."""
    access.require_can_write_log(used_by, session.apprenticeship, WHAT)
    require_can_create(used_by, session.apprenticeship, EvidenceKind.MENTORING_SESSION)
    with transaction.atomic():
        session = _locked(session)
        existing = evidence_item_of(session)
        if existing is not None:
            raise ValidationError(
                {"evidence": f"This session is already the evidence item “{existing.title}”."}
            )
        return EvidenceItem.objects.create(
            apprenticeship=session.apprenticeship,
            kind=EvidenceKind.MENTORING_SESSION,
            title=session_title(session),
            occurred_on=session.held_on,
            mentoring_session=session,
            created_by=used_by,
        )
