"""What the caseload page says about one apprenticeship, on plain values (no Django here)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from trellis.apprenticeships.rules import add_months
from trellis.plans.rules import epao_flag
from trellis.reviews.rules import DUE_SOON_DAYS
from trellis.wording import day_label

# The reviews tab and the caseload call the same reviews "due soon".
REVIEW_DUE_SOON_DAYS = DUE_SOON_DAYS
# Outstanding qualifications are flagged this close to the planned end, while there is still
# time to sit them before gateway. A working horizon of the provider, not a funding rule.
QUALIFICATIONS_WARNING_MONTHS = 6
# KSB coverage is behind once the share of KSBs secure trails the share of the planned time
# gone by more than this many points. Evidence is assessed in batches, so a small lag is
# normal; a working threshold of the provider, not a rule of the standard.
COVERAGE_LAG_PERCENT = 25


@dataclass(frozen=True)
class Elapsed:
    """How far through the planned practical period the apprentice is today."""

    months: int
    total_months: int
    percent: int


@dataclass(frozen=True)
class ReviewDue:
    """When the next progress review is due, and how urgent it is today."""

    # overdue, soon, later, paused (break in learning) or none (no review falls due)
    state: str
    due: date | None = None
    days: int = 0


@dataclass(frozen=True)
class Flag:
    """Something about an apprenticeship that needs attention, with the reason in words."""

    code: str
    label: str
    reason: str


@dataclass(frozen=True)
class CaseloadFacts:
    """What the flags rest on, read from the apprenticeship and its caseload summary."""

    today: date
    start: date
    planned_end: date
    on_break: bool
    # On programme or on a break: the plan and qualifications still matter.
    in_learning: bool
    # In learning, at gateway or in EPA: an EPAO must be named.
    active: bool
    epao_named: bool
    epao_named_by: date | None
    has_summary: bool = True
    next_review_due: date | None = None
    otj_on_track_until: date | None = None
    otj_actual: Decimal = Decimal(0)
    otj_expected: Decimal = Decimal(0)
    plan_agreed: bool = False
    qualifications_outstanding: tuple[str, ...] = ()
    break_since: date | None = None
    expected_return: date | None = None
    coverage_on_track_until: date | None = None
    ksbs_secure: int = 0
    ksbs_total: int = 0


def months_between(earlier: date, later: date) -> int:
    """Return the whole calendar months from earlier to later (0 if later is not after)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if months > 0 and add_months(earlier, months) > later:
        months -= 1
    return max(months, 0)


def time_elapsed(start: date, planned_end: date, today: date) -> Elapsed:
    """Return the months gone of the planned months, and the share of days gone (0 to 100)."""
    total_days = (planned_end - start).days
    days_gone = min(max((today - start).days, 0), total_days)
    percent = round(100 * days_gone / total_days) if total_days > 0 else 100
    total_months = months_between(start, planned_end)
    return Elapsed(
        months=min(months_between(start, today), total_months),
        total_months=total_months,
        percent=percent,
    )


def review_due(next_due: date | None, today: date, *, on_break: bool) -> ReviewDue:
    """Return how urgent the next review is: overdue, due soon, later, paused or none due."""
    if next_due is None:
        return ReviewDue("paused" if on_break else "none")
    if next_due < today:
        return ReviewDue("overdue", next_due, (today - next_due).days)
    days = (next_due - today).days
    return ReviewDue("soon" if days <= REVIEW_DUE_SOON_DAYS else "later", next_due, days)


def otj_behind(on_track_until: date | None, today: date) -> bool:
    """Tell whether the confirmed hours have fallen behind an even pace."""
    return on_track_until is not None and on_track_until < today


def coverage_on_track_until(
    *, start: date, planned_end: date, secure: int, total: int
) -> date | None:
    """Return the last day on which this many secure KSBs keep pace with the time gone.

    The pace is even over the planned practical period, less the allowed lag; None when the
    coverage can no longer fall behind (everything allowed for is secure, or no KSBs).
    """
    total_days = (planned_end - start).days
    if total <= 0 or total_days <= 0:
        return None
    allowed_share = secure / total + COVERAGE_LAG_PERCENT / 100
    if allowed_share >= 1:
        return None
    return start + timedelta(days=int(allowed_share * total_days))


def coverage_behind(on_track_until: date | None, today: date) -> bool:
    """Tell whether the secure KSBs have fallen behind the time gone, less the allowed lag."""
    return on_track_until is not None and on_track_until < today


def epao_needed(*, epao_named: bool, named_by: date | None, planned_end: date, today: date) -> bool:
    """Tell whether the plan is late naming an EPAO: the plan's own flag, once overdue."""
    if named_by is None:
        return False
    flag = epao_flag(epao_named=epao_named, named_by=named_by, planned_end=planned_end, today=today)
    return flag is not None and flag.overdue


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def _hours(value: Decimal) -> str:
    """Print hours to a tenth at most, without trailing zeros: 42.5, 60."""
    return f"{Decimal(value).quantize(Decimal('0.1')).normalize():f}"


def caseload_flags(facts: CaseloadFacts) -> list[Flag]:
    """Return every flag that applies today, each with its reason."""
    flags: list[Flag] = []
    today = facts.today
    if facts.on_break:
        reason = (
            f"Since {day_label(facts.break_since)}" if facts.break_since else "Nothing falls due"
        )
        if facts.break_since and facts.expected_return:
            reason += f"; back {day_label(facts.expected_return)}"
        flags.append(Flag("on_break", "On a break", reason + "."))
    if facts.has_summary:
        review = review_due(facts.next_review_due, today, on_break=facts.on_break)
        if review.state == "overdue":
            flags.append(
                Flag(
                    "review_overdue",
                    "Review overdue",
                    f"Due {day_label(review.due)}, {_days(review.days)} ago.",
                )
            )
        # Off-the-job training stops at gateway, and a withdrawal stops it for good.
        if facts.in_learning and otj_behind(facts.otj_on_track_until, today):
            flags.append(
                Flag(
                    "otj_behind",
                    "Off-the-job behind",
                    f"{_hours(facts.otj_actual)} h confirmed, {_hours(facts.otj_expected)} h "
                    f"expected by today.",
                )
            )
        if facts.in_learning and coverage_behind(facts.coverage_on_track_until, today):
            elapsed = time_elapsed(facts.start, facts.planned_end, today)
            flags.append(
                Flag(
                    "coverage_behind",
                    "KSB coverage behind",
                    f"{facts.ksbs_secure} of {facts.ksbs_total} KSBs secure with "
                    f"{elapsed.percent}% of the time gone.",
                )
            )
        if facts.in_learning and not facts.plan_agreed:
            flags.append(
                Flag(
                    "plan_not_agreed",
                    "Plan not agreed",
                    "Not yet signed by the apprentice, consultant and employer.",
                )
            )
    if facts.active and epao_needed(
        epao_named=facts.epao_named,
        named_by=facts.epao_named_by,
        planned_end=facts.planned_end,
        today=today,
    ):
        flags.append(
            Flag(
                "epao_needed",
                "EPAO not named",
                f"The plan had to name one by {day_label(facts.epao_named_by)}.",
            )
        )
    if (
        facts.in_learning
        and facts.qualifications_outstanding
        and facts.planned_end < add_months(today, QUALIFICATIONS_WARNING_MONTHS)
    ):
        flags.append(
            Flag(
                "qualifications_due",
                "Qualifications outstanding",
                f"{', '.join(facts.qualifications_outstanding)}; "
                f"ends {day_label(facts.planned_end)}.",
            )
        )
    return flags
