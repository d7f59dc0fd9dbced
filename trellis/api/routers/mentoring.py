"""The apprentice's mentoring log over the API: the same services as the pages."""

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from trellis.api.schemas import ErrorOut
from trellis.mentoring import access, selectors
from trellis.mentoring.models import MentoringSession
from trellis.mentoring.services import (
    MentoringSessionDetails,
    evidence_item_of,
    mentoring_session_change,
    mentoring_session_delete,
    mentoring_session_log,
    mentoring_session_to_evidence,
)
from trellis.portfolio.access import get_apprenticeship_for_portfolio

router = Router(tags=["mentoring log"])
LOG = "/apprenticeships/{apprenticeship_id}/mentoring"
ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
SessionFormat = Literal[tuple(MentoringSession.Format.values)]


class EvidenceLinkOut(Schema):
    id: int
    title: str
    status: str
    kind: str


class MentoringSessionOut(Schema):
    id: int
    held_on: date
    learner_ref: str = Field(description="The pseudonymous reference, never a name.")
    duration_minutes: int
    format: SessionFormat
    setting: str
    what_was_done: str
    reflection: str
    ksbs: list[str] = Field(description="The codes of the KSBs shown.")
    evidence_item: EvidenceLinkOut | None = Field(
        description="The evidence item made of this session, if any."
    )
    logged_at: datetime

    @staticmethod
    def resolve_ksbs(session: MentoringSession) -> list[str]:
        return [ksb.code for ksb in session.ksbs.all()]

    @staticmethod
    def resolve_evidence_item(session: MentoringSession):
        return evidence_item_of(session)


class MentoringSessionIn(Schema):
    held_on: date
    learner_ref: str = Field(description="A reference such as L-014; never the learner's name.")
    duration_minutes: int = Field(description="More than 0 and at most 8 hours.")
    format: SessionFormat = MentoringSession.Format.ONE_TO_ONE
    setting: str
    what_was_done: str
    reflection: str = ""
    ksbs: list[str] = Field(default_factory=list, description="KSB codes of the standard.")


class ObservationSummaryOut(Schema):
    sessions: int
    different_learners: int
    required_sessions: int | None = Field(
        description="Sessions the end-point observation needs; null if the standard says none."
    )
    required_different_learners: int | None
    ready: bool | None = Field(description="Enough to choose from; null without a rule.")
    text: str = Field(description="The summary in words, as the page shows it.")


def ksbs_from_codes(apprenticeship, codes: list[str]) -> list:
    """Return the standard's KSBs with these codes, refusing codes from elsewhere."""
    ksbs = list(selectors.standard_ksbs(apprenticeship).filter(code__in=codes))
    unknown = sorted(set(codes) - {ksb.code for ksb in ksbs})
    if unknown:
        raise ValidationError({"ksbs": f"Not KSBs of this standard: {', '.join(unknown)}."})
    return ksbs


def _details(apprenticeship, payload: MentoringSessionIn) -> MentoringSessionDetails:
    return MentoringSessionDetails(
        held_on=payload.held_on,
        learner_ref=payload.learner_ref,
        duration_minutes=payload.duration_minutes,
        format=payload.format,
        setting=payload.setting,
        what_was_done=payload.what_was_done,
        reflection=payload.reflection,
        ksbs=ksbs_from_codes(apprenticeship, payload.ksbs),
    )


def _session(request: HttpRequest, apprenticeship_id: int, session_id: int) -> MentoringSession:
    return access.get_session_for_user(request.auth, apprenticeship_id, session_id)


def _out(session: MentoringSession) -> MentoringSession:
    return selectors.sessions_of(session.apprenticeship).get(pk=session.pk)


@router.get(f"{LOG}/sessions", response={200: list[MentoringSessionOut], 404: ErrorOut})
def mentoring_sessions_list(request: HttpRequest, apprenticeship_id: int):
    """Return the sessions, newest first."""
    apprenticeship = get_apprenticeship_for_portfolio(request.auth, apprenticeship_id)
    return list(selectors.sessions_of(apprenticeship))


@router.get(f"{LOG}/summary", response={200: ObservationSummaryOut, 404: ErrorOut})
def mentoring_summary(request: HttpRequest, apprenticeship_id: int):
    """Return the sessions and different learners against what the observation needs."""
    apprenticeship = get_apprenticeship_for_portfolio(request.auth, apprenticeship_id)
    summary = selectors.observation_summary(apprenticeship)
    return {
        "sessions": summary.sessions,
        "different_learners": summary.learners,
        "required_sessions": summary.rule.count if summary.rule else None,
        "required_different_learners": (
            summary.rule.min_distinct_learners if summary.rule else None
        ),
        "ready": summary.ready,
        "text": summary.text,
    }


@router.post(f"{LOG}/sessions", response={201: MentoringSessionOut, **ERRORS})
def mentoring_session_create(
    request: HttpRequest, apprenticeship_id: int, payload: MentoringSessionIn
):
    """Log a session, as the apprentice."""
    apprenticeship = get_apprenticeship_for_portfolio(request.auth, apprenticeship_id)
    access.require_can_write_log(request.auth, apprenticeship, "mentoring log")
    session = mentoring_session_log(
        apprenticeship=apprenticeship,
        logged_by=request.auth,
        details=_details(apprenticeship, payload),
    )
    return Status(201, _out(session))


@router.put(f"{LOG}/sessions/{{session_id}}", response={200: MentoringSessionOut, **ERRORS})
def mentoring_session_update(
    request: HttpRequest, apprenticeship_id: int, session_id: int, payload: MentoringSessionIn
):
    """Change a session, unless its evidence item is awaiting assessment or assessed."""
    session = _session(request, apprenticeship_id, session_id)
    access.require_can_write_log(request.auth, session.apprenticeship, "mentoring log")
    changed = mentoring_session_change(
        session=session,
        changed_by=request.auth,
        details=_details(session.apprenticeship, payload),
    )
    return _out(changed)


@router.delete(f"{LOG}/sessions/{{session_id}}", response={204: None, **ERRORS})
def mentoring_session_remove(request: HttpRequest, apprenticeship_id: int, session_id: int):
    """Delete a session that is not used as evidence."""
    session = _session(request, apprenticeship_id, session_id)
    mentoring_session_delete(session=session, deleted_by=request.auth)
    return Status(204, None)


@router.post(f"{LOG}/sessions/{{session_id}}/evidence", response={201: EvidenceLinkOut, **ERRORS})
def mentoring_session_evidence(request: HttpRequest, apprenticeship_id: int, session_id: int):
    """Make a draft evidence item of the session (once), to map to KSBs next."""
    session = _session(request, apprenticeship_id, session_id)
    return Status(201, mentoring_session_to_evidence(session=session, used_by=request.auth))
