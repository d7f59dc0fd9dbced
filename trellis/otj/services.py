"""Writes to the off-the-job training ledger: log, change, withdraw, confirm, reject."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from trellis.apprenticeships.funding import NoFundingPeriodError
from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.selectors import break_periods, funding_period_for, withdrawal_date
from trellis.caseload.services import caseload_summary_refresh
from trellis.organisations.models import User
from trellis.otj import access, rules
from trellis.otj.models import OtjEntry, OtjKind, PriorLearningReduction
from trellis.otj.selectors import AT_OR_PAST_GATEWAY, current_plan_activities, standard_ksbs
from trellis.plans.models import PlanActivity
from trellis.standards.models import KSB


@dataclass(frozen=True)
class OtjEntryDetails:
    """What one entry says: the day, the time spent, on what, and what was done.

    Give start and end times, or a duration in minutes without times.
    """

    date: date
    kind: str
    description: str
    start_time: time | None = None
    end_time: time | None = None
    duration_minutes: int | None = None
    activity: PlanActivity | None = None
    ksbs: Sequence[KSB] = field(default_factory=tuple)


def _duration(details: OtjEntryDetails) -> tuple[int, dict[str, str]]:
    """Return the entry's minutes and any refusal of its times."""
    if (details.start_time is None) != (details.end_time is None):
        return 0, {"end_time": "Give both a start and an end time, or neither and how long."}
    if details.start_time is not None and details.end_time is not None:
        if details.duration_minutes is not None:
            return 0, {"duration": "Give start and end times or how long, not both."}
        minutes = rules.minutes_between(details.start_time, details.end_time)
        if minutes <= 0:
            return 0, {"end_time": "The end time must be after the start time."}
    elif details.duration_minutes is None:
        return 0, {"duration": "Give the start and end times, or how long it took."}
    else:
        minutes = details.duration_minutes
    refusal = rules.refuse_duration(minutes=minutes)
    return minutes, ({"duration": refusal} if refusal else {})


def _refusals(
    *, apprenticeship: Apprenticeship, details: OtjEntryDetails, excluding: OtjEntry | None
) -> dict[str, str]:
    """Return every reason to refuse this entry, by field; empty if it may be logged."""
    try:
        rule = funding_period_for(apprenticeship).off_the_job
    except NoFundingPeriodError as error:
        return {"date": str(error)}
    today = timezone.localdate()
    errors: dict[str, str] = {}
    date_refusal = (
        rules.refuse_future_date(day=details.date, today=today)
        or rules.refuse_before_start(day=details.date, start=apprenticeship.start_date)
        or rules.refuse_after_gateway(
            day=details.date,
            gateway_date=apprenticeship.gateway_date,
            at_gateway=apprenticeship.status in AT_OR_PAST_GATEWAY,
            counts_after_gateway=rule.counts_after_gateway,
        )
        or rules.refuse_during_break(day=details.date, breaks=break_periods(apprenticeship))
        or rules.refuse_after_withdrawal(
            day=details.date, withdrawn_on=withdrawal_date(apprenticeship)
        )
    )
    if date_refusal:
        errors["date"] = date_refusal
    kind_refusal = rules.refuse_english_maths(
        is_english_maths=details.kind == OtjKind.ENGLISH_MATHS,
        counts_english_and_maths=rule.counts_english_and_maths_to_level_2,
    )
    if kind_refusal:
        errors["kind"] = kind_refusal
    if (
        details.activity is not None
        and not current_plan_activities(apprenticeship).filter(pk=details.activity.pk).exists()
    ):
        errors["activity"] = "Choose an activity from the current training plan."
    ksb_ids = {ksb.pk for ksb in details.ksbs}
    if len(ksb_ids) != standard_ksbs(apprenticeship).filter(pk__in=ksb_ids).count():
        errors["ksbs"] = "Choose KSBs from the apprenticeship's standard."
    minutes, duration_errors = _duration(details)
    errors.update(duration_errors)
    if duration_errors:
        return errors
    same_day = OtjEntry.objects.filter(apprenticeship=apprenticeship, date=details.date).exclude(
        status=OtjEntry.Status.REJECTED
    )
    if excluding is not None:
        same_day = same_day.exclude(pk=excluding.pk)
    others = list(same_day.values_list("start_time", "end_time", "duration_minutes"))
    day_refusal = rules.refuse_day_total(
        day=details.date, minutes=minutes, other_minutes_that_day=sum(row[2] for row in others)
    )
    if day_refusal:
        errors["duration"] = day_refusal
    overlap = rules.refuse_overlap(
        day=details.date,
        start=details.start_time,
        end=details.end_time,
        others=[(start, end) for start, end, _ in others if start is not None],
    )
    if overlap:
        errors["start_time"] = overlap
    return errors


