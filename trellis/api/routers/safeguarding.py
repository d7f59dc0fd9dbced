"""Safeguarding concerns over the API, under the same rules as the pages.

Anyone with a token raises a concern about an apprentice they have a part in, and sees only
the reference and status of what they raised. A concern's detail is for its provider's
safeguarding leads only: to everyone else, every concern endpoint answers 404, whatever the
id. Every read of a concern (a line in the list, the case, a file) goes into the audit
trail. A person a lead shared a note with reads that note and nothing else of the concern.
"""

from datetime import date, datetime, time
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from trellis.api.schemas import ErrorOut
from trellis.downloads import file_response
from trellis.organisations.models import User
from trellis.safeguarding import access, reads
from trellis.safeguarding.models import (
    AgencyReferral,
    Concern,
    ConcernEvent,
    ConcernFile,
    SharedNote,
)
from trellis.safeguarding.reads import ReadOf
from trellis.safeguarding.services import (
    ConcernDetails,
    concern_add_entry,
    concern_close,
    concern_raise,
    concern_refer,
    concern_reopen,
    concern_share_note,
    concern_triage,
    referral_record_reference,
)
from trellis.wording import day_label

router = Router(tags=["safeguarding"])
CONCERNS = "/safeguarding/concerns"
CONCERN = CONCERNS + "/{concern_id}"
NOTES = "/safeguarding/shared-notes"
# No 403: what a person may not do to a concern is answered as if it did not exist.
ERRORS = {404: ErrorOut, 422: ErrorOut}
EntryKind = Literal["action", "contact"]
# Literals, not enums: the names of enums clash in the OpenAPI document.
Subject = Literal[tuple(Concern.Subject.values)]
Category = Literal[tuple(Concern.Category.values)]
ConcernStatus = Literal[tuple(Concern.Status.values)]
Urgency = Literal[tuple(Concern.Urgency.values)]
Outcome = Literal[tuple(Concern.Outcome.values)]
EventKind = Literal[tuple(ConcernEvent.Kind.values)]
ContactMethod = Literal[tuple(ConcernEvent.ContactMethod.values)]
Agency = Literal[tuple(AgencyReferral.Agency.values)]


# What the person who raised a concern is told.


class RaiseIn(Schema):
    apprenticeship_id: int
    subject: Subject = "apprentice"
    learner_ref: str = Field(
        "", description="For a learner the apprentice mentors: their reference, never a name."
    )
    category: Category
    account: str = Field(description="What was seen or said, in the person's own words.")
    happened_on: date
    happened_at_time: time | None = None
    immediate_risk: bool
    action_taken: str = Field("", description="What has been done already.")


class RaisedOut(Schema):
    reference: str
    status: ConcernStatus
    raised_at: datetime
    told_leads: bool = Field(
        description="False when the provider has no safeguarding lead, so its admins were "
        "told instead: phone the provider as well."
    )


class RaisedRowOut(Schema):
    reference: str
    apprenticeship_id: int
    raised_at: datetime
    status: ConcernStatus


# What the provider's safeguarding leads read.


class ConcernRowOut(Schema):
    id: int
    reference: str
    apprenticeship_id: int
    apprentice: str = Field(validation_alias="apprenticeship.apprentice.full_name")
    category: Category
    immediate_risk: bool
    urgency: str = Field(description="Empty until triaged, unless raised with immediate risk.")
    status: ConcernStatus
    raised_at: datetime
    triaged_at: datetime | None
    closed_at: datetime | None


class ConcernEventOut(Schema):
    id: int
    kind: EventKind
    occurred_at: datetime
    summary: str
    contact_with: str
    contact_method: str
    recorded_by: str = Field(validation_alias="recorded_by.full_name")
    recorded_at: datetime


class ReferralOut(Schema):
    id: int
    agency: Agency
    agency_name: str
    referred_on: date
    agency_reference: str
    referred_by: str = Field(validation_alias="referred_by.full_name")
    recorded_at: datetime


class SharedNoteOut(Schema):
    id: int
    shared_with_id: int
    shared_with: str = Field(validation_alias="shared_with.full_name")
    note: str
    reason: str
    shared_by: str = Field(validation_alias="shared_by.full_name")
    shared_at: datetime


class ConcernFileOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: str = Field(validation_alias="uploaded_by.full_name")
    uploaded_at: datetime
    download: str = Field(description="The path to download the file.")

    @staticmethod
    def resolve_download(concern_file: ConcernFile) -> str:
        return f"/api/v1{CONCERNS}/{concern_file.concern_id}/files/{concern_file.pk}"


