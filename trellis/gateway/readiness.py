"""Whether an apprentice is ready for gateway, requirement by requirement (no Django here).

The requirements come from the standard's data file and the funding rules' data file; each
code is checked by one function below, which says in words why it is met or not. A code with
no check is never taken as met: it shows as unmet until the rule is written or overridden.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal

from trellis.apprenticeships.breaks import BreakPeriod, days_in_breaks, postpone_for_breaks
from trellis.apprenticeships.rules import add_months
from trellis.wording import day_label

# The standard's "competent and ready" requirement is met by the three declarations, not by
# a record, so the checklist shows it apart as the sign-off.
SIGN_OFF_CODE = "ready"
# The order in which the parties declare the apprentice competent and ready.
SIGN_OFF_ORDER = ("consultant", "apprentice", "employer")
SIGN_OFF_LABELS = {
    "consultant": "the training consultant",
    "apprentice": "the apprentice",
    "employer": "the employer contact",
}


@dataclass(frozen=True)
class RequirementSpec:
    """One requirement as a data file states it."""

    code: str
    title: str
    source: str = ""
    confirmed: bool = True


@dataclass(frozen=True)
class SubjectFact:
    """English or maths as the qualifications record stands: its name, whether it is still
    outstanding, and the reason in words."""

    name: str
    outstanding: bool
    reason: str


@dataclass(frozen=True)
class ReadinessFacts:
    """What the readiness checks rest on, read from the records on `today`."""

    today: date
    start: date
    minimum_months: int
    breaks: Sequence[BreakPeriod] = ()
    ksb_codes: Sequence[str] = ()
    secure_codes: frozenset[str] = frozenset()
    showcase_sections: int = 0
    showcase_missing: Sequence[str] = ()
    safeguarding_achieved_on: date | None = None
    subjects: Sequence[SubjectFact] = ()
    otj_required: Decimal = Decimal(0)
    otj_confirmed: Decimal = Decimal(0)
    next_review_due: date | None = None
    epao_name: str = ""

    @property
    def minimum_time_met_on(self) -> date | None:
        """The first day the minimum time on programme is met; None during an open break."""
        return postpone_for_breaks(
            add_months(self.start, self.minimum_months), self.breaks, since=self.start
        )

    @property
    def not_secure(self) -> list[str]:
        return [code for code in self.ksb_codes if code not in self.secure_codes]


@dataclass(frozen=True)
class Check:
    """One line of the checklist: the requirement, whether it is met, and why in words."""

    code: str
    title: str
    met: bool
    detail: str
    source: str = ""
    confirmed: bool = True
    override_reason: str = ""

    @property
    def overridden(self) -> bool:
        return bool(self.override_reason)

    @property
    def satisfied(self) -> bool:
        """Met, or overridden by a provider admin with a written reason."""
        return self.met or self.overridden


def _list(values: Iterable[str]) -> str:
    return ", ".join(values)


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _minimum_time(facts: ReadinessFacts) -> tuple[bool, str]:
    met_on = facts.minimum_time_met_on
    months = f"{facts.minimum_months} months from the start on {day_label(facts.start)}"
    if met_on is None:
        return (
            False,
            f"{months}: on a break in learning, so the time stands still until the return.",
        )
    paused = (met_on - add_months(facts.start, facts.minimum_months)).days
    after_breaks = f", plus {paused} days of breaks in learning," if paused else ""
    if facts.today >= met_on:
        return True, f"{months}{after_breaks} was reached on {day_label(met_on)}."
    days = (met_on - facts.today).days
    return False, f"{months}{after_breaks} is reached on {day_label(met_on)}: {days} days to go."


def _ksbs_secure(facts: ReadinessFacts) -> tuple[bool, str]:
    total = len(facts.ksb_codes)
    if total == 0:
        return False, "The standard version has no KSBs loaded, so none can be secure."
    missing = facts.not_secure
    secure = total - len(missing)
    if not missing:
        return True, f"All {total} KSBs are secure in the portfolio."
    return False, f"{secure} of {total} KSBs are secure; not yet secure: {_list(missing)}."


def _showcase_complete(facts: ReadinessFacts) -> tuple[bool, str]:
    total = facts.showcase_sections
    if total == 0:
        return False, "The Showcase has no sections: the standard's KSBs are not loaded."
    missing = list(facts.showcase_missing)
    if not missing:
        return True, f"All {total} sections of the Showcase are complete."
    done = total - len(missing)
    return (
        False,
        f"{done} of {total} Showcase sections are complete; still to do: {_list(missing)}.",
    )


def _safeguarding(facts: ReadinessFacts) -> tuple[bool, str]:
    achieved = facts.safeguarding_achieved_on
    if achieved is not None and achieved <= facts.today:
        return True, f"Achieved on {day_label(achieved)}."
    return False, "Not recorded as achieved on the qualifications tab."


def _english_maths(facts: ReadinessFacts) -> tuple[bool, str]:
    outstanding = [subject for subject in facts.subjects if subject.outstanding]
    if not facts.subjects:
        return False, "English and maths are not recorded on the qualifications tab."
    if not outstanding:
        return True, " ".join(subject.reason for subject in facts.subjects)
    return False, " ".join(subject.reason for subject in outstanding)


def _otj_hours(facts: ReadinessFacts) -> tuple[bool, str]:
    required, confirmed = facts.otj_required, facts.otj_confirmed
    if required <= 0:
        return False, "No required off-the-job total could be worked out for this start date."
    if confirmed >= required:
        return True, f"{_hours(confirmed)} of {_hours(required)} hours confirmed."
    return False, (
        f"{_hours(confirmed)} of {_hours(required)} hours confirmed: "
        f"{_hours(required - confirmed)} to go."
    )


def _reviews(facts: ReadinessFacts) -> tuple[bool, str]:
    due = facts.next_review_due
    if due is None:
        return True, "No progress review is due."
    if due >= facts.today:
        return True, f"The next progress review is due by {day_label(due)}."
    days = (facts.today - due).days
    return False, f"A progress review was due on {day_label(due)}: {days} days overdue."


def _epao(facts: ReadinessFacts) -> tuple[bool, str]:
    if facts.epao_name:
        return True, f"{facts.epao_name} is named in the training plan."
    return False, "No end-point assessment organisation is named in the training plan."


CHECKS: Mapping[str, Callable[[ReadinessFacts], tuple[bool, str]]] = {
    "minimum-time": _minimum_time,
    "ksbs-evidenced": _ksbs_secure,
    "showcase": _showcase_complete,
    # ST1379 calls its Showcase the portfolio that underpins the professional discussion.
    "portfolio": _showcase_complete,
    "safeguarding-l1": _safeguarding,
    "english-maths": _english_maths,
    "otj-hours": _otj_hours,
    "reviews-up-to-date": _reviews,
    "epao-named": _epao,
}


def check(spec: RequirementSpec, facts: ReadinessFacts) -> Check:
    """Return whether one requirement is met, and why."""
    rule = CHECKS.get(spec.code)
    if rule is None:
        met, detail = (
            False,
            (
                "Trellis has no check for this requirement yet: confirm it yourself and ask a "
                "provider admin to record an override."
            ),
        )
    else:
        met, detail = rule(facts)
    return Check(
        code=spec.code,
        title=spec.title,
        met=met,
        detail=detail,
        source=spec.source,
        confirmed=spec.confirmed,
    )


def checklist(
    specs: Sequence[RequirementSpec],
    facts: ReadinessFacts,
    overrides: Mapping[str, str] | None = None,
) -> list[Check]:
    """Return every requirement but the sign-off, in the data's order, with the provider
    admin's override reason on any requirement that has one."""
    overrides = overrides or {}
    checks = []
    for spec in specs:
        if spec.code == SIGN_OFF_CODE:
            continue
        result = check(spec, facts)
        if spec.code in overrides and not result.met:
            result = replace(result, override_reason=overrides[spec.code])
        checks.append(result)
    return checks


