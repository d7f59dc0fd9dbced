"""Mentoring-log rules on plain values (no Django here): what a session may say, and how the
sessions logged compare with what the end-point observation needs."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from trellis.wording import day_label

LEARNER_REF_PATTERN = re.compile(r"^[A-Za-z0-9-]{2,20}$")
MAX_SESSION_MINUTES = 8 * 60
LEARNER_REF_ADVICE = (
    "Use a reference such as L-014 for the learner, never their name: "
    "2 to 20 letters, digits or hyphens, with at least one digit."
)


def normalise_learner_ref(value: str) -> str:
    """Return the reference as it is kept, so that "l-014" and "L-014" are one learner."""
    return value.strip().upper()


def refuse_learner_ref(value: str) -> str | None:
    """Refuse anything that could be a name: a reference must carry a digit and no spaces."""
    ref = value.strip()
    if not ref:
        return "Give the learner's reference, such as L-014 (never their name)."
    if not LEARNER_REF_PATTERN.match(ref) or not any(char.isdigit() for char in ref):
        return LEARNER_REF_ADVICE
    return None


def refuse_duration(*, minutes: int | None) -> str | None:
    """Refuse a session of no time, or longer than a working day's worth of mentoring."""
    if minutes is None or minutes <= 0:
        return "Give how long the session lasted: more than 0 minutes."
    if minutes > MAX_SESSION_MINUTES:
        return (
            f"A session lasts at most {MAX_SESSION_MINUTES // 60} hours: log a longer day "
            "as separate sessions."
        )
    return None


def refuse_future_date(*, day: date, today: date) -> str | None:
    """Refuse a session or CPD that has not happened yet."""
    if day > today:
        return (
            f"{day_label(day)} is in the future: log it once it has taken place "
            f"(today is {day_label(today)})."
        )
    return None


def refuse_before_start(*, day: date, start: date) -> str | None:
    """Refuse a session or CPD before the apprenticeship began."""
    if day < start:
        return (
            f"{day_label(day)} is before the apprenticeship started on {day_label(start)}: "
            "log only what was done from the start."
        )
    return None


@dataclass(frozen=True)
class SessionsRule:
    """What the standard's observation needs from the apprentice's mentoring sessions."""

    method_name: str
    count: int
    min_distinct_learners: int
    description: str | None = None


def sessions_rule(rules: Mapping[str, Any] | None) -> SessionsRule | None:
    """Return the first assessment method's sessions rule from a version's rules, if any."""
    for method in (rules or {}).get("methods", ()):
        sessions = method.get("sessions")
        if sessions:
            return SessionsRule(
                method_name=method.get("name", ""),
                count=sessions["count"],
                min_distinct_learners=sessions["min_distinct_learners"],
                description=sessions.get("description"),
            )
    return None


def _counted(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


@dataclass(frozen=True)
class Readiness:
    sessions: int
    learners: int
    rule: SessionsRule | None
    ready: bool | None
    text: str
    advice: str = ""


def observation_readiness(*, sessions: int, learners: int, rule: SessionsRule | None) -> Readiness:
    """Say how many sessions and different learners there are, and whether that is enough to
    choose the observation's sessions from; say nothing of the observation without a rule."""
    if sessions == 0:
        logged = "No sessions logged yet."
    else:
        logged = (
            f"{_counted(sessions, 'session', 'sessions')} with "
            f"{_counted(learners, 'different learner', 'different learners')}."
        )
    if rule is None:
        return Readiness(sessions, learners, None, None, logged)
    if rule.min_distinct_learners > 1:
        who = f"at least {rule.min_distinct_learners} different learners"
    else:
        who = "at least one learner"
    needs = (
        f"The end-point observation needs "
        f"{_counted(rule.count, 'genuine session', 'genuine sessions')} with {who}"
    )
    missing_learners = max(rule.min_distinct_learners - learners, 0)
    missing_sessions = max(rule.count - sessions, 0)
    if not missing_learners and not missing_sessions:
        verdict = "you have logged enough different learners to choose from."
        if rule.min_distinct_learners <= 1:
            verdict = "you have logged enough sessions to choose from."
    else:
        wants = []
        if missing_sessions:
            wants.append(f"{_counted(missing_sessions, 'more session', 'more sessions')}")
        if missing_learners:
            wants.append(
                f"sessions with {missing_learners} more different "
                f"{'learner' if missing_learners == 1 else 'learners'}"
            )
        verdict = f"log {' and '.join(wants)} to have enough to choose from."
    advice = f"{needs}: {verdict}"
    if rule.description:
        advice += f" ({rule.description}.)"
    ready = not missing_learners and not missing_sessions
    return Readiness(sessions, learners, rule, ready, f"{logged} {advice}", advice)


def duration_label(minutes: int | None) -> str:
    """Return a duration as pages print it, such as 1 h 30 min."""
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    parts = ([f"{hours} h"] if hours else []) + ([f"{rest} min"] if rest else [])
    return " ".join(parts)
