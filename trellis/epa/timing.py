"""The record rules of an EPA method: its timing and its learners (no Django here).

Each check takes one method of `rules["methods"]` (the JSON shape of `StandardData.rules()`)
and returns plain-English problems that name the rule and the range allowed; an empty list
means the record keeps the rules. Every limit comes from the method's rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from trellis.standards.datafile import MethodDuration


def observation_problems(
    method: Mapping[str, Any],
    *,
    minutes: float,
    questioning_minutes: float,
    learners: Sequence[str],
) -> list[str]:
    """Check the observations' total time, the follow-up questioning and the learners."""
    return [
        *_observation_time_problems(method, minutes),
        *_questioning_problems(method, questioning_minutes),
        *_learner_problems(method, learners),
    ]


def discussion_problems(method: Mapping[str, Any], *, minutes: float) -> list[str]:
    """Check the time a method without observations took, such as a professional discussion."""
    subject = f"{method['name']} is {_minutes(minutes)}"
    if minutes < 0:
        return [_negative(subject)]
    duration = MethodDuration.model_validate(method["duration"])
    if _within(duration, minutes):
        return []
    verb = "may" if duration.min_minutes is None else "must"
    return [f"{subject}; it {verb} last {_allowed(duration)}."]


def timing_unconfirmed(method: Mapping[str, Any]) -> list[str]:
    """Return a label for each timing or learner rule of the method that is not confirmed."""
    labels = {
        "duration": "duration",
        "sessions": "sessions",
        "follow_up_questioning": "follow-up questioning",
    }
    return [
        f"{method['code']} {label}"
        for key, label in labels.items()
        if method.get(key) is not None and not method[key]["confirmed"]
    ]


# --- Observations -----------------------------------------------------------------------------


def _observation_time_problems(method: Mapping[str, Any], minutes: float) -> list[str]:
    subject = f"Observation time is {_minutes(minutes)}"
    if minutes < 0:
        return [_negative(subject)]
    duration = MethodDuration.model_validate(method["duration"])
    if _within(duration, minutes):
        return []
    return [f"{subject}; the observations must total {_allowed(duration)}."]


def _questioning_problems(method: Mapping[str, Any], minutes: float) -> list[str]:
    questioning = method.get("follow_up_questioning")
    if questioning is None:
        return []
    subject = f"Follow-up questioning is {_minutes(minutes)}"
    if minutes < 0:
        return [_negative(subject)]
    if minutes > questioning["max_minutes"]:
        return [f"{subject}; it may last at most {_minutes(questioning['max_minutes'])}."]
    return []


def _learner_problems(method: Mapping[str, Any], learners: Sequence[str]) -> list[str]:
    sessions = method.get("sessions")
    if sessions is None:
        return []
    given = [ref.strip() for ref in learners if ref.strip()]
    count = sessions["count"]
    problems = []
    if len(given) != count:
        needed = (
            "1 observation is needed, with one learner reference"
            if count == 1
            else f"{count} observations are needed, one learner reference each"
        )
        problems.append(f"{needed}; {len(given)} given.")
    problems += _distinct_learner_problems(sessions, given)
    return problems


def _distinct_learner_problems(sessions: Mapping[str, Any], given: list[str]) -> list[str]:
    least = sessions["min_distinct_learners"]
    # References that differ only in case are the same learner; keep the first spelling.
    first_spelling: dict[str, str] = {}
    for ref in given:
        first_spelling.setdefault(ref.casefold(), ref)
    distinct = list(first_spelling.values())
    # With too few references to tell, the count of observations is the problem to fix first.
    too_few_to_tell = len(given) < least and len(given) < sessions["count"]
    if len(distinct) >= least or too_few_to_tell or not given:
        return []
    if len(distinct) == 1:
        everyone = "both" if len(given) == 2 else f"all {len(given)}"
        found = f"{everyone} were with {distinct[0]}"
    else:
        found = f"they were with only {len(distinct)}: {_and_list(distinct)}"
    return [f"The observations must be with at least {least} different learners; {found}."]


# --- Wording ----------------------------------------------------------------------------------


def _within(duration: MethodDuration, minutes: float) -> bool:
    lowest = duration.min_minutes
    return (lowest is None or minutes >= lowest) and minutes <= duration.max_minutes


def allowed_minutes(method: Mapping[str, Any]) -> str:
    """Say the minutes the method's data allows, as "108 to 132 minutes (120 ± 10%)"."""
    return _allowed(MethodDuration.model_validate(method["duration"]))


def _allowed(duration: MethodDuration) -> str:
    """Say the range allowed, as "108 to 132 minutes (120 ± 10%)"."""
    planned = _number(duration.minutes)
    lowest = duration.min_minutes
    if lowest is None:
        above = f" ({planned} + {duration.above_percent}%)" if duration.above_percent else ""
        return f"at most {_minutes(duration.max_minutes)}{above}"
    if duration.below_percent == duration.above_percent:
        tolerance = f"± {duration.above_percent}%"
    else:
        tolerance = f"- {duration.below_percent}%, + {duration.above_percent}%"
    span = f"{_number(lowest)} to {_minutes(duration.max_minutes)}"
    return f"{span} ({planned} {tolerance})"


def _negative(subject: str) -> str:
    return f"{subject}; a time cannot be negative."


def _minutes(value: float) -> str:
    return f"{_number(value)} minute" if value == 1 else f"{_number(value)} minutes"


def _number(value: float) -> str:
    """Write a number without a trailing ".0"."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _and_list(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
