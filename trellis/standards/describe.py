"""Describe a standard's rules in plain English for its pages (no Django here).

Each description is a list of (sentence, confirmed) pairs, so a page can flag unconfirmed rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from trellis.standards.datafile import (
    Booking,
    EnglishAndMaths,
    GradeRule,
    Method,
    MethodDuration,
    OnProgramme,
    Overall,
    Resit,
    Sessions,
)

NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
MULTIPLIER_WORDS = {2: "doubled", 3: "tripled", 4: "quadrupled"}


MONTH_ABBREVIATIONS = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
SUBJECT_NAMES = {"english": "English", "maths": "maths"}


def _date(value: date) -> str:
    """Format a date as 11 Feb 2025, whatever the process's locale."""
    return f"{value.day} {MONTH_ABBREVIATIONS[value.month - 1]} {value.year}"


def _number_word(number: int) -> str:
    return NUMBER_WORDS[number] if 0 <= number < len(NUMBER_WORDS) else str(number)


def _number(value: float) -> str:
    return f"{value:g}"


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return singular if count == 1 else (plural or f"{singular}s")


def _or_list(values: Sequence[str]) -> str:
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"


def _and_list(values: Sequence[str]) -> str:
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} and {values[-1]}"


def describe_method_grading(method: Method) -> list[tuple[str, bool]]:
    """Return (sentence, confirmed) pairs explaining a method's timing, conduct and grading."""
    sentences = [(_describe_duration(method.duration), method.duration.confirmed)]
    if method.sessions is not None:
        sentences.append((_describe_sessions(method.sessions), method.sessions.confirmed))
    if method.follow_up_questioning is not None:
        questioning = method.follow_up_questioning
        minutes = _plural(questioning.max_minutes, "minute")
        sentence = f"Follow-up questioning afterwards: at most {questioning.max_minutes} {minutes}"
        if questioning.min_questions is not None:
            sentence += f", with at least {_number_word(questioning.min_questions)} questions"
        sentence += "."
        sentences.append((sentence, questioning.confirmed))
    if method.setting is not None:
        sentences.append((f"{method.setting.requirement}.", method.setting.confirmed))
    if method.termination is not None:
        termination = method.termination
        sentence = f"{termination.trigger} ends the EPA, recorded as a {termination.outcome}."
        sentences.append((sentence, termination.confirmed))
    sentences.append((_describe_scoring(method), method.scoring.confirmed))
    grading = method.grading
    fail_score = grading.fail_if_any_criterion_scores
    sentences.append((f"Fail if any criterion scores {fail_score}.", grading.confirmed))
    for rule in grading.grades:
        sentences.append((_describe_grade_rule(method, rule), rule.confirmed))
    sentences.append(("Otherwise Fail.", grading.confirmed))
    return sentences


def _describe_duration(duration: MethodDuration) -> str:
    """Describe a method's planned time and its tolerance."""
    minutes, most = duration.minutes, _number(duration.max_minutes)
    if duration.min_minutes is None:
        if not duration.above_percent:
            return f"At most {minutes} minutes."
        return f"At most {minutes} minutes, plus {duration.above_percent}% (up to {most} minutes)."
    least = _number(duration.min_minutes)
    if duration.below_percent == duration.above_percent:
        tolerance = f"±{duration.above_percent}%"
    else:
        tolerance = f"minus {duration.below_percent}% to plus {duration.above_percent}%"
    return f"{minutes} minutes in total, {tolerance} ({least} to {most} minutes)."


def _describe_sessions(sessions: Sessions) -> str:
    """Describe how many sessions are observed and with how many learners."""
    count = _number_word(sessions.count).capitalize()
    learners = _number_word(sessions.min_distinct_learners)
    kind = "genuine " if not sessions.role_play_allowed else ""
    role_play = " (not role play)" if not sessions.role_play_allowed else ""
    noun = _plural(sessions.count, "session")
    learner_noun = _plural(sessions.min_distinct_learners, "learner")
    if sessions.description is not None:
        return f"{sessions.description}."
    return f"{count} {kind}{noun}{role_play}, with at least {learners} different {learner_noun}."


def _describe_scoring(method: Method) -> str:
    """Describe how criteria are scored and how the method's total is formed."""
    count = len(method.criteria)
    maxima = {c.max_points for c in method.criteria}
    if len(maxima) == 1:
        top = maxima.pop()
        scores = [str(n) for n in range(top + 1)]
        scale = _or_list(scores) if top <= 5 else f"0 to {top}"
        each = f"Each of the {count} criteria is scored {scale}"
    else:
        each = f"Each of the {count} criteria is scored from 0 up to its own maximum"
    multiplier, most = method.scoring.points_multiplier, method.scoring.max_total
    if multiplier == 1:
        return f"{each}; the total is out of {most}."
    how = MULTIPLIER_WORDS.get(multiplier, f"multiplied by {multiplier}")
    return f"{each}; the total is {how} (maximum {most})."


