"""Demo records for this part of the apprenticeship record, dated relative to today."""

from collections.abc import Sequence
from datetime import date, timedelta

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.services import EnrolmentDetails, apprenticeship_update
from trellis.apprenticeships.status_changes import (
    apprenticeship_break_start,
    apprenticeship_withdraw,
)

Status = Apprenticeship.Status

# Ages at the start, in the order of the demo apprentices: mostly adults, two aged 16 to 18,
# and one (None) whose date of birth is not yet recorded, so the prompt for it shows.
AGES_AT_START = (34, 17, 41, 28, None, 18, 45, 31, 26, 39, 50, 23, 36, 29, 44, 33, 27, 48, 38,
                 25, 42, 30, 55, 37, 40, 46)  # fmt: skip

# Breaks and withdrawals: (weeks before today, expected return in weeks after today, reason).
BREAKS = (
    (3, 9, "Long-term illness: signed off by her GP for three months."),
    (6, 4, "Parental leave."),
)
WITHDRAWALS = (
    (5, "Left the care sector for a job in retail."),
    (8, "Moved away from the area and could not continue with the employer."),
)


def _date_of_birth(start: date, age: int, number: int) -> date:
    """Return a birthday that makes the apprentice `age` on their start date."""
    return date(start.year - age, start.month, 1) - timedelta(days=number * 11 % 300)


def demo_seed_records(*, apprenticeships: Sequence[Apprenticeship], today: date) -> None:
    """Add dates of birth, and the breaks and withdrawals behind the demo statuses."""
    for number, (apprenticeship, age) in enumerate(
        zip(apprenticeships, AGES_AT_START, strict=False), start=1
    ):
        if age is None:
            continue
        apprenticeship_update(
            apprenticeship=apprenticeship,
            expected_revision=apprenticeship.revision,
            details=EnrolmentDetails(
                consultant=apprenticeship.consultant,
                epao=apprenticeship.epao,
                start_date=apprenticeship.start_date,
                planned_end_date=apprenticeship.planned_end_date,
                entry_requirements=apprenticeship.entry_requirements,
                entry_requirements_met=apprenticeship.entry_requirements_met,
                date_of_birth=_date_of_birth(apprenticeship.start_date, age, number),
                contracted_weekly_hours=apprenticeship.contracted_weekly_hours,
            ),
            status=apprenticeship.status,
        )
    on_break = [a for a in apprenticeships if a.status == Status.BREAK_IN_LEARNING]
    withdrawn = [a for a in apprenticeships if a.status == Status.WITHDRAWN]
    # Enrolment set these statuses directly; record them again through the status changes so
    # that each has its dated record of who and why.
    Apprenticeship.objects.filter(pk__in=[a.pk for a in on_break + withdrawn]).update(
        status=Status.ON_PROGRAMME
    )
    for apprenticeship, (weeks_ago, weeks_to_return, reason) in zip(on_break, BREAKS, strict=False):
        apprenticeship.refresh_from_db()
        apprenticeship_break_start(
            apprenticeship=apprenticeship,
            starts_on=today - timedelta(weeks=weeks_ago),
            expected_return_on=today + timedelta(weeks=weeks_to_return),
            reason=reason,
            recorded_by=apprenticeship.consultant,
        )
    for apprenticeship, (weeks_ago, reason) in zip(withdrawn, WITHDRAWALS, strict=False):
        apprenticeship.refresh_from_db()
        apprenticeship_withdraw(
            apprenticeship=apprenticeship,
            last_learning_on=today - timedelta(weeks=weeks_ago),
            reason=reason,
            recorded_by=apprenticeship.consultant,
        )
    for apprenticeship in apprenticeships:
        apprenticeship.refresh_from_db()
