"""Breaks in learning, returns, withdrawals and changes of employer: who may, and the writes.

Each change is kept as a StatusChange (who and when) and moves the apprenticeship's status.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from trellis.apprenticeships.access import get_apprenticeship_for_user, keeps_record
from trellis.apprenticeships.models import Apprenticeship, StatusChange
from trellis.caseload.services import caseload_summary_refresh
from trellis.organisations.models import Membership, Organisation, User
from trellis.organisations.roles import Role
from trellis.otj.models import OtjEntry
from trellis.wording import day_label

Status = Apprenticeship.Status
Kind = StatusChange.Kind

# --- Who may -----------------------------------------------------------------------------------


def can_change_status(user: User, apprenticeship: Apprenticeship) -> bool:
    """Return whether this person records status changes: the consultant or provider admins."""
    return keeps_record(user, apprenticeship)


def get_apprenticeship_for_status_change(user: User, pk: int) -> Apprenticeship:
    """Return the apprenticeship if this person may change its status; 404 unseen, 403 else."""
    apprenticeship = get_apprenticeship_for_user(user, pk)
    if not can_change_status(user, apprenticeship):
        raise PermissionDenied(
            "Only the apprentice's training consultant or the provider's admins record a "
            "change of status."
        )
    return apprenticeship


# --- Reads -------------------------------------------------------------------------------------


def status_history(apprenticeship: Apprenticeship) -> list[StatusChange]:
    """Return the apprenticeship's status changes, newest first, with who recorded them."""
    return list(
        StatusChange.objects.filter(apprenticeship=apprenticeship)
        .select_related("recorded_by", "previous_employer", "new_employer")
        .order_by("-effective_date", "-recorded_at", "-pk")
    )


def last_confirmed_learning_on(apprenticeship: Apprenticeship) -> date | None:
    """Return the date of the latest confirmed off-the-job training, the last evidenced learning."""
    return OtjEntry.objects.filter(
        apprenticeship=apprenticeship, status=OtjEntry.Status.CONFIRMED
    ).aggregate(latest=Max("date"))["latest"]


def allowed_status_changes(apprenticeship: Apprenticeship) -> list[str]:
    """Return the kinds of status change that the apprenticeship's status allows now."""
    allowed = []
    if apprenticeship.status == Status.ON_PROGRAMME:
        allowed.append(Kind.BREAK_IN_LEARNING)
    if apprenticeship.status == Status.BREAK_IN_LEARNING:
        allowed.append(Kind.RETURN_TO_LEARNING)
    if apprenticeship.status in WITHDRAWABLE:
        allowed.append(Kind.WITHDRAWAL)
    if apprenticeship.status in (Status.ON_PROGRAMME, Status.BREAK_IN_LEARNING):
        allowed.append(Kind.CHANGE_OF_EMPLOYER)
    return allowed


# An apprentice can leave at any point before the assessment starts; after that the EPA decides.
WITHDRAWABLE = (Status.ON_PROGRAMME, Status.BREAK_IN_LEARNING, Status.GATEWAY)


# --- Writes ------------------------------------------------------------------------------------


def _locked(apprenticeship: Apprenticeship) -> Apprenticeship:
    return Apprenticeship.objects.select_for_update().get(pk=apprenticeship.pk)


def _latest_change_on(apprenticeship: Apprenticeship) -> date | None:
    return StatusChange.objects.filter(apprenticeship=apprenticeship).aggregate(
        latest=Max("effective_date")
    )["latest"]


def _date_problem(apprenticeship: Apprenticeship, day: date | None, what: str) -> str | None:
    """Return why a status change's date is refused: missing, future, before start or history."""
    if day is None:
        return f"Enter the date {what}."
    if day > timezone.localdate():
        return f"The date {what} cannot be in the future."
    if day < apprenticeship.start_date:
        return (
            f"The date {what} cannot be before the apprenticeship started on "
            f"{day_label(apprenticeship.start_date)}."
        )
    latest = _latest_change_on(apprenticeship)
    if latest is not None and day < latest:
        return (
            f"The date {what} cannot be before the last change of status, on {day_label(latest)}."
        )
    return None


def _refuse_unless(apprenticeship: Apprenticeship, kind: str) -> None:
    if kind not in allowed_status_changes(apprenticeship):
        raise ValidationError({"__all__": _not_allowed_message(apprenticeship, kind)})


def _not_allowed_message(apprenticeship: Apprenticeship, kind: str) -> str:
    status = apprenticeship.get_status_display().lower()
    return {
        Kind.BREAK_IN_LEARNING: (
            "A break in learning can start only while the apprentice is on programme; "
            f"they are now: {status}."
        ),
        Kind.RETURN_TO_LEARNING: (
            f"Only an apprentice on a break in learning can return; they are now: {status}."
        ),
        Kind.WITHDRAWAL: f"This apprenticeship cannot be withdrawn: it is {status}.",
        Kind.CHANGE_OF_EMPLOYER: (
            "The employer can change only while the apprentice is on programme or on a break; "
            f"they are now: {status}."
        ),
    }[kind]


