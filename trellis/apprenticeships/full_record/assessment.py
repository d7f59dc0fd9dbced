"""The full record's sections on gateway and the end-point assessment."""

from django.db.models import Prefetch
from django.utils import timezone

from trellis.apprenticeships.full_record.blocks import (
    Block,
    Facts,
    Part,
    Section,
    Table,
    Text,
    day,
    moment_label,
    name,
    org,
)
from trellis.apprenticeships.models import Apprenticeship
from trellis.booking.models import Booking, DateRange, EpaDate
from trellis.epa.access import results_for_apprenticeship, sees_provisional
from trellis.epa.grading import grade_label
from trellis.epa.models import Assessment
from trellis.gateway.models import Declaration, GatewayAttempt
from trellis.gateway.readiness import SIGN_OFF_CODE
from trellis.gateway.selectors import attempts_of
from trellis.organisations.models import User

# --- Gateway ---------------------------------------------------------------------------------


def gateway_section(apprenticeship: Apprenticeship) -> Section:
    attempts = list(attempts_of(apprenticeship))
    if not attempts:
        return Section("Gateway", (Text("No gateway attempt has been started."),))
    return Section("Gateway", tuple(_attempt(attempt) for attempt in reversed(attempts)))


def _attempt(attempt: GatewayAttempt) -> Part:
    rows = [
        ("Status", attempt.get_status_display()),
        ("Started", moment_label(attempt.started_at)),
    ]
    if attempt.submitted_at:
        rows.append(
            (
                "Submitted",
                f"To {org(attempt.epao)} on {moment_label(attempt.submitted_at)} by "
                f"{name(attempt.submitted_by)}",
            )
        )
    if attempt.showcase_snapshot:
        rows.append(("Showcase", f"Showcase {attempt.showcase_snapshot.number}, as submitted"))
    if attempt.decided_at:
        decision = (
            f"{attempt.get_status_display()} on {moment_label(attempt.decided_at)} by "
            f"{name(attempt.decided_by)}"
        )
        rows.append(("Decision", decision))
        if attempt.decision_note:
            rows.append(("Note on the decision", attempt.decision_note))
    blocks: list[Block] = [Facts(rows=tuple(rows))]
    checks = [row for row in attempt.checklist if row.get("code") != SIGN_OFF_CODE]
    if checks:
        blocks.append(
            Table(
                title="Checklist as submitted",
                columns=("Requirement", "Met", "Detail"),
                rows=tuple(
                    (
                        row.get("title", ""),
                        _check_state(row),
                        row.get("detail", "")
                        + (
                            f"\nOverridden: {row['override_reason']}"
                            if row.get("override_reason")
                            else ""
                        ),
                    )
                    for row in checks
                ),
                widths=(0.38, 0.14, 0.48),
            )
        )
    blocks.append(
        Table(
            title="Declarations that the apprentice is competent and ready",
            columns=("Party", "Declared by", "When", "Statement"),
            rows=tuple(_declaration_row(d) for d in attempt.declarations.all()),
            widths=(0.16, 0.18, 0.18, 0.48),
            empty="No declarations yet.",
        )
    )
    overrides = list(attempt.overrides.all())
    if overrides:
        blocks.append(
            Table(
                title="Requirements overridden by a provider admin",
                columns=("Requirement", "Reason", "By"),
                rows=tuple(
                    (
                        o.requirement_title,
                        o.reason,
                        f"{o.overridden_by.full_name}, {moment_label(o.overridden_at)}",
                    )
                    for o in overrides
                ),
                widths=(0.3, 0.45, 0.25),
            )
        )
    reasons = list(attempt.return_reasons.all())
    if reasons:
        blocks.append(
            Table(
                title="Why the EPAO returned it",
                columns=("Requirement", "Reason"),
                rows=tuple((r.requirement_title, r.reason) for r in reasons),
                widths=(0.35, 0.65),
            )
        )
    return Part(f"Attempt {attempt.number}: {attempt.get_status_display()}", tuple(blocks))


def _check_state(row: dict) -> str:
    if row.get("met"):
        return "Met"
    return "Overridden" if row.get("override_reason") else "Not met"


def _declaration_row(declaration: Declaration) -> tuple[str, ...]:
    return (
        declaration.get_party_display(),
        declaration.declared_by.full_name,
        moment_label(declaration.declared_at),
        declaration.statement,
    )


