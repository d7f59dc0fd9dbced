"""Raising a safeguarding concern and the safeguarding lead's casework on it.

Every action is one transaction on a locked concern; every change to a concern adds a line
to its chronology with who recorded it and when. Nothing recorded is edited or deleted.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.mentoring.rules import normalise_learner_ref, refuse_learner_ref
from trellis.notices.services import notify
from trellis.organisations.models import User
from trellis.organisations.roles import ROLE_LABELS, Role
from trellis.organisations.selectors import roles_for_user
from trellis.portfolio import files
from trellis.reviews.models import ProgressReview
from trellis.safeguarding import access, rules
from trellis.safeguarding.models import (
    AgencyReferral,
    Concern,
    ConcernEvent,
    ConcernFile,
    SharedNote,
)
from trellis.uploads import check_upload, sha256_of
from trellis.wording import day_label


@dataclass(frozen=True)
class ConcernDetails:
    """What the person raising a concern tells the safeguarding lead."""

    category: str
    account: str
    happened_on: date
    immediate_risk: bool
    subject: str = Concern.Subject.APPRENTICE
    learner_ref: str = ""
    happened_at_time: time | None = None
    action_taken: str = ""


@dataclass(frozen=True)
class RaiseReceipt:
    """What the person who raised a concern is told: its reference and who was told."""

    concern: Concern
    told_leads: bool


def _detail_problems(details: ConcernDetails, *, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if details.category not in Concern.Category.values:
        errors["category"] = "Choose what kind of concern this is."
    if details.subject not in Concern.Subject.values:
        errors["subject"] = "Choose who the concern is about."
    elif details.subject == Concern.Subject.MENTORED_LEARNER:
        problem = refuse_learner_ref(details.learner_ref)
        if problem:
            errors["learner_ref"] = problem
    if not details.account.strip():
        errors["account"] = "Write what was seen or said, in the person's own words where you can."
    else:
        problem = rules.refuse_text(
            details.account, what="what was seen or said", limit=rules.MAX_ACCOUNT_CHARS
        )
        if problem:
            errors["account"] = problem
    problem = rules.refuse_happened_on(details.happened_on, today=today)
    if problem:
        errors["happened_on"] = problem
    if len(details.action_taken) > rules.MAX_ACCOUNT_CHARS:
        errors["action_taken"] = (
            f"Keep what has been done to {rules.MAX_ACCOUNT_CHARS:,} characters: it has "
            f"{len(details.action_taken):,}."
        )
    return errors


def role_label_for(user: User, apprenticeship: Apprenticeship) -> str:
    """Name the part this person has in the apprenticeship, as the chronology shows it."""
    if apprenticeship.apprentice_id == user.pk:
        return ROLE_LABELS[Role.APPRENTICE]
    if apprenticeship.consultant_id == user.pk:
        return ROLE_LABELS[Role.CONSULTANT]
    held = roles_for_user(user).held
    employer_contact_at = {i.organisation_id for i in held if i.role == Role.EMPLOYER_CONTACT}
    if apprenticeship.employer_id in employer_contact_at:
        return ROLE_LABELS[Role.EMPLOYER_CONTACT]
    for item in held:
        if item.organisation_id in (apprenticeship.provider_id, apprenticeship.epao_id):
            return ROLE_LABELS[item.role]
    return held[0].label if held else "Signed-in user"


def _store_file(concern: Concern, upload: UploadedFile, by: User, now: datetime) -> ConcernFile:
    """Keep the (already checked) upload with the concern. If saving its row fails the
    stored file is deleted here; if the caller's transaction fails later, the caller deletes
    it."""
    name = files.safe_name(upload.name)
    concern_file = ConcernFile(
        concern=concern,
        original_name=name,
        content_type=files.content_type_for(name),
        size=upload.size,
        sha256=sha256_of(upload),
        uploaded_by=by,
        uploaded_at=now,
    )
    concern_file.file.save(name, upload, save=False)
    try:
        concern_file.save()
    except BaseException:
        concern_file.file.storage.delete(concern_file.file.name)
        raise
    return concern_file


def _event(concern: Concern, kind: str, by: User, summary: str, **fields) -> ConcernEvent:
    now = timezone.now()
    return ConcernEvent.objects.create(
        concern=concern,
        kind=kind,
        occurred_at=fields.pop("occurred_at", now),
        summary=summary,
        recorded_by=by,
        recorded_at=now,
        **fields,
    )


def _moment_of(day: date) -> datetime:
    """Place something dated by the day only in the chronology: now if today, else midday."""
    if day >= timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(day, time(12)))


def _referral_moment(concern: Concern, referred_on: date) -> datetime:
    """Place a referral known by its day in the chronology; one made on the day the concern
    was raised comes after the raising, since it refers what was raised."""
    moment = _moment_of(referred_on)
    if referred_on == timezone.localdate(concern.raised_at):
        moment = max(moment, concern.raised_at)
    return moment


def _locked(concern: Concern) -> Concern:
    # of=("self",): PostgreSQL refuses to lock the nullable side of a join.
    return Concern.objects.select_for_update(of=("self",)).get(pk=concern.pk)


def _require_revision(concern: Concern, revision: int | None) -> None:
    if revision is not None and revision != concern.revision:
        raise ValidationError(
            {
                "revision": "Someone else has changed this case since you opened it. "
                "Reload the page to see their change, then try again."
            }
        )


def _bump(concern: Concern, *fields: str) -> None:
    concern.revision += 1
    concern.save(update_fields=[*fields, "revision"])


def _require_lead(user: User, concern: Concern) -> None:
    if concern.provider_id not in access.lead_provider_ids(user):
        raise Http404("No such concern.")


def _require_open(concern: Concern, doing: str) -> None:
    if not concern.is_open:
        raise ValidationError({"concern": f"This case is closed: reopen it to {doing}."})


def concern_raise(
    *,
    raised_by: User,
    apprenticeship: Apprenticeship,
    details: ConcernDetails,
    upload: UploadedFile | None = None,
    from_review: ProgressReview | None = None,
    notify_on_commit: bool = True,
) -> RaiseReceipt:
    """Record a concern and, once it is saved, tell the provider's safeguarding leads (or,
    if it has none, its admins) by email and in-app notice, exactly once. Only the demo,
    which records concerns as if raised in the past, passes `notify_on_commit=False`."""
    if not access.raisable_apprenticeships(raised_by).filter(pk=apprenticeship.pk).exists():
        raise PermissionDenied("You can raise a concern only about an apprentice you work with.")
    errors = _detail_problems(details, today=timezone.localdate())
    if upload is not None:
        try:
            check_upload(upload)
        except ValidationError as error:
            errors.update({key: value[0] for key, value in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    told_leads = access.safeguarding_leads_of(apprenticeship.provider_id).exists()
    now = timezone.now()
    stored = None
    try:
        with transaction.atomic():
            concern = Concern.objects.create(
                provider_id=apprenticeship.provider_id,
                apprenticeship=apprenticeship,
                subject=details.subject,
                learner_ref=(
                    normalise_learner_ref(details.learner_ref)
                    if details.subject == Concern.Subject.MENTORED_LEARNER
                    else ""
                ),
                category=details.category,
                account=details.account.strip(),
                happened_on=details.happened_on,
                happened_at_time=details.happened_at_time,
                immediate_risk=details.immediate_risk,
                action_taken=details.action_taken.strip(),
                raised_by=raised_by,
                raised_by_role=role_label_for(raised_by, apprenticeship),
                raised_at=now,
                raised_from_review=from_review,
                no_lead_when_raised=not told_leads,
                urgency=rules.urgency_when_raised(immediate_risk=details.immediate_risk),
            )
            source = " at a progress review" if from_review else ""
            _event(
                concern,
                ConcernEvent.Kind.RAISED,
                raised_by,
                f"Raised{source} by {raised_by.full_name} ({concern.raised_by_role})"
                + (", reporting immediate risk." if details.immediate_risk else "."),
                occurred_at=now,
            )
            if upload is not None:
                concern_file = _store_file(concern, upload, raised_by, now)
                stored = concern_file.file
                _event(
                    concern,
                    ConcernEvent.Kind.FILE_ADDED,
                    raised_by,
                    f"“{concern_file.original_name}” added when the concern was raised.",
                    occurred_at=now,
                )
            if notify_on_commit:
                transaction.on_commit(lambda: tell_of_new_concern(concern_id=concern.pk))
    except BaseException:
        if stored is not None:
            stored.storage.delete(stored.name)
        raise
    return RaiseReceipt(concern=concern, told_leads=told_leads)


def _case_url(concern: Concern) -> str:
    return reverse("safeguarding:concern", args=[concern.pk])


def tell_of_new_concern(*, concern_id: int) -> None:
    """Email and leave a notice for the provider's safeguarding leads; if it has none, for
    its admins, who cannot read the concern and are asked to appoint a lead. The email says
    nothing of the concern but its reference and urgency: email is not a safe place for it."""
    concern = Concern.objects.select_related("apprenticeship__apprentice", "provider").get(
        pk=concern_id
    )
    leads = list(access.safeguarding_leads_of(concern.provider_id))
    urgent = concern.immediate_risk
    flag = "URGENT: " if urgent else ""
    site = settings.SITE_URL.rstrip("/")
    if leads:
        link = site + _case_url(concern)
        send_mail(
            subject=f"{flag}Safeguarding concern {concern.reference} raised",
            message=(
                f"A safeguarding concern ({concern.reference}) was raised in Trellis at "
                f"{timezone.localtime(concern.raised_at):%H:%M on %d %B %Y}.\n"
                + ("The person who raised it reports an immediate risk.\n" if urgent else "")
                + f"\nRead it in Trellis (sign in first): {link}\n\n"
                "The details are in Trellis only; do not forward this email.\n"
            ),
            from_email=None,
            recipient_list=[lead.email for lead in leads],
        )
        notify(
            leads,
            title=(
                f"{'Urgent safeguarding concern' if urgent else 'New safeguarding concern'}: "
                f"{concern.apprenticeship.apprentice.full_name}"
            ),
            body=f"{concern.reference}, raised by {concern.raised_by.full_name} "
            f"({concern.raised_by_role})" + (", reporting immediate risk." if urgent else "."),
            url=_case_url(concern),
            urgent=urgent,
        )
        return
    admins = list(access.provider_admins_of(concern.provider_id))
    if not admins:
        return
    advice = (
        f"{concern.provider.name} has no safeguarding lead in Trellis, so you are told "
        "instead. Only a safeguarding lead can read a concern: appoint one now, so that "
        f"someone reads {concern.reference} and acts on it."
    )
    send_mail(
        subject=f"{flag}Safeguarding concern {concern.reference} raised: no safeguarding lead",
        message=(
            f"A safeguarding concern ({concern.reference}) was raised in Trellis at "
            f"{timezone.localtime(concern.raised_at):%H:%M on %d %B %Y}.\n"
            + ("The person who raised it reports an immediate risk.\n" if urgent else "")
            + f"\n{advice}\n"
        ),
        from_email=None,
        recipient_list=[admin.email for admin in admins],
    )
    notify(
        admins,
        title=f"Safeguarding concern {concern.reference} raised: no safeguarding lead",
        body=advice,
        urgent=urgent,
    )


def concern_triage(
    *, concern: Concern, by: User, urgency: str, assessment: str, revision: int | None = None
) -> Concern:
    """Give the concern its urgency, with the lead's assessment; triage again to change it."""
    _require_lead(by, concern)
    errors = {}
    if urgency not in Concern.Urgency.values:
        errors["urgency"] = "Choose how urgent this is: urgent, high, medium or low."
    problem = rules.refuse_text(
        assessment, what="your assessment of the concern", limit=rules.MAX_ENTRY_CHARS
    )
    if problem:
        errors["assessment"] = problem
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        concern = _locked(concern)
        _require_revision(concern, revision)
        _require_open(concern, "triage it")
        again = concern.triaged_at is not None
        concern.urgency = urgency
        concern.triaged_at = timezone.now()
        concern.triaged_by = by
        _bump(concern, "urgency", "triaged_at", "triaged_by")
        _event(
            concern,
            ConcernEvent.Kind.TRIAGED,
            by,
            f"{'Triaged again' if again else 'Triaged'}: "
            f"{Concern.Urgency(urgency).label.lower()} urgency. {assessment.strip()}",
        )
    return concern


