"""The full record's cover and its section on enrolment and status history."""

from datetime import datetime

from trellis.apprenticeships.full_record.blocks import (
    NONE,
    Facts,
    Section,
    Table,
    day,
    moment_label,
    name,
    org,
)
from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.status_changes import status_history
from trellis.organisations.models import User
from trellis.otj.rules import hours_label


def cover(apprenticeship: Apprenticeship, *, reader: User, now: datetime) -> Facts:
    rows = [
        ("Apprentice", apprenticeship.apprentice.full_name),
        ("Standard", _standard(apprenticeship)),
        ("Employer", apprenticeship.employer.name),
        ("Training provider", apprenticeship.provider.name),
        ("Training consultant", name(apprenticeship.consultant, "Not yet assigned")),
        ("End-point assessment organisation", _epao(apprenticeship)),
        ("Start date", day(apprenticeship.start_date)),
        ("Planned end date", day(apprenticeship.planned_end_date)),
    ]
    if apprenticeship.gateway_date:
        rows.append(("Gateway date", day(apprenticeship.gateway_date)))
    rows += [
        ("Status", apprenticeship.get_status_display()),
        ("Produced", f"{moment_label(now)} by {reader.full_name}"),
    ]
    return Facts(rows=tuple(rows))


def _standard(apprenticeship: Apprenticeship) -> str:
    version = apprenticeship.standard_version
    standard = version.standard
    return (
        f"{standard.reference} {standard.title}, level {standard.level}, version {version.version}"
    )


def _epao(apprenticeship: Apprenticeship) -> str:
    epao = apprenticeship.epao
    if epao is None:
        return "Not yet chosen"
    return f"{epao.name} ({epao.epao_id})" if epao.epao_id else epao.name


def enrolment_section(apprenticeship: Apprenticeship) -> Section:
    apprentice = apprenticeship.apprentice
    enrolment = Facts(
        rows=(
            ("Apprentice", apprentice.full_name),
            ("Email address", apprentice.email),
            ("Date of birth", day(apprentice.date_of_birth)),
            ("Employer", apprenticeship.employer.name),
            ("Training provider", apprenticeship.provider.name),
            ("Training consultant", name(apprenticeship.consultant, "Not yet assigned")),
            ("Standard", _standard(apprenticeship)),
            ("Start date", day(apprenticeship.start_date)),
            ("Planned end date", day(apprenticeship.planned_end_date)),
            ("Contracted hours a week", hours_label(apprenticeship.contracted_weekly_hours)),
            ("End-point assessment organisation", _epao(apprenticeship)),
            ("Employer's entry requirements", apprenticeship.entry_requirements or "None recorded"),
            (
                "Entry requirements met",
                "Met" if apprenticeship.entry_requirements_met else "Not confirmed as met",
            ),
        ),
        title="Enrolment",
    )
    rows = []
    for change in reversed(status_history(apprenticeship)):
        details = []
        if change.previous_employer or change.new_employer:
            details.append(f"From {org(change.previous_employer)} to {org(change.new_employer)}.")
        if change.expected_return_date:
            details.append(f"Expected back {day(change.expected_return_date)}.")
        if change.reason:
            details.append(change.reason)
        rows.append(
            (
                day(change.effective_date),
                change.get_kind_display(),
                "\n".join(details) or NONE,
                f"{change.recorded_by.full_name}, {moment_label(change.recorded_at)}",
            )
        )
    history = Table(
        title="Status history",
        columns=("From", "Change", "Details", "Recorded by"),
        rows=tuple(rows),
        widths=(0.15, 0.2, 0.4, 0.25),
        empty="No breaks, withdrawals or changes of employer have been recorded.",
    )
    return Section("Enrolment and status history", (enrolment, history))