def _record(
    apprenticeship: Apprenticeship, *, new_status: str, change: StatusChange, fields=()
) -> StatusChange:
    change.full_clean()
    change.save()
    apprenticeship.status = new_status
    apprenticeship.revision += 1
    apprenticeship.full_clean()
    apprenticeship.save(update_fields=["status", "revision", "updated_at", *fields])
    caseload_summary_refresh(apprenticeship=apprenticeship)
    return change


@transaction.atomic
def apprenticeship_break_start(
    *,
    apprenticeship: Apprenticeship,
    starts_on: date,
    expected_return_on: date | None,
    reason: str,
    recorded_by: User,
) -> StatusChange:
    """Start a break in learning: nothing falls due until the apprentice returns."""
    current = _locked(apprenticeship)
    _refuse_unless(current, Kind.BREAK_IN_LEARNING)
    problems = {}
    problem = _date_problem(current, starts_on, "the break starts")
    if problem:
        problems["effective_date"] = problem
    if expected_return_on is None:
        problems["expected_return_date"] = "Enter when the apprentice expects to return."
    elif starts_on is not None and expected_return_on <= starts_on:
        problems["expected_return_date"] = "The expected return must be after the break starts."
    if not reason.strip():
        problems["reason"] = "Say why the apprentice is taking a break, such as illness."
    if problems:
        raise ValidationError(problems)
    change = StatusChange(
        apprenticeship=current,
        kind=Kind.BREAK_IN_LEARNING,
        effective_date=starts_on,
        expected_return_date=expected_return_on,
        reason=reason.strip(),
        recorded_by=recorded_by,
    )
    return _record(current, new_status=Status.BREAK_IN_LEARNING, change=change)


@transaction.atomic
def apprenticeship_return(
    *, apprenticeship: Apprenticeship, returns_on: date, recorded_by: User
) -> StatusChange:
    """End a break in learning on the day learning resumes."""
    current = _locked(apprenticeship)
    _refuse_unless(current, Kind.RETURN_TO_LEARNING)
    problem = _date_problem(current, returns_on, "learning resumes")
    break_start = _latest_change_on(current)
    if returns_on is not None and break_start is not None and returns_on <= break_start:
        problem = f"The return must be after the break started on {day_label(break_start)}."
    if problem:
        raise ValidationError({"effective_date": problem})
    change = StatusChange(
        apprenticeship=current,
        kind=Kind.RETURN_TO_LEARNING,
        effective_date=returns_on,
        recorded_by=recorded_by,
    )
    return _record(current, new_status=Status.ON_PROGRAMME, change=change)


@transaction.atomic
def apprenticeship_withdraw(
    *, apprenticeship: Apprenticeship, last_learning_on: date, reason: str, recorded_by: User
) -> StatusChange:
    """Withdraw the apprentice, dated at their last evidenced learning."""
    current = _locked(apprenticeship)
    _refuse_unless(current, Kind.WITHDRAWAL)
    problems = {}
    problem = _date_problem(current, last_learning_on, "of the last learning")
    last_confirmed = last_confirmed_learning_on(current)
    if problem is None and last_confirmed is not None and last_learning_on < last_confirmed:
        # Confirmed off-the-job training is evidence of learning, so the last day of learning
        # cannot come before it.
        problem = (
            f"Off-the-job training on {day_label(last_confirmed)} is confirmed, so the last "
            f"learning was on that day or later."
        )
    if problem:
        problems["effective_date"] = problem
    if not reason.strip():
        problems["reason"] = "Say why the apprentice is leaving."
    if problems:
        raise ValidationError(problems)
    change = StatusChange(
        apprenticeship=current,
        kind=Kind.WITHDRAWAL,
        effective_date=last_learning_on,
        reason=reason.strip(),
        recorded_by=recorded_by,
    )
    return _record(current, new_status=Status.WITHDRAWN, change=change)


@transaction.atomic
def apprenticeship_employer_change(
    *,
    apprenticeship: Apprenticeship,
    new_employer: Organisation,
    changes_on: date,
    reason: str,
    recorded_by: User,
) -> StatusChange:
    """Move the apprenticeship to a new employer from a date; the old one keeps the history."""
    current = _locked(apprenticeship)
    _refuse_unless(current, Kind.CHANGE_OF_EMPLOYER)
    problems = {}
    if new_employer is None or new_employer.kind != Organisation.Kind.EMPLOYER:
        problems["new_employer"] = "Choose the new employer from the list."
    elif new_employer.pk == current.employer_id:
        problems["new_employer"] = f"{new_employer} is already the employer."
    problem = _date_problem(current, changes_on, "the new employment starts")
    if problem:
        problems["effective_date"] = problem
    if problems:
        raise ValidationError(problems)
    Membership.objects.get_or_create(
        user=current.apprentice, organisation=new_employer, role=Role.APPRENTICE
    )
    change = StatusChange(
        apprenticeship=current,
        kind=Kind.CHANGE_OF_EMPLOYER,
        effective_date=changes_on,
        previous_employer=current.employer,
        new_employer=new_employer,
        reason=reason.strip(),
        recorded_by=recorded_by,
    )
    current.employer = new_employer
    return _record(current, new_status=current.status, change=change, fields=["employer"])
