"""The assessor's record, read against the standard's rules (no Django here): how long each
sitting lasted, what still stops the record being finalised, and which bank questions to
suggest from the desk review's gaps."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from trellis.epa import grading, timing


def minutes_between(started_at: time | None, ended_at: time | None) -> int | None:
    """Return the whole minutes from start to end on the same day, or None if either is
    missing or the end is not after the start."""
    if started_at is None or ended_at is None:
        return None
    today = date.min
    minutes = (datetime.combine(today, ended_at) - datetime.combine(today, started_at)).seconds
    if ended_at <= started_at:
        return None
    return minutes // 60


def is_observed(method: Mapping[str, Any]) -> bool:
    """A method with sessions is watched live; the others are one sitting, such as a
    discussion."""
    return bool(method.get("sessions"))


@dataclass(frozen=True)
class SessionRecord:
    number: int
    learner_ref: str
    format: str
    genuine_confirmed: bool
    no_other_learners_confirmed: bool
    started_at: time | None
    ended_at: time | None


@dataclass(frozen=True)
class MethodSitting:
    """What the assessor recorded of one method, beyond its scores."""

    setting_confirmed: bool = False
    started_at: time | None = None
    ended_at: time | None = None
    questioning_minutes: int | None = None
    sessions: tuple[SessionRecord, ...] = ()


def observed_minutes(sessions: Iterable[SessionRecord]) -> int:
    return sum(minutes_between(s.started_at, s.ended_at) or 0 for s in sessions)


def _session_problems(method: Mapping[str, Any], sessions: Sequence[SessionRecord]) -> list[str]:
    """One line per session saying everything it still lacks."""
    found = []
    for session in sessions:
        missing = []
        if not session.learner_ref.strip():
            missing.append("the learner's reference")
        if not session.format:
            missing.append("the format (one-to-one or group)")
        if minutes_between(session.started_at, session.ended_at) is None:
            missing.append("the start and end times")
        confirm = []
        if not method["sessions"]["role_play_allowed"] and not session.genuine_confirmed:
            confirm.append("it was a genuine session (not role play)")
        if not session.no_other_learners_confirmed:
            confirm.append("no other learners were present")
        parts = []
        if missing:
            parts.append("give " + _listed(missing))
        if confirm:
            parts.append("confirm " + _listed(confirm))
        if parts:
            found.append(f"{method['name']}, session {session.number}: {'; '.join(parts)}.")
    return found


def _listed(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def sitting_problems(method: Mapping[str, Any], sitting: MethodSitting) -> list[str]:
    """Return what stops this method's record being finalised, beyond its scores."""
    if is_observed(method):
        sessions = sitting.sessions
        found = _session_problems(method, sessions)
        if found:
            return found
        found = timing.observation_problems(
            method,
            minutes=observed_minutes(sessions),
            questioning_minutes=sitting.questioning_minutes or 0,
            learners=[s.learner_ref for s in sessions],
        )
        if method.get("follow_up_questioning") and sitting.questioning_minutes is None:
            found.insert(0, f"{method['name']}: give the minutes of follow-up questioning.")
        return found
    found = []
    if method.get("setting") and not sitting.setting_confirmed:
        found.append(f"{method['name']}: confirm the setting: {method['setting']['requirement']}.")
    minutes = minutes_between(sitting.started_at, sitting.ended_at)
    if minutes is None:
        found.append(f"{method['name']}: give the start and end times.")
    else:
        found += timing.discussion_problems(method, minutes=minutes)
    return found


def finalise_problems(
    rules: Mapping[str, Any],
    taken: Sequence[str],
    sittings: Mapping[str, MethodSitting],
    scores: Mapping[str, Mapping[str, int]],
) -> list[str]:
    """Return every problem that stops the assessor finalising the methods taken."""
    found: list[str] = []
    for method in rules["methods"]:
        if method["code"] not in taken:
            continue
        found += sitting_problems(method, sittings.get(method["code"], MethodSitting()))
        found += grading.score_problems(method, scores.get(method["code"], {}))
    return found


@dataclass(frozen=True)
class BankEntry:
    id: int
    text: str
    ksb_codes: tuple[str, ...]
    review_on: date
    retired: bool


@dataclass(frozen=True)
class Suggestion:
    entry: BankEntry
    matches: tuple[str, ...]
    due_for_review: bool


def suggested_questions(
    bank: Iterable[BankEntry],
    gap_codes: Iterable[str],
    *,
    used_before: Iterable[int],
    chosen: Iterable[int],
    today: date,
) -> list[Suggestion]:
    """Return the bank questions on the KSBs the desk review found gaps in, most gaps first,
    leaving out retired questions and those used in an earlier attempt or chosen already."""
    gaps = set(gap_codes)
    skip = set(used_before) | set(chosen)
    found = []
    for entry in bank:
        matches = tuple(code for code in entry.ksb_codes if code in gaps)
        if entry.retired or entry.id in skip or not matches:
            continue
        found.append(Suggestion(entry, matches, due_for_review=entry.review_on < today))
    return sorted(found, key=lambda s: (-len(s.matches), s.due_for_review, s.entry.id))


def result_as_data(result: grading.EpaResult, rules: Mapping[str, Any], **extra) -> dict:
    """Return a grading result as the JSON the assessment keeps."""
    names = {method["code"]: method["name"] for method in rules["methods"]}
    return {
        "methods": {
            code: {
                "name": names.get(code, code),
                "grade": method.grade,
                "points": method.points,
                "reasons": list(method.reasons),
            }
            for code, method in result.methods.items()
        },
        "grade": result.grade,
        "points": result.points,
        "points_out_of": rules["overall"]["points_out_of"],
        "capped": result.capped,
        "unconfirmed": list(result.unconfirmed),
        "reasons": list(result.reasons),
        **extra,
    }


def rules_in_brief(method: Mapping[str, Any]) -> list[str]:
    """The method's rules the assessor keeps to, in a line each, as the data states them."""
    allowed = timing.allowed_minutes(method)
    lines = [f"{allowed[0].upper()}{allowed[1:]} in total."]
    sessions = method.get("sessions")
    if sessions:
        lines.append(
            f"{sessions['count']} sessions with at least {sessions['min_distinct_learners']} "
            "different learner"
            + ("s" if sessions["min_distinct_learners"] != 1 else "")
            + "; no other learners present"
            + ("; genuine sessions, not role play." if not sessions["role_play_allowed"] else ".")
        )
    questioning = method.get("follow_up_questioning")
    if questioning:
        lines.append(f"Follow-up questioning: at most {questioning['max_minutes']} minutes.")
    setting = method.get("setting")
    if setting:
        lines.append(f"Setting: {setting['requirement']}.")
    return lines