class ConcernOut(ConcernRowOut):
    provider_id: int
    subject: Subject
    learner_ref: str
    account: str
    happened_on: date
    happened_at_time: time | None
    action_taken: str
    raised_by: str = Field(validation_alias="raised_by.full_name")
    raised_by_role: str
    raised_from_review_id: int | None
    no_lead_when_raised: bool
    triaged_by: str | None
    outcome: str
    closure_reason: str
    closed_by: str | None
    revision: int = Field(description="Send it back with triage, close and reopen.")
    events: list[ConcernEventOut]
    referrals: list[ReferralOut]
    shared_notes: list[SharedNoteOut]
    files: list[ConcernFileOut]

    @staticmethod
    def resolve_triaged_by(concern: Concern) -> str | None:
        return concern.triaged_by.full_name if concern.triaged_by else None

    @staticmethod
    def resolve_closed_by(concern: Concern) -> str | None:
        return concern.closed_by.full_name if concern.closed_by else None

    @staticmethod
    def resolve_events(concern: Concern):
        return list(concern.events.select_related("recorded_by"))

    @staticmethod
    def resolve_referrals(concern: Concern):
        return list(concern.referrals.select_related("referred_by"))

    @staticmethod
    def resolve_shared_notes(concern: Concern):
        return list(concern.shared_notes.select_related("shared_with", "shared_by"))

    @staticmethod
    def resolve_files(concern: Concern):
        return list(concern.files.select_related("uploaded_by"))


class ConcernReadOut(Schema):
    when: datetime
    who: str
    what: str


class ConcernFilters(Schema):
    status: ConcernStatus | None = None


class ConcernTriageIn(Schema):
    urgency: Urgency
    assessment: str
    revision: int | None = Field(None, description="The revision you read; omit to skip.")


class ChronologyEntryIn(Schema):
    kind: EntryKind
    occurred_at: datetime
    summary: str
    contact_with: str = Field("", description="For a contact: who (a role or organisation).")
    contact_method: ContactMethod | Literal[""] = Field(
        "", description="For a contact: how it was made."
    )


class ReferralIn(Schema):
    agency: Agency
    agency_name: str
    referred_on: date
    agency_reference: str = Field("", description="If the agency has given one yet.")
    summary: str = ""


class AgencyReferenceIn(Schema):
    agency_reference: str


class ShareNoteIn(Schema):
    shared_with_id: int = Field(
        description="The apprentice's training consultant or one of their employer's contacts."
    )
    note: str
    reason: str = Field(description="Why they need to know.")


class ConcernCloseIn(Schema):
    outcome: Outcome
    reason: str
    revision: int | None = None


class ConcernReopenIn(Schema):
    reason: str
    revision: int | None = None


# What a person a lead shared a note with reads.


class SharedNoteRowOut(Schema):
    id: int
    apprenticeship_id: int = Field(validation_alias="concern.apprenticeship_id")
    apprentice: str = Field(validation_alias="concern.apprenticeship.apprentice.full_name")
    shared_by: str = Field(validation_alias="shared_by.full_name")
    shared_at: datetime


class SharedNoteReadOut(SharedNoteRowOut):
    note: str
    reason: str = Field(description="Why the safeguarding lead shared it with you.")


def _concern(request: HttpRequest, concern_id: int) -> Concern:
    return access.get_concern_for_lead(request.auth, concern_id)


def _read(request: HttpRequest, concern_id: int) -> Concern:
    """Return the concern, freshly read, and record the read."""
    concern = _concern(request, concern_id)
    reads.record_read(concern, reader=request.auth, part=ReadOf.API)
    return concern


@router.post(CONCERNS, response={201: RaisedOut, **ERRORS})
def concern_raise_endpoint(request: HttpRequest, payload: RaiseIn):
    """Raise a concern about an apprentice you have a part in, or a learner they mentor. The
    provider's safeguarding leads are told. If you believe someone is in immediate danger,
    call 999 first."""
    apprenticeship = access.get_apprenticeship_to_raise_about(
        request.auth, payload.apprenticeship_id
    )
    try:
        receipt = concern_raise(
            raised_by=request.auth,
            apprenticeship=apprenticeship,
            details=ConcernDetails(**payload.dict(exclude={"apprenticeship_id"})),
        )
    except PermissionDenied:
        # For concerns, what a person may not do is answered as if it did not exist.
        raise Http404("No such apprenticeship.") from None
    concern = receipt.concern
    return Status(
        201,
        {
            "reference": concern.reference,
            "status": concern.status,
            "raised_at": concern.raised_at,
            "told_leads": receipt.told_leads,
        },
    )


@router.get(f"{CONCERNS}/raised", response={200: list[RaisedRowOut]})
def concerns_raised(request: HttpRequest):
    """The concerns you raised: their reference, when, and whether they are open."""
    return list(access.concerns_raised_by(request.auth))


@router.get(CONCERNS, response={200: list[ConcernRowOut]})
def concern_list(request: HttpRequest, filters: Query[ConcernFilters]):
    """The concerns of the providers where you are a safeguarding lead (none otherwise),
    newest first. Each line listed is recorded as read."""
    concerns = access.concerns_visible_to(request.auth)
    if filters.status:
        concerns = concerns.filter(status=filters.status)
    rows = list(concerns)
    reads.record_reads(rows, reader=request.auth, part=ReadOf.API)
    return rows


@router.get(CONCERN, response={200: ConcernOut, 404: ErrorOut})
def concern_detail(request: HttpRequest, concern_id: int):
    """One concern with its chronology, referrals, shared notes and files."""
    return _read(request, concern_id)