def unsatisfied(checks: Iterable[Check]) -> list[Check]:
    return [result for result in checks if not result.satisfied]


# --- Sign-off ---------------------------------------------------------------------------------


def next_to_declare(declared: Iterable[str]) -> str | None:
    """Return the party whose declaration comes next, or None once all three have declared."""
    done = set(declared)
    return next((party for party in SIGN_OFF_ORDER if party not in done), None)


def refuse_declaration(
    party: str | None, declared: Iterable[str], checks: Sequence[Check]
) -> str | None:
    """Refuse a declaration out of turn, twice, or while a requirement is unmet."""
    declared = list(declared)
    if party not in SIGN_OFF_ORDER:
        return (
            "Only the apprentice, their training consultant and their employer's contact "
            "declare the apprentice ready for gateway."
        )
    if party in declared:
        return f"{SIGN_OFF_LABELS[party].capitalize()} has already declared the apprentice ready."
    waiting = unsatisfied(checks)
    if waiting:
        return (
            "Every requirement must be met before the sign-off; not yet met: "
            f"{_list(result.title for result in waiting)}."
        )
    expected = next_to_declare(declared)
    if party != expected:
        return (
            f"The sign-off goes in order: {SIGN_OFF_LABELS[expected]} declares next, before "
            f"{SIGN_OFF_LABELS[party]}."
        )
    return None


# An override is read by the EPAO, so it must say more than "ok".
MIN_OVERRIDE_REASON = 20
# Gateway means ready: an override is for one requirement the provider vouches for otherwise.
OVERRIDES_PER_CHECKLIST = 1