def _apply(entry: OtjEntry, details: OtjEntryDetails) -> None:
    """Copy the details onto the entry, save it and set its KSBs."""
    entry.date = details.date
    entry.kind = details.kind
    entry.description = details.description.strip()
    entry.start_time = details.start_time
    entry.end_time = details.end_time
    entry.duration_minutes = (
        rules.minutes_between(details.start_time, details.end_time)
        if details.start_time is not None and details.end_time is not None
        else details.duration_minutes
    )
    entry.activity = details.activity
    entry.full_clean(exclude=["logged_by", "apprenticeship", "activity"])
    entry.save()
    entry.ksbs.set(details.ksbs)


def otj_entry_log(
    *, apprenticeship: Apprenticeship, logged_by: User, details: OtjEntryDetails
) -> OtjEntry:
    """Log time spent on off-the-job training, awaiting the other side's confirmation."""
    party = access.require_logging_party(logged_by, apprenticeship)
    with transaction.atomic():
        Apprenticeship.objects.select_for_update().filter(pk=apprenticeship.pk).first()
        errors = _refusals(apprenticeship=apprenticeship, details=details, excluding=None)
        if errors:
            raise ValidationError(errors)
        entry = OtjEntry(apprenticeship=apprenticeship, logged_by=logged_by, logged_as=party)
        _apply(entry, details)
        caseload_summary_refresh(apprenticeship=apprenticeship)
    return entry


def _require_awaiting(entry: OtjEntry, action: str) -> None:
    if entry.status != OtjEntry.Status.AWAITING_CONFIRMATION:
        raise ValidationError(
            {
                "status": f"This entry is already {entry.get_status_display().lower()}, so it "
                f"can no longer be {action}."
            }
        )


def _locked(entry: OtjEntry) -> OtjEntry:
    """Return the entry read again under a row lock, so that two decisions cannot cross."""
    locked = OtjEntry.objects.select_for_update().get(pk=entry.pk)
    locked.apprenticeship = entry.apprenticeship
    return locked


def otj_entry_change(*, entry: OtjEntry, changed_by: User, details: OtjEntryDetails) -> OtjEntry:
    """Change an entry its logger made, while it still awaits confirmation."""
    access.require_can_change(changed_by, entry)
    with transaction.atomic():
        entry = _locked(entry)
        _require_awaiting(entry, "changed")
        errors = _refusals(apprenticeship=entry.apprenticeship, details=details, excluding=entry)
        if errors:
            raise ValidationError(errors)
        _apply(entry, details)
        caseload_summary_refresh(apprenticeship=entry.apprenticeship)
    return entry


def otj_entry_withdraw(*, entry: OtjEntry, withdrawn_by: User) -> None:
    """Withdraw an entry its logger made, while it still awaits confirmation."""
    access.require_can_change(withdrawn_by, entry)
    with transaction.atomic():
        entry = _locked(entry)
        _require_awaiting(entry, "withdrawn")
        apprenticeship = entry.apprenticeship
        entry.delete()
        caseload_summary_refresh(apprenticeship=apprenticeship)


def otj_entry_confirm(*, entry: OtjEntry, confirmed_by: User) -> OtjEntry:
    """Confirm an entry the other side logged, so that its hours count."""
    access.require_can_decide(confirmed_by, entry)
    with transaction.atomic():
        entry = _locked(entry)
        _require_awaiting(entry, "confirmed")
        entry.status = OtjEntry.Status.CONFIRMED
        entry.decided_by = confirmed_by
        entry.decided_at = timezone.now()
        entry.save(update_fields=["status", "decided_by", "decided_at"])
        caseload_summary_refresh(apprenticeship=entry.apprenticeship)
    return entry


def otj_entry_reject(*, entry: OtjEntry, rejected_by: User, reason: str) -> OtjEntry:
    """Reject an entry the other side logged, saying why."""
    access.require_can_decide(rejected_by, entry)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": "Say why the entry is rejected, so that it can be logged correctly."}
        )
    with transaction.atomic():
        entry = _locked(entry)
        _require_awaiting(entry, "rejected")
        entry.status = OtjEntry.Status.REJECTED
        entry.rejection_reason = reason
        entry.decided_by = rejected_by
        entry.decided_at = timezone.now()
        entry.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])
        caseload_summary_refresh(apprenticeship=entry.apprenticeship)
    return entry


def prior_learning_reduction_record(
    *, apprenticeship: Apprenticeship, recorded_by: User, hours: Decimal, reason: str
) -> PriorLearningReduction:
    """Record (or change) the hours taken off the requirement for prior learning, and why."""
    access.require_can_record_prior_learning(recorded_by, apprenticeship)
    errors = {}
    if hours is None or hours < 0:
        errors["hours"] = "Give the reduction in hours: 0 or more."
    if not reason.strip():
        errors["reason"] = "Say what prior learning the reduction is for."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        reduction = PriorLearningReduction.objects.filter(apprenticeship=apprenticeship).first()
        if reduction is None:
            reduction = PriorLearningReduction(apprenticeship=apprenticeship)
        reduction.hours = hours
        reduction.reason = reason.strip()
        reduction.recorded_by = recorded_by
        reduction.full_clean(exclude=["apprenticeship"])
        reduction.save()
        caseload_summary_refresh(apprenticeship=apprenticeship)
    return reduction