def concern_add_entry(
    *,
    concern: Concern,
    by: User,
    kind: str,
    occurred_at: datetime,
    summary: str,
    contact_with: str = "",
    contact_method: str = "",
) -> ConcernEvent:
    """Add an action taken or a contact made to the chronology."""
    _require_lead(by, concern)
    errors = {}
    if kind not in (ConcernEvent.Kind.ACTION, ConcernEvent.Kind.CONTACT):
        errors["kind"] = "Choose whether this is an action taken or a contact made."
    # The day an entry falls on is the day where the provider is, whatever zone it came in.
    if timezone.is_naive(occurred_at):
        occurred_at = timezone.make_aware(occurred_at)
    occurred_at = timezone.localtime(occurred_at)
    problem = rules.refuse_entry_time(occurred_at, now=timezone.now(), earliest=concern.happened_on)
    if problem:
        errors["occurred_at"] = problem
    problem = rules.refuse_text(summary, what="what happened", limit=rules.MAX_ENTRY_CHARS)
    if problem:
        errors["summary"] = problem
    if kind == ConcernEvent.Kind.CONTACT:
        if not contact_with.strip():
            errors["contact_with"] = "Say who was contacted (a role or an organisation)."
        if contact_method not in ConcernEvent.ContactMethod.values:
            errors["contact_method"] = "Choose how the contact was made."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        concern = _locked(concern)
        _require_open(concern, "add to its chronology")
        event = _event(
            concern,
            kind,
            by,
            summary.strip(),
            occurred_at=occurred_at,
            contact_with=contact_with.strip() if kind == ConcernEvent.Kind.CONTACT else "",
            contact_method=contact_method if kind == ConcernEvent.Kind.CONTACT else "",
        )
        _bump(concern)
    return event