# --- End-point assessment --------------------------------------------------------------------


def end_point_assessment_section(apprenticeship: Apprenticeship, *, reader: User) -> Section:
    bookings = (
        Booking.objects.filter(apprenticeship=apprenticeship)
        .select_related("epao", "assessor", "adviser")
        .prefetch_related(
            Prefetch("dates", EpaDate.objects.order_by("day", "starts_at", "pk")),
            Prefetch("date_ranges", DateRange.objects.order_by("-given_at", "-pk")),
        )
        .order_by("created_at", "pk")
    )
    blocks: list[Block | Part] = []
    for booking in bookings:
        blocks += _booking(booking)
    if not blocks:
        blocks.append(Text("No end-point assessment has been booked."))
    results = list(reversed(results_for_apprenticeship(reader, apprenticeship)))
    blocks += [_result(assessment) for assessment in results]
    if not results:
        blocks.append(
            Text(
                "No result yet: the grades appear here once the independent assessor "
                "finalises them."
                if sees_provisional(reader, apprenticeship)
                else "No result yet: the grade appears here once the end-point assessment "
                "organisation confirms it."
            )
        )
    return Section("End-point assessment", tuple(blocks))


def _booking(booking: Booking) -> list[Block]:
    offered = next(iter(booking.date_ranges.all()), None)
    rows = [
        ("Assessment organisation", booking.epao.name),
        ("Independent assessor", name(booking.assessor, "Not assigned yet")),
    ]
    if booking.adviser:
        rows.append(("Sector/specialist adviser", booking.adviser.full_name))
    rows.append(
        (
            "Dates the employer offered",
            f"{day(offered.available_from)} to {day(offered.available_until)}"
            if offered
            else "Not offered yet",
        )
    )
    return [
        Facts(rows=tuple(rows), title="Booking"),
        Table(
            title="Assessment days",
            columns=("Day", "Time", "What", "Where", "Status"),
            rows=tuple(
                (
                    day(epa_date.day),
                    f"{epa_date.starts_at:%H:%M} to {epa_date.ends_at:%H:%M}",
                    epa_date.activity,
                    epa_date.location,
                    epa_date.get_status_display()
                    + (f": {epa_date.change_reason}" if epa_date.change_reason else ""),
                )
                for epa_date in booking.dates.all()
            ),
            widths=(0.15, 0.15, 0.25, 0.25, 0.2),
            empty="No days booked yet.",
        ),
    ]


def _result(assessment: Assessment) -> Part:
    final = assessment.status == Assessment.Status.FINAL
    # The apprentice and employer read the assessor's grades until the EPAO confirms the
    # final one, as on the result page.
    result = assessment.final_result if final else assessment.provisional_result
    rows = [
        ("Attempt", f"{assessment.number} ({assessment.get_kind_display().lower()})"),
        (
            "Status",
            "Final"
            if final
            else "Provisional: the independent assessor's grades, subject to moderation",
        ),
        ("Overall grade", grade_label(result["grade"])),
    ]
    if result.get("methods"):
        rows.append(("Points", f"{result['points']} of {result['points_out_of']}"))
    if final:
        rows.append(("Confirmed", day(timezone.localdate(assessment.confirmed_at))))
        if assessment.achieved_on:
            rows.append(("Achievement date", day(assessment.achieved_on)))
        rows.append(("Appeals until", day(assessment.appeal_until)))
    notes = list(result.get("reasons", []))
    if result.get("capped"):
        notes.append("As a re-attempt, the grade is capped at Pass under the assessment plan.")
    blocks: list[Block] = [Facts(rows=tuple(rows))]
    if result.get("methods"):
        blocks.append(
            Table(
                title="Grades by method",
                columns=("Method", "Grade", "Points"),
                rows=tuple(
                    (method["name"], grade_label(method["grade"]), str(method["points"]))
                    for method in result["methods"].values()
                ),
                widths=(0.6, 0.25, 0.15),
            )
        )
    blocks += [Text(note) for note in notes]
    status = "final" if final else "provisional"
    return Part(
        f"Result of attempt {assessment.number}: {grade_label(result['grade'])} ({status})",
        tuple(blocks),
    )
