"""Safeguarding rules on plain values (no Django here): what a concern and its casework may
say, and the order the safeguarding lead's dashboard puts open cases in."""

from dataclasses import dataclass
from datetime import date, datetime

from trellis.wording import day_label

URGENCY_ORDER = ("urgent", "high", "medium", "low")
MAX_ACCOUNT_CHARS = 10_000
MAX_ENTRY_CHARS = 5_000
EMERGENCY_ADVICE = (
    "If you believe someone is in immediate danger, call 999 now, before you fill in this "
    "form. Then tell the safeguarding lead here."
)


def urgency_when_raised(*, immediate_risk: bool) -> str:
    """A concern reporting immediate risk is urgent from the start; any other waits for the
    safeguarding lead's triage to be given an urgency."""
    return "urgent" if immediate_risk else ""


def refuse_happened_on(happened_on: date, *, today: date) -> str | None:
    if happened_on > today:
        return "Say when it happened: today or an earlier day, not a day in the future."
    return None


def refuse_text(value: str, *, what: str, limit: int) -> str | None:
    """Refuse an empty or over-long text, naming what it should say and the limit."""
    if not value.strip():
        return f"Write {what}."
    if len(value) > limit:
        return f"Keep {what} to {limit:,} characters: it has {len(value):,}."
    return None


def refuse_entry_time(occurred_at: datetime, *, now: datetime, earliest: date) -> str | None:
    """An entry in the chronology happened between the day of the concern and now."""
    if occurred_at > now:
        return "Say when it happened: it cannot be in the future."
    if occurred_at.date() < earliest:
        return (
            f"Say when it happened: on or after {day_label(earliest)}, the day the concern "
            "is about."
        )
    return None


def refuse_referral_date(referred_on: date, *, today: date, earliest: date) -> str | None:
    if referred_on > today:
        return "Give the day the referral was made: today or earlier, not a day in the future."
    if referred_on < earliest:
        return (
            f"Give the day the referral was made: on or after {day_label(earliest)}, the day "
            "the concern is about."
        )
    return None


@dataclass(frozen=True)
class OpenCase:
    """What the dashboard's order needs to know of an open concern."""

    urgency: str
    awaiting_triage: bool
    immediate_risk: bool
    raised_at: datetime


def dashboard_key(case: OpenCase) -> tuple:
    """Order open cases: those awaiting triage first (immediate risk first), then the triaged
    by urgency; within each, the one waiting longest first."""
    if case.awaiting_triage:
        return (0, not case.immediate_risk, case.raised_at.timestamp())
    return (1, URGENCY_ORDER.index(case.urgency), case.raised_at.timestamp())


def age_in_days(raised_on: date, *, today: date) -> int:
    return (today - raised_on).days


def age_label(days: int) -> str:
    if days <= 0:
        return "Today"
    if days == 1:
        return "1 day"
    return f"{days} days"
