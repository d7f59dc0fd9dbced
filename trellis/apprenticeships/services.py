"""Writes for enrolment: every change to an apprenticeship goes through these functions."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.rules import planned_dates_problems
from trellis.caseload.services import caseload_summary_refresh
from trellis.organisations.models import Membership, Organisation, User
from trellis.organisations.roles import Role
from trellis.qualifications.rules import age_on
from trellis.standards.datafile import version_key
from trellis.standards.models import Standard, StandardVersion
from trellis.standards.start_dates import VersionWindow, uncovered_start_message, version_for_start


class ConcurrentEditError(Exception):
    """Someone else saved the record after this person opened it."""


@dataclass(frozen=True)
class EnrolmentDetails:
    """What a provider admin may set on an enrolment."""

    consultant: User | None
    epao: Organisation | None
    start_date: date
    planned_end_date: date
    entry_requirements: str
    entry_requirements_met: bool
    # The apprentice's; their age at the start decides whether English and maths are needed.
    date_of_birth: date | None = None
    contracted_weekly_hours: Decimal = Decimal("30")


# Apprenticeships in England start at 16 at the earliest; older than this is a typing mistake.
MINIMUM_AGE_AT_START = 16
MAXIMUM_AGE_AT_START = 90


def _problems_with(
    *,
    details: EnrolmentDetails,
    provider: Organisation,
    standard_version: StandardVersion,
) -> dict[str, str]:
    problems = planned_dates_problems(
        details.start_date,
        details.planned_end_date,
        minimum_duration_months=standard_version.minimum_duration_months,
    )
    if (
        details.consultant is not None
        and not Membership.objects.filter(
            user=details.consultant, organisation=provider, role=Role.CONSULTANT
        ).exists()
    ):
        problems["consultant"] = f"{details.consultant} is not a training consultant at {provider}."
    if details.epao is not None and details.epao.kind != Organisation.Kind.EPAO:
        problems["epao"] = f"{details.epao} is not an end-point assessment organisation."
    if details.date_of_birth is not None:
        age = age_on(details.date_of_birth, details.start_date)
        if age < MINIMUM_AGE_AT_START:
            problems["date_of_birth"] = (
                f"With this date of birth the apprentice would be {max(age, 0)} at the start: "
                f"apprentices must be at least {MINIMUM_AGE_AT_START}. Check the date."
            )
        elif age > MAXIMUM_AGE_AT_START:
            problems["date_of_birth"] = (
                f"With this date of birth the apprentice would be {age} at the start. "
                "Check the year."
            )
    return problems


def _tenths(hours: Decimal) -> Decimal:
    # Stored to one decimal place; 30 and 30.0 must compare equal, or the history shows a change.
    return Decimal(hours).quantize(Decimal("0.1"))


def _apprentice_date_of_birth_set(apprentice: User, date_of_birth: date | None) -> None:
    if apprentice.date_of_birth != date_of_birth:
        apprentice.date_of_birth = date_of_birth
        apprentice.save(update_fields=["date_of_birth"])


def _has_other_active_apprenticeship(
    *, apprentice: User, standard_version: StandardVersion, exclude_pk: int | None = None
) -> bool:
    others = Apprenticeship.objects.filter(
        apprentice=apprentice,
        standard_id=standard_version.standard_id,
        status__in=Apprenticeship.ACTIVE_STATUSES,
    )
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    return others.exists()


def standard_version_for_start(
    *, standard: Standard, start_date: date
) -> tuple[StandardVersion | None, str]:
    """Return the version approved for this start date, or None and why there is none."""
    versions = {version.version: version for version in standard.versions.all()}
    windows = [
        VersionWindow(
            version=version.version,
            version_key=version_key(version.version),
            earliest=version.earliest_start_date,
            latest=version.latest_start_date,
            approved=version.is_approved,
        )
        for version in versions.values()
    ]
    chosen = version_for_start(windows, start_date)
    if chosen is None:
        return None, uncovered_start_message(standard.reference, windows, start_date)
    version = versions[chosen.version]
    if not version.has_rules:
        return None, (
            f"{standard.reference} v{version.version} covers this start date, but its "
            "end-point assessment rules are not set yet, so no one can be enrolled on it."
        )
    return version, ""


@transaction.atomic
def apprenticeship_enrol(
    *,
    provider: Organisation,
    employer: Organisation,
    apprentice_email: str,
    apprentice_name: str,
    standard: Standard,
    details: EnrolmentDetails,
) -> Apprenticeship:
    """Enrol an apprentice on the version approved for their start date.

    Their sign-in and employer membership are created if they are new.
    """
    if employer.kind != Organisation.Kind.EMPLOYER:
        raise ValidationError({"employer": f"{employer} is not an employer."})
    standard_version, no_version = standard_version_for_start(
        standard=standard, start_date=details.start_date
    )
    if standard_version is None:
        raise ValidationError({"start_date": no_version})
    problems = _problems_with(details=details, provider=provider, standard_version=standard_version)
    apprentice = User.objects.filter(email__iexact=apprentice_email).first()
    if apprentice is not None and _has_other_active_apprenticeship(
        apprentice=apprentice, standard_version=standard_version
    ):
        problems["apprentice_email"] = (
            f"{apprentice} already has an active apprenticeship on "
            f"{standard_version.standard.reference}. Withdraw or complete it first."
        )
    if problems:
        raise ValidationError(problems)
    if apprentice is None:
        apprentice = User.objects.create_user(email=apprentice_email, full_name=apprentice_name)
    if details.date_of_birth is not None:
        _apprentice_date_of_birth_set(apprentice, details.date_of_birth)
    Membership.objects.get_or_create(user=apprentice, organisation=employer, role=Role.APPRENTICE)
    apprenticeship = Apprenticeship(
        apprentice=apprentice,
        employer=employer,
        provider=provider,
        standard=standard_version.standard,
        standard_version=standard_version,
        consultant=details.consultant,
        epao=details.epao,
        start_date=details.start_date,
        planned_end_date=details.planned_end_date,
        entry_requirements=details.entry_requirements,
        entry_requirements_met=details.entry_requirements_met,
        contracted_weekly_hours=_tenths(details.contracted_weekly_hours),
    )
    apprenticeship.full_clean()
    apprenticeship.save()
    caseload_summary_refresh(apprenticeship=apprenticeship)
    return apprenticeship


@transaction.atomic
def apprenticeship_update(
    *,
    apprenticeship: Apprenticeship,
    expected_revision: int,
    details: EnrolmentDetails,
    status: str,
) -> Apprenticeship:
    """Change an enrolment unless someone else changed it since `expected_revision`."""
    current = Apprenticeship.objects.select_for_update().get(pk=apprenticeship.pk)
    if current.revision != expected_revision:
        raise ConcurrentEditError(
            "Someone else changed this apprenticeship while you were editing it, so your "
            "changes have not been saved yet. Your entries are kept below: compare them with "
            "the current details, then save again."
        )
    standard_version = current.standard_version
    if details.start_date != current.start_date:
        standard_version, no_version = standard_version_for_start(
            standard=current.standard, start_date=details.start_date
        )
        if standard_version is None:
            raise ValidationError({"start_date": no_version})
    problems = _problems_with(
        details=details, provider=current.provider, standard_version=standard_version
    )
    if status in Apprenticeship.ACTIVE_STATUSES and _has_other_active_apprenticeship(
        apprentice=current.apprentice,
        standard_version=current.standard_version,
        exclude_pk=current.pk,
    ):
        problems["status"] = (
            f"{current.apprentice} already has another active apprenticeship on this standard."
        )
    if status not in Apprenticeship.Status.values:
        problems["status"] = "Choose a status from the list."
    if problems:
        raise ValidationError(problems)
    current.standard_version = standard_version
    current.consultant = details.consultant
    current.epao = details.epao
    current.start_date = details.start_date
    current.planned_end_date = details.planned_end_date
    current.entry_requirements = details.entry_requirements
    current.entry_requirements_met = details.entry_requirements_met
    current.contracted_weekly_hours = _tenths(details.contracted_weekly_hours)
    current.status = status
    current.revision = expected_revision + 1
    current.full_clean()
    current.save(
        update_fields=[
            "standard_version",
            "consultant",
            "epao",
            "start_date",
            "planned_end_date",
            "entry_requirements",
            "entry_requirements_met",
            "contracted_weekly_hours",
            "status",
            "revision",
            "updated_at",
        ]
    )
    _apprentice_date_of_birth_set(current.apprentice, details.date_of_birth)
    caseload_summary_refresh(apprenticeship=current)
    return current