def refuse_override(code: str, checks: Sequence[Check]) -> str | None:
    """Refuse an override of the sign-off, of a requirement not on the checklist, or of one
    that is met."""
    if code == SIGN_OFF_CODE:
        return "The sign-off cannot be overridden: the three parties declare it themselves."
    result = next((result for result in checks if result.code == code), None)
    if result is None:
        return "There is no such requirement on this apprentice's checklist."
    if result.met:
        return f"“{result.title}” is met, so it needs no override."
    if result.overridden:
        return f"“{result.title}” is overridden already."
    if overrides_left(checks) == 0:
        already = next(other for other in checks if other.overridden)
        return (
            f"Only one requirement may be overridden, and “{already.title}” is already: "
            f"“{result.title}” must be met before the sign-off."
        )
    return None


def overrides_left(checks: Sequence[Check]) -> int:
    """Return how many more requirements a provider admin may override on this checklist."""
    return max(0, OVERRIDES_PER_CHECKLIST - sum(1 for result in checks if result.overridden))


def refuse_override_reason(title: str, reason: str) -> str | None:
    """Refuse a reason too short for the EPAO to judge the override by."""
    if len(reason.strip()) < MIN_OVERRIDE_REASON:
        return (
            f"Write why the apprentice is ready although “{title}” is not met, in at least "
            f"{MIN_OVERRIDE_REASON} characters: the EPAO reads it."
        )
    return None


# --- Forecast ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Forecast:
    """When the apprentice is likely to be ready at the current pace, and why.

    `ready_on` is None when some part has no pace to go on (nothing yet to measure).
    """

    ready_on: date | None
    reasons: list[str] = field(default_factory=list)


def _learning_days(facts: ReadinessFacts) -> int:
    return (facts.today - facts.start).days - days_in_breaks(facts.start, facts.today, facts.breaks)


def _at_pace(done: Decimal, still_to_do: Decimal, learning_days: int, today: date) -> date | None:
    """Return the day `still_to_do` is done if it keeps the pace of `done` over the days."""
    if done <= 0 or learning_days <= 0:
        return None
    per_day = done / learning_days
    return today + timedelta(days=int((still_to_do / per_day).to_integral_value(ROUND_CEILING)))


def forecast(specs: Sequence[RequirementSpec], facts: ReadinessFacts) -> Forecast:
    """Return the likely ready date: the latest of the minimum time and the days the KSBs and
    the off-the-job hours reach their totals at the pace kept so far."""
    codes = {spec.code for spec in specs}
    days = _learning_days(facts)
    dates: list[date] = []
    reasons: list[str] = []
    unknown = False
    if "minimum-time" in codes:
        met_on = facts.minimum_time_met_on
        if met_on is None:
            unknown = True
            reasons.append("On a break in learning: no forecast until the apprentice returns.")
        else:
            dates.append(met_on)
            reasons.append(f"Minimum time on programme: met on {day_label(met_on)}.")
    if "otj-hours" in codes and facts.otj_required > 0:
        still = facts.otj_required - facts.otj_confirmed
        if still <= 0:
            reasons.append("Off-the-job hours: the required total is confirmed.")
        else:
            on = _at_pace(facts.otj_confirmed, still, days, facts.today)
            if on is None:
                unknown = True
                reasons.append(
                    "Off-the-job hours: none confirmed yet, so there is no pace to go on."
                )
            else:
                weekly = facts.otj_confirmed / days * 7
                dates.append(on)
                reasons.append(
                    f"Off-the-job hours: at {weekly.quantize(Decimal('0.1'))} hours a week, the "
                    f"{_hours(still)} hours still to go are confirmed by {day_label(on)}."
                )
    if "ksbs-evidenced" in codes and facts.ksb_codes:
        missing = len(facts.not_secure)
        secure = len(facts.ksb_codes) - missing
        if missing == 0:
            reasons.append("KSBs: all secure.")
        else:
            on = _at_pace(Decimal(secure), Decimal(missing), days, facts.today)
            if on is None:
                unknown = True
                reasons.append("KSBs: none secure yet, so there is no pace to go on.")
            else:
                dates.append(on)
                reasons.append(
                    f"KSBs: {secure} secure so far; at that pace the other {missing} are secure "
                    f"by {day_label(on)}."
                )
    paced = {"minimum-time", "otj-hours", "ksbs-evidenced", SIGN_OFF_CODE}
    to_do = [
        result.title
        for result in checklist([spec for spec in specs if spec.code not in paced], facts)
        if not result.met
    ]
    if to_do:
        reasons.append(f"Also still to do, at no set pace: {_list(to_do)}.")
    ready_on = None if unknown or not dates else max(max(dates), facts.today)
    return Forecast(ready_on=ready_on, reasons=reasons)
