"""The full record's sections on the programme: plan, reviews, off-the-job, qualifications."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from trellis.apprenticeships.full_record.blocks import (
    NONE,
    Block,
    Facts,
    Part,
    Section,
    Table,
    Text,
    codes,
    day,
    hours,
    moment_label,
    name,
    org,
)
from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.parties import SIGNING_PARTIES, Party
from trellis.otj.models import OtjEntry
from trellis.otj.rules import hours_label
from trellis.otj.selectors import ledger_summary
from trellis.plans.selectors import plan_version_get, plan_versions, signing_state
from trellis.qualifications.selectors import qualifications_overview
from trellis.reviews.models import KsbProgress, ProgressReview
from trellis.reviews.selectors import parties_still_to_sign, review_schedule, reviews_for

# --- Training plan ---------------------------------------------------------------------------


def training_plan_section(apprenticeship: Apprenticeship) -> Section:
    title = "Training plan"
    versions = plan_versions(apprenticeship)
    agreed = next((v for v in versions if signing_state(v).agreed), None)
    if agreed is None:
        waiting = f" Version {versions[0].number} is waiting for signatures." if versions else ""
        return Section(
            title, (Text("No version of the plan has been agreed by all three parties." + waiting),)
        )
    version = plan_version_get(apprenticeship, agreed.number)
    state = signing_state(version)
    blocks: list[Block] = []
    newer = [v.number for v in versions if v.number > version.number]
    if newer:
        blocks.append(
            Text(
                f"Version {max(newer)} is waiting for signatures; until all three sign it, "
                f"version {version.number} below is the agreed plan."
            )
        )
    activities = list(version.activities.all())
    blocks.append(
        Facts(
            rows=(
                ("Version", f"{version.number}, agreed {day(_agreed_on(state))}"),
                ("End-point assessment organisation", org(version.epao)),
                ("Planned off-the-job hours", hours(_planned_total(activities))),
                ("What changed", version.change_summary or NONE),
            ),
        )
    )
    blocks.append(
        Table(
            title="Activities",
            columns=("Activity", "Kind", "When", "KSBs", "Planned hours", "Status"),
            rows=tuple(
                (
                    activity.title,
                    activity.get_kind_display(),
                    f"{day(activity.planned_start)} to {day(activity.planned_end)}",
                    codes(activity.ksbs.all()),
                    hours_label(activity.planned_otj_hours),
                    activity.get_status_display(),
                )
                for activity in activities
            ),
            widths=(0.27, 0.13, 0.2, 0.17, 0.11, 0.12),
            empty="The plan has no activities.",
        )
    )
    blocks.append(
        Table(
            title="Signatures",
            columns=("Party", "Signed by", "When"),
            rows=tuple(
                (
                    signature.get_party_display(),
                    signature.signed_by.full_name,
                    moment_label(signature.signed_at),
                )
                for signature in state.signatures
            ),
            widths=(0.3, 0.4, 0.3),
        )
    )
    return Section(title, tuple(blocks))


def _agreed_on(state) -> date | None:
    moments = [signature.signed_at for signature in state.signatures]
    return timezone.localdate(max(moments)) if moments else None


def _planned_total(activities) -> Decimal:
    return sum((activity.planned_otj_hours for activity in activities), Decimal(0))


# --- Progress reviews ------------------------------------------------------------------------


def progress_reviews_section(apprenticeship: Apprenticeship) -> Section:
    schedule = review_schedule(apprenticeship)
    reviews = list(reviews_for(apprenticeship))
    blocks: list[Block | Part] = [
        Facts(
            rows=(
                ("Last review held", day(schedule.last_review_on)),
                ("Next review due", day(schedule.next_due) if schedule.next_due else "None due"),
            ),
        )
    ]
    if not reviews:
        blocks.append(Text("No reviews have been recorded yet."))
    blocks += [_review(review) for review in reversed(reviews)]
    return Section("Progress reviews", tuple(blocks))


def _review(review: ProgressReview) -> Part:
    # The well-being check is left out: what it found lives in a safeguarding concern, and
    # even that concerns were raised must not leave the safeguarding lead's hands this way.
    title = f"Review held {day(review.held_on)}"
    if review.corrects:
        title = f"Correction of the review held {day(review.corrects.held_on)}"
    rows = [
        ("Held", f"{day(review.held_on)}, {review.get_mode_display().lower()}"),
        ("Was due", day(review.due_date)),
        ("Recorded by", review.recorded_by.full_name),
        ("Signatures", _review_signatures(review)),
    ]
    if review.corrects:
        rows.append(("Why it was corrected", review.correction_reason))
    for correction in review.corrections.all():
        rows.append(
            (
                "Corrected",
                f"By a correction recorded {moment_label(correction.created_at)}"
                + ("" if correction.is_locked else ", still awaiting signatures")
                + f". Reason: {correction.correction_reason}",
            )
        )
    rows += [
        ("Training since the last review", review.training_since or "None recorded"),
        ("Off-the-job hours since", hours(review.otj_hours_since)),
        ("Coaching given", review.coaching or "None recorded"),
        ("Next review", day(review.next_review_date)),
    ]
    progress = _ksb_progress(review)
    blocks: list[Block] = [Facts(rows=tuple(rows))]
    if progress:
        blocks.append(Facts(rows=progress, title="Progress on the KSBs"))
    follow_ups = list(review.follow_ups.all())
    if follow_ups:
        blocks.append(
            Table(
                title="Next steps from the review before",
                columns=("Next step", "Done", "Note"),
                rows=tuple(
                    (row.next_step.description, "Done" if row.done else "Not done", row.note)
                    for row in follow_ups
                ),
                widths=(0.5, 0.15, 0.35),
            )
        )
    blocks.append(
        Table(
            title="Next steps agreed",
            columns=("Next step", "Owner", "Due by"),
            rows=tuple(
                (step.description, step.get_owner_display(), day(step.due_date))
                for step in review.next_steps.all()
            ),
            widths=(0.6, 0.22, 0.18),
            empty="None agreed.",
        )
    )
    return Part(title, tuple(blocks))


def _review_signatures(review: ProgressReview) -> str:
    signed = sorted(review.signatures.all(), key=lambda s: SIGNING_PARTIES.index(Party(s.party)))
    lines = [
        f"{s.get_party_display()}: {s.signed_by.full_name}, {moment_label(s.signed_at)}"
        for s in signed
    ]
    if review.is_locked:
        lines.append(f"Signed by all three and locked {moment_label(review.locked_at)}.")
    else:
        waiting = ", ".join(party.label.lower() for party in parties_still_to_sign(review))
        lines.append(f"Awaiting: {waiting}.")
    return "\n".join(lines)


def _ksb_progress(review: ProgressReview) -> tuple[tuple[str, str], ...]:
    by_rating: dict[str, list[str]] = {}
    for row in review.ksb_progress.all():
        by_rating.setdefault(row.rating, []).append(row.ksb.code)
    return tuple(
        (rating.label, ", ".join(by_rating[rating.value]))
        for rating in reversed(KsbProgress.Rating)
        if by_rating.get(rating.value)
    )


# --- Off-the-job hours -----------------------------------------------------------------------


def off_the_job_section(apprenticeship: Apprenticeship, *, today: date) -> Section:
    summary = ledger_summary(apprenticeship, today=today)
    required = summary.required
    rows = [("Required", f"{hours(required.hours)}. {required.method}".strip())]
    if required.reduction is not None:
        rows.append(
            (
                "Reduced for prior learning",
                f"{hours(required.reduction.hours)}: {required.reduction.reason}",
            )
        )
    rows += [
        ("Planned on the training plan", hours(summary.planned)),
        ("Confirmed", hours(summary.actual)),
        ("Awaiting confirmation", hours(summary.awaiting)),
    ]
    if summary.stopped:
        rows.append(("Stopped", summary.stopped))
    else:
        rows.append((f"Expected by {day(today)}", hours(summary.expected)))
    if summary.forecast is not None and not summary.stopped:
        rows.append(("Forecast by the planned end, at this pace", hours(summary.forecast)))
    if summary.behind:
        rows.append(("Behind", summary.behind))
    entries = (
        OtjEntry.objects.filter(apprenticeship=apprenticeship, status=OtjEntry.Status.CONFIRMED)
        .select_related("activity", "logged_by", "decided_by")
        .prefetch_related("ksbs")
        .order_by("date", "start_time", "pk")
    )
    table = Table(
        title="Confirmed entries",
        columns=("Date", "Hours", "What was done", "KSBs", "Logged and confirmed by"),
        rows=tuple(
            (
                day(entry.date),
                hours_label(entry.hours),
                _entry_words(entry),
                codes(entry.ksbs.all()),
                f"{entry.logged_by.full_name}; {name(entry.decided_by)}",
            )
            for entry in entries
        ),
        widths=(0.13, 0.08, 0.44, 0.13, 0.22),
        empty="No off-the-job hours have been confirmed yet.",
    )
    return Section("Off-the-job hours", (Facts(rows=tuple(rows)), table))


def _entry_words(entry: OtjEntry) -> str:
    kind = entry.activity.title if entry.activity else entry.get_kind_display()
    return f"{kind}: {entry.description}"


# --- Qualifications --------------------------------------------------------------------------


def qualifications_section(apprenticeship: Apprenticeship) -> Section:
    overview = qualifications_overview(apprenticeship)
    outstanding = overview.outstanding
    safeguarding = overview.safeguarding
    safeguarding_rows = [("Status", "Achieved" if overview.safeguarding_achieved else "Required")]
    if safeguarding is not None:
        safeguarding_rows += [
            ("Date achieved", day(safeguarding.achieved_on)),
            ("Certificate number", safeguarding.certificate_reference or NONE),
        ]
    if overview.age_at_start is None:
        age = (
            "The apprentice's date of birth is not recorded, so their age at the start is unknown."
        )
    else:
        age = f"Aged {overview.age_at_start} on the start date, {day(apprenticeship.start_date)}."
    blocks: tuple[Block, ...] = (
        Text(
            "Still needed before gateway: " + "; ".join(outstanding) + "."
            if outstanding
            else "Nothing outstanding: every qualification needed before gateway is achieved "
            "or not needed."
        ),
        Facts(rows=tuple(safeguarding_rows), title="Level 1 Safeguarding"),
        Text(age),
        Table(
            title="English and maths",
            columns=("Subject", "Status", "Why", "Prior GCSE", "Functional Skills level 2"),
            rows=tuple(_subject_row(view) for view in overview.subjects),
            widths=(0.11, 0.14, 0.4, 0.12, 0.23),
        ),
        Table(
            title="Qualifications the employer asks for",
            columns=("Qualification", "Awarding body", "Result", "Date"),
            rows=tuple(
                (q.title, q.awarding_body or NONE, q.get_result_display(), day(q.achieved_on))
                for q in overview.additional
            ),
            widths=(0.4, 0.25, 0.18, 0.17),
        ),
    )
    return Section("Qualifications", blocks)


def _subject_row(view) -> tuple[str, ...]:
    record = view.record
    grade = f"Grade {record.prior_gcse_grade}" if record and record.prior_gcse_grade else NONE
    result = "Not taken yet"
    if record is not None:
        result = record.get_functional_skills_level_2_result_display()
        if record.functional_skills_level_2_date:
            result += f", {day(record.functional_skills_level_2_date)}"
    return (view.label, view.status.label, view.status.reason, grade, result)