@router.post(f"{CONCERN}/triage", response={200: ConcernOut, **ERRORS})
def concern_triage_endpoint(request: HttpRequest, concern_id: int, payload: ConcernTriageIn):
    """Give the concern its urgency, with your assessment; triage again to change it."""
    concern_triage(concern=_concern(request, concern_id), by=request.auth, **payload.dict())
    return _read(request, concern_id)


@router.post(f"{CONCERN}/entries", response={201: ConcernEventOut, **ERRORS})
def concern_entry_add(request: HttpRequest, concern_id: int, payload: ChronologyEntryIn):
    """Add an action taken or a contact made to the chronology."""
    event = concern_add_entry(
        concern=_concern(request, concern_id), by=request.auth, **payload.dict()
    )
    return Status(201, event)


@router.post(f"{CONCERN}/referrals", response={201: ReferralOut, **ERRORS})
def concern_referral_add(request: HttpRequest, concern_id: int, payload: ReferralIn):
    """Record a referral to an agency outside the provider."""
    referral = concern_refer(
        concern=_concern(request, concern_id), by=request.auth, **payload.dict()
    )
    return Status(201, referral)


@router.post(
    f"{CONCERN}/referrals/{{referral_id}}/reference", response={200: ReferralOut, **ERRORS}
)
def concern_referral_reference(
    request: HttpRequest, concern_id: int, referral_id: int, payload: AgencyReferenceIn
):
    """Record the reference the agency gave, once it gives it."""
    referral = access.get_referral_for_lead(request.auth, concern_id, referral_id)
    return referral_record_reference(
        referral=referral, by=request.auth, agency_reference=payload.agency_reference
    )


@router.post(f"{CONCERN}/shared-notes", response={201: SharedNoteOut, **ERRORS})
def concern_note_share(request: HttpRequest, concern_id: int, payload: ShareNoteIn):
    """Share a note with the apprentice's consultant or an employer contact, saying why they
    need to know. They see the note and the apprentice's name, nothing else."""
    concern = _concern(request, concern_id)
    # Anyone but those the lead may share with is refused by the service, with its message.
    recipient = access.share_recipients(concern).filter(pk=payload.shared_with_id).first() or User(
        pk=payload.shared_with_id
    )
    try:
        shared = concern_share_note(
            concern=concern,
            by=request.auth,
            recipient=recipient,
            note=payload.note,
            reason=payload.reason,
        )
    except ValidationError as error:
        raise ValidationError(
            {
                "shared_with_id" if key == "shared_with" else key: messages
                for key, messages in error.message_dict.items()
            }
        ) from None
    return Status(201, shared)


@router.post(f"{CONCERN}/close", response={200: ConcernOut, **ERRORS})
def concern_close_endpoint(request: HttpRequest, concern_id: int, payload: ConcernCloseIn):
    """Close the case with its outcome and the reason it needs nothing more."""
    concern_close(concern=_concern(request, concern_id), by=request.auth, **payload.dict())
    return _read(request, concern_id)


@router.post(f"{CONCERN}/reopen", response={200: ConcernOut, **ERRORS})
def concern_reopen_endpoint(request: HttpRequest, concern_id: int, payload: ConcernReopenIn):
    """Reopen a closed case, saying why."""
    concern_reopen(concern=_concern(request, concern_id), by=request.auth, **payload.dict())
    return _read(request, concern_id)


@router.get(f"{CONCERN}/files/{{file_id}}", response={200: None, 404: ErrorOut})
def concern_file_download(request: HttpRequest, concern_id: int, file_id: int):
    """Download a file kept with the concern, as an attachment. The read is recorded."""
    concern_file = access.get_file_for_lead(request.auth, concern_id, file_id)
    response = file_response(
        concern_file.file,
        filename=concern_file.original_name,
        content_type=concern_file.content_type,
    )
    reads.record_read(
        concern_file.concern,
        reader=request.auth,
        part=ReadOf.FILE,
        detail=concern_file.original_name,
    )
    return response


@router.get(f"{CONCERN}/reads", response={200: list[ConcernReadOut], 404: ErrorOut})
def concern_reads(request: HttpRequest, concern_id: int):
    """Who read the concern and what of it, newest first."""
    return reads.reads_of(_concern(request, concern_id))


@router.get(NOTES, response={200: list[SharedNoteRowOut]})
def shared_notes(request: HttpRequest):
    """The notes safeguarding leads shared with you, newest first (open one to read it)."""
    return list(access.notes_shared_with(request.auth))


@router.get(NOTES + "/{note_id}", response={200: SharedNoteReadOut, 404: ErrorOut})
def shared_note(request: HttpRequest, note_id: int):
    """A note a safeguarding lead shared with you, and why. The read is recorded."""
    note: SharedNote = access.get_shared_note_for_user(request.auth, note_id)
    reads.record_read(
        note.concern,
        reader=request.auth,
        part=ReadOf.SHARED_NOTE,
        detail=f"note shared on {day_label(timezone.localdate(note.shared_at))}",
    )
    return note