def _describe_grade_rule(method: Method, rule: GradeRule) -> str:
    """Describe the thresholds of one grade."""
    parts = []
    if rule.min_each_criterion:
        parts.append(f"every criterion at least {rule.min_each_criterion}")
    if rule.min_criteria_at_points:
        at = (
            f"at {rule.at_points}"
            if rule.at_points == method.max_criterion_points
            else f"at {rule.at_points} or more"
        )
        parts.append(f"at least {rule.min_criteria_at_points} criteria {at}")
    parts.append(f"at least {rule.min_points} points")
    return f"{rule.grade.capitalize()}: {_and_list(parts)}."


def describe_overall(overall: Overall) -> list[tuple[str, bool]]:
    """Return (sentence, confirmed) pairs explaining how the overall grade is reached."""
    fails = []
    if overall.fail_if_any_method_fails:
        fails.append("any assessment method is failed")
    if overall.fail_if_terminated:
        fails.append("the EPA is terminated")
    sentences = []
    if fails:
        sentences.append((f"Fail if {' or '.join(fails)}.", overall.confirmed))
    distinction = (
        f"Distinction when the methods' points add up to at least "
        f"{overall.distinction_min_points} out of {overall.points_out_of}."
    )
    sentences.append((distinction, overall.confirmed))
    sentences.append(("Otherwise Pass.", overall.confirmed))
    if overall.provisional_until_moderated:
        provisional = (
            "Grades given at the end of the EPA are provisional until the EPAO has moderated "
            "and confirmed them."
        )
        sentences.append((provisional, overall.confirmed))
    return sentences


def describe_resit(resit: Resit) -> list[tuple[str, bool]]:
    """Return (sentence, confirmed) pairs explaining resits and retakes."""
    which = "Only the failed method is" if resit.only_failed_methods else "Every method is"
    months = _plural(resit.within_months, "month")
    sentences = [f"{which} taken again, within {resit.within_months} {months}."]
    if resit.retake_requires_action_plan:
        sentences.append("A retake follows further learning with a supportive action plan.")
    if resit.max_grade is not None:
        cap = f"A resit or retake is capped at {resit.max_grade.capitalize()}"
        if resit.max_grade_lifted_for_exceptional_circumstances:
            cap += " unless the EPAO agrees there were exceptional circumstances"
        sentences.append(f"{cap}.")
    return [(sentence, resit.confirmed) for sentence in sentences]


def describe_on_programme(on_programme: OnProgramme) -> list[tuple[str, bool]]:
    """Return (sentence, confirmed) pairs explaining what must be achieved before gateway."""
    sentences = [
        (f"{qualification.title} must be achieved.", qualification.confirmed)
        for qualification in on_programme.qualifications
    ]
    sentences.extend(_describe_english_and_maths(on_programme.english_and_maths))
    minimum = on_programme.minimum_before_gateway
    months = _plural(minimum.months, "month")
    sentence = f"At least {minimum.months} {months} on programme before gateway."
    sentences.append((sentence, minimum.confirmed))
    return sentences


def _describe_english_and_maths(rule: EnglishAndMaths) -> list[tuple[str, bool]]:
    """Describe the English and maths requirement and any exemption by age."""
    subjects = _and_list([SUBJECT_NAMES[subject] for subject in rule.subjects])
    required = (
        f"Functional Skills {subjects} at level {rule.functional_skills_level} must be achieved "
        f"before {rule.required_by}, unless GCSE {subjects} at grade {rule.gcse_min_grade} "
        f"({rule.gcse_min_letter_grade}) or above is already held."
    )
    sentences = [(required, rule.confirmed)]
    exemption = rule.age_exemption
    if exemption is not None:
        sentence = (
            f"From {_date(exemption.applies_from)}, apprentices aged {exemption.min_age_at_start} "
            f"or over at their start need not achieve {subjects}."
        )
        sentences.append((sentence, exemption.confirmed))
    return sentences


def describe_booking(booking: Booking) -> list[tuple[str, bool]]:
    """Return (sentence, confirmed) pairs explaining the notice given of the EPA."""
    days = booking.minimum_notice_days
    notice = "1 day's" if days == 1 else f"{days} days'"
    sentence = f"The EPAO gives the {booking.notice_to} at least {notice} notice of the EPA."
    return [(sentence, booking.confirmed)]