def concern_refer(
    *,
    concern: Concern,
    by: User,
    agency: str,
    agency_name: str,
    referred_on: date,
    agency_reference: str = "",
    summary: str = "",
) -> AgencyReferral:
    """Record a referral to an agency outside the provider (its reference may follow)."""
    _require_lead(by, concern)
    errors = {}
    if agency not in AgencyReferral.Agency.values:
        errors["agency"] = "Choose which kind of agency the concern was referred to."
    if not agency_name.strip():
        errors["agency_name"] = "Give the agency's name, such as “Leeds Children's Social Care”."
    problem = rules.refuse_referral_date(
        referred_on, today=timezone.localdate(), earliest=concern.happened_on
    )
    if problem:
        errors["referred_on"] = problem
    if len(summary) > rules.MAX_ENTRY_CHARS:
        errors["summary"] = f"Keep the note to {rules.MAX_ENTRY_CHARS:,} characters."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        concern = _locked(concern)
        _require_open(concern, "refer it")
        referral = AgencyReferral.objects.create(
            concern=concern,
            agency=agency,
            agency_name=agency_name.strip(),
            referred_on=referred_on,
            agency_reference=agency_reference.strip(),
            referred_by=by,
            recorded_at=timezone.now(),
        )
        reference = (
            f" Their reference: {referral.agency_reference}."
            if referral.agency_reference
            else " No reference from them yet."
        )
        note = f" {summary.strip()}" if summary.strip() else ""
        _event(
            concern,
            ConcernEvent.Kind.REFERRAL,
            by,
            f"Referred to {referral.agency_name} ({referral.get_agency_display()}) on "
            f"{day_label(referred_on)}.{reference}{note}",
            occurred_at=_referral_moment(concern, referred_on),
        )
        _bump(concern)
    return referral


