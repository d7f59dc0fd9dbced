"""Reads about one apprenticeship that several parts of the record share."""

from datetime import date

from trellis.apprenticeships.breaks import BreakPeriod
from trellis.apprenticeships.funding import FundingPeriod, load_funding_rules
from trellis.apprenticeships.models import Apprenticeship, StatusChange


def funding_period_for(apprenticeship: Apprenticeship) -> FundingPeriod:
    """Return the funding rules that apply to this apprenticeship, by its start date."""
    return load_funding_rules().for_start(apprenticeship.start_date)


def break_periods(apprenticeship: Apprenticeship) -> list[BreakPeriod]:
    """Return the apprenticeship's breaks in learning, each closed by the return after it."""
    changes = StatusChange.objects.filter(
        apprenticeship=apprenticeship,
        kind__in=[StatusChange.Kind.BREAK_IN_LEARNING, StatusChange.Kind.RETURN_TO_LEARNING],
    ).order_by("effective_date", "recorded_at", "pk")
    return breaks_from_changes([(change.kind, change.effective_date) for change in changes])


def withdrawal_date(apprenticeship: Apprenticeship) -> date | None:
    """Return the last day of learning a withdrawal was dated at, or None if not withdrawn."""
    if apprenticeship.status != Apprenticeship.Status.WITHDRAWN:
        return None
    return (
        StatusChange.objects.filter(
            apprenticeship=apprenticeship, kind=StatusChange.Kind.WITHDRAWAL
        )
        .order_by("-effective_date")
        .values_list("effective_date", flat=True)
        .first()
    )


def breaks_from_changes(changes) -> list[BreakPeriod]:
    """Pair each break with the return that follows it; a break with none is still open."""
    periods: list[BreakPeriod] = []
    open_from = None
    for kind, effective_date in changes:
        if kind == StatusChange.Kind.BREAK_IN_LEARNING and open_from is None:
            open_from = effective_date
        elif kind == StatusChange.Kind.RETURN_TO_LEARNING and open_from is not None:
            periods.append(BreakPeriod(starts=open_from, returned_on=effective_date))
            open_from = None
    if open_from is not None:
        periods.append(BreakPeriod(starts=open_from))
    return periods
