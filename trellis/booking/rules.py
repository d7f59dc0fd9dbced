"""Booking rules on plain values (no Django here): the employer's notice, the date range and
the assessor's independence."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from trellis.wording import day_label

# Notice is counted in the employer's calendar days, so the day is read in UK time: a booking
# made at 00:30 on a Sunday in summer is on the Sunday, although it is Saturday in UTC.
UK = ZoneInfo("Europe/London")
# How far ahead an employer may offer dates: a year covers any planned end.
LONGEST_RANGE_DAYS = 366


def notice_day(now: datetime) -> date:
    """Return the UK calendar day on which notice given at `now` is given."""
    if now.tzinfo is None:
        raise ValueError("The moment notice is given must carry its time zone.")
    return now.astimezone(UK).date()


def earliest_allowed(now: datetime, minimum_notice_days: int) -> date:
    """Return the first assessment day that gives the employer the minimum notice."""
    return notice_day(now) + timedelta(days=minimum_notice_days)


def refuse_notice(day: date, *, now: datetime, minimum_notice_days: int) -> str | None:
    """Refuse a day that gives the employer less than the minimum notice, naming the first
    day allowed."""
    earliest = earliest_allowed(now, minimum_notice_days)
    if day < earliest:
        given = (day - notice_day(now)).days
        return (
            f"The employer must have at least {minimum_notice_days} days' notice; "
            f"{day_label(day)} gives {max(given, 0)}. The earliest date allowed is "
            f"{earliest:%A} {day_label(earliest)}."
        )
    return None


def refuse_outside_range(day: date, *, available_from: date, available_until: date) -> str | None:
    """Refuse a day outside the range the employer offered, naming the range."""
    if not available_from <= day <= available_until:
        return (
            f"Choose a day the employer offered: from {day_label(available_from)} to "
            f"{day_label(available_until)}."
        )
    return None


def refuse_times(starts_at: time, ends_at: time) -> str | None:
    if ends_at <= starts_at:
        return "The end time must be after the start time."
    return None


def range_problems(
    available_from: date, available_until: date, *, now: datetime, minimum_notice_days: int
) -> dict[str, str]:
    """Return what is wrong with an employer's range, by field; empty when it can be used.

    The range must leave at least one day that gives the minimum notice from today.
    """
    problems: dict[str, str] = {}
    today = notice_day(now)
    earliest = earliest_allowed(now, minimum_notice_days)
    if available_from < today:
        problems["available_from"] = (
            f"The first date cannot be in the past: today is {day_label(today)}."
        )
    if available_until < available_from:
        problems["available_until"] = "The last date must not be before the first."
    elif available_until < earliest:
        problems["available_until"] = (
            f"The employer must have at least {minimum_notice_days} days' notice of the "
            f"assessment, so the range must reach {day_label(earliest)} or later."
        )
    elif (available_until - today).days > LONGEST_RANGE_DAYS:
        problems["available_until"] = "Offer dates within the next year."
    return problems


# --- Independence -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AssessorFacts:
    """What decides whether an assessor is independent of one apprentice."""

    name: str
    # The organisations the assessor belongs to, by id, with their names.
    organisations: dict[int, str]
    provider_id: int
    employer_id: int
    # Each recorded involvement with the apprentice, in words ("assessed evidence on 3 Mar").
    involvement: Sequence[str] = ()
    # Each conflict of interest the assessor declared that touches this apprentice.
    conflicts: Sequence[str] = ()


def independence_problems(facts: AssessorFacts) -> list[str]:
    """Return why this assessor cannot assess this apprentice independently (empty if they
    can)."""
    problems = []
    if facts.provider_id in facts.organisations:
        problems.append(
            f"{facts.name} belongs to {facts.organisations[facts.provider_id]}, the apprentice's "
            "training provider."
        )
    if facts.employer_id in facts.organisations:
        problems.append(
            f"{facts.name} belongs to {facts.organisations[facts.employer_id]}, the apprentice's "
            "employer."
        )
    problems += [
        f"{facts.name} has recorded involvement with the apprentice: {entry}."
        for entry in facts.involvement
    ]
    problems += [
        f"{facts.name} declared a conflict of interest: {entry}" for entry in facts.conflicts
    ]
    return problems