def referral_record_reference(
    *, referral: AgencyReferral, by: User, agency_reference: str
) -> AgencyReferral:
    """Record the reference an agency gave, once it gives it."""
    concern = referral.concern
    _require_lead(by, concern)
    if not agency_reference.strip():
        raise ValidationError({"agency_reference": "Give the reference the agency gave you."})
    with transaction.atomic():
        concern = _locked(concern)
        _require_open(concern, "record the agency's reference")
        referral = AgencyReferral.objects.select_for_update().get(pk=referral.pk)
        previous = referral.agency_reference
        referral.agency_reference = agency_reference.strip()
        referral.save(update_fields=["agency_reference"])
        _event(
            concern,
            ConcernEvent.Kind.AGENCY_REFERENCE,
            by,
            f"{referral.agency_name} gave the reference {referral.agency_reference}"
            + (f" (it was recorded as {previous})." if previous else "."),
        )
        _bump(concern)
    return referral


def concern_share_note(
    *, concern: Concern, by: User, recipient: User, note: str, reason: str
) -> SharedNote:
    """Share one note with the apprentice's consultant or an employer contact, saying why
    they need to know. They are told it is there; they see the note and nothing else."""
    _require_lead(by, concern)
    errors = {}
    if not access.share_recipients(concern).filter(pk=recipient.pk).exists():
        errors["shared_with"] = (
            "Share a note only with the apprentice's training consultant or one of their "
            "employer's contacts."
        )
    problem = rules.refuse_text(note, what="the note to share", limit=rules.MAX_ENTRY_CHARS)
    if problem:
        errors["note"] = problem
    problem = rules.refuse_text(reason, what="why they need to know", limit=rules.MAX_ENTRY_CHARS)
    if problem:
        errors["reason"] = problem
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        concern = _locked(concern)
        _require_open(concern, "share a note from it")
        shared = SharedNote.objects.create(
            concern=concern,
            shared_with=recipient,
            note=note.strip(),
            reason=reason.strip(),
            shared_by=by,
            shared_at=timezone.now(),
        )
        _event(
            concern,
            ConcernEvent.Kind.NOTE_SHARED,
            by,
            f"Note shared with {recipient.full_name} "
            f"({role_label_for(recipient, concern.apprenticeship)}). "
            f"Why: {shared.reason}\nNote: {shared.note}",
        )
        _bump(concern)
        apprentice_name = concern.apprenticeship.apprentice.full_name
        transaction.on_commit(
            lambda: notify(
                [recipient],
                title=f"A safeguarding lead shared a note about {apprentice_name} with you",
                url=reverse("safeguarding:shared_note", args=[shared.pk]),
            )
        )
    return shared


def concern_file_add(*, concern: Concern, by: User, upload: UploadedFile) -> ConcernFile:
    _require_lead(by, concern)
    check_upload(upload)
    stored = None
    try:
        with transaction.atomic():
            concern = _locked(concern)
            _require_open(concern, "add a file")
            concern_file = _store_file(concern, upload, by, timezone.now())
            stored = concern_file.file
            _event(
                concern, ConcernEvent.Kind.FILE_ADDED, by, f"“{concern_file.original_name}” added."
            )
            _bump(concern)
    except BaseException:
        if stored is not None:
            stored.storage.delete(stored.name)
        raise
    return concern_file


def concern_close(
    *, concern: Concern, by: User, outcome: str, reason: str, revision: int | None = None
) -> Concern:
    """Close the case with its outcome and the reason it needs nothing more."""
    _require_lead(by, concern)
    errors = {}
    if outcome not in Concern.Outcome.values:
        errors["outcome"] = "Choose the outcome."
    problem = rules.refuse_text(reason, what="why the case can close", limit=rules.MAX_ENTRY_CHARS)
    if problem:
        errors["reason"] = problem
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        concern = _locked(concern)
        _require_revision(concern, revision)
        if not concern.is_open:
            raise ValidationError({"concern": "This case is already closed."})
        concern.status = Concern.Status.CLOSED
        concern.outcome = outcome
        concern.closure_reason = reason.strip()
        concern.closed_at = timezone.now()
        concern.closed_by = by
        _bump(concern, "status", "outcome", "closure_reason", "closed_at", "closed_by")
        _event(
            concern,
            ConcernEvent.Kind.CLOSED,
            by,
            f"Closed. Outcome: {concern.get_outcome_display()}. Why: {concern.closure_reason}",
        )
    return concern


def concern_reopen(
    *, concern: Concern, by: User, reason: str, revision: int | None = None
) -> Concern:
    """Reopen a closed case, saying why; the closing stays in the chronology."""
    _require_lead(by, concern)
    problem = rules.refuse_text(reason, what="why the case reopens", limit=rules.MAX_ENTRY_CHARS)
    if problem:
        raise ValidationError({"reason": problem})
    with transaction.atomic():
        concern = _locked(concern)
        _require_revision(concern, revision)
        if concern.is_open:
            raise ValidationError({"concern": "This case is open already."})
        concern.status = Concern.Status.OPEN
        concern.outcome = ""
        concern.closure_reason = ""
        concern.closed_at = None
        concern.closed_by = None
        _bump(concern, "status", "outcome", "closure_reason", "closed_at", "closed_by")
        _event(concern, ConcernEvent.Kind.REOPENED, by, f"Reopened. Why: {reason.strip()}")
    return concern
