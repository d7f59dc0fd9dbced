"""The safeguarding lead's casework pages. Every page starts from access, which answers 404
to anyone who is not a safeguarding lead of the concern's provider, whatever they guess;
only then is the request's method looked at. Every page that shows a case's detail records
the read."""

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone

from trellis.downloads import file_response
from trellis.form_errors import add_service_errors
from trellis.safeguarding import access, selectors, services
from trellis.safeguarding import reads as read_log
from trellis.safeguarding.forms import (
    URGENCY_HINTS,
    CloseForm,
    EntryForm,
    FileForm,
    ReferenceForm,
    ReferralForm,
    ReopenForm,
    ShareForm,
    TriageForm,
)
from trellis.safeguarding.models import Concern, ConcernEvent
from trellis.safeguarding.reads import ReadOf

CLOSED_PAGE_SIZE = 25
# A refusal naming the revision belongs above the form, not next to its hidden field.
REVISION_ABOVE = {"revision": "__all__"}


def _require_lead(request) -> None:
    if not access.lead_provider_ids(request.user):
        raise Http404("No safeguarding cases here.")


def _get_only(request):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    return None


def _concern(request, concern_id: int) -> Concern:
    return access.get_concern_for_lead(request.user, concern_id)


def _read(request, concern: Concern) -> None:
    read_log.record_read(concern, reader=request.user, part=ReadOf.CASE)


def _to_case(concern: Concern):
    return redirect("safeguarding:concern", concern_id=concern.pk)


def dashboard(request):
    _require_lead(request)
    if refused := _get_only(request):
        return refused
    board = selectors.dashboard_for(request.user)
    read_log.record_reads(board.concerns, reader=request.user, part=ReadOf.DASHBOARD)
    return render(request, "safeguarding/dashboard.html", {"board": board})


def closed(request):
    _require_lead(request)
    if refused := _get_only(request):
        return refused
    page = Paginator(selectors.closed_cases(request.user), CLOSED_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = selectors.closed_rows(page.object_list)
    read_log.record_reads([row.concern for row in rows], reader=request.user, part=ReadOf.DASHBOARD)
    return render(
        request,
        "safeguarding/closed.html",
        {
            "page": page,
            "rows": rows,
            "many_providers": len(access.lead_provider_ids(request.user)) > 1,
        },
    )


def concern_detail(request, concern_id: int):
    concern = _concern(request, concern_id)
    if refused := _get_only(request):
        return refused
    _read(request, concern)
    return render(
        request,
        "safeguarding/concern.html",
        {
            "case": selectors.case_file(concern),
            "concern": concern,
            "about": selectors.about_label(concern),
        },
    )


def _form_page(request, concern: Concern, template: str, form, **context):
    """Show a casework form with the case it is for; showing it is a read of the case."""
    _read(request, concern)
    context.update(
        concern=concern,
        about=selectors.about_label(concern),
        form=form,
    )
    return render(request, f"safeguarding/casework/{template}.html", context)


def _closed_already(request, concern: Concern, doing: str):
    messages.error(request, f"This case is closed: reopen it to {doing}.")
    return _to_case(concern)


def _refused(form, error: ValidationError, aliases=None) -> None:
    add_service_errors(form, error, aliases={**REVISION_ABOVE, **(aliases or {})})


def _casework(request, concern: Concern, form, template: str, act, aliases=None, **context):
    """Do one step of casework from its form page: on a valid POST, `act` calls the service
    with the form's data and returns the message to show on the case; a refusal is shown on
    the form. Otherwise (a GET, or anything to correct) the form page is shown again."""
    if request.method == "POST" and form.is_valid():
        try:
            done = act(form.cleaned_data)
        except ValidationError as error:
            _refused(form, error, aliases)
        else:
            messages.success(request, done)
            return _to_case(concern)
    return _form_page(request, concern, template, form, **context)


def concern_triage_view(request, concern_id: int):
    concern = _concern(request, concern_id)
    if not concern.is_open and request.method != "POST":
        return _closed_already(request, concern, "triage it")
    if request.method == "POST":
        form = TriageForm(request.POST)
    else:
        form = TriageForm(initial={"urgency": concern.urgency, "revision": concern.revision})

    def triage(data) -> str:
        services.concern_triage(
            concern=concern,
            by=request.user,
            urgency=data["urgency"],
            assessment=data["assessment"],
            revision=data["revision"],
        )
        urgency = Concern.Urgency(data["urgency"]).label.lower()
        return f"{concern.reference} triaged as {urgency} urgency."

    hints = [URGENCY_HINTS[value] for value in Concern.Urgency.values]
    choices = list(zip(form["urgency"], hints, strict=True))
    return _casework(request, concern, form, "triage", triage, urgency_choices=choices)


def entry_add(request, concern_id: int):
    concern = _concern(request, concern_id)
    if not concern.is_open and request.method != "POST":
        return _closed_already(request, concern, "add to its chronology")
    form = EntryForm(request.POST) if request.method == "POST" else EntryForm()

    def add_entry(data) -> str:
        event = services.concern_add_entry(
            concern=concern,
            by=request.user,
            kind=data["kind"],
            occurred_at=timezone.make_aware(
                datetime.combine(data["occurred_on"], data["occurred_time"])
            ),
            summary=data["summary"],
            contact_with=data["contact_with"],
            contact_method=data["contact_method"],
        )
        what = "contact" if event.kind == ConcernEvent.Kind.CONTACT else "action"
        return f"The {what} was added to the chronology of {concern.reference}."

    return _casework(
        request, concern, form, "entry_add", add_entry, aliases={"occurred_at": "occurred_on"}
    )


def referral_add(request, concern_id: int):
    concern = _concern(request, concern_id)
    if not concern.is_open and request.method != "POST":
        return _closed_already(request, concern, "refer it")
    form = ReferralForm(request.POST) if request.method == "POST" else ReferralForm()

    def refer(data) -> str:
        referral = services.concern_refer(concern=concern, by=request.user, **data)
        return f"The referral to {referral.agency_name} was recorded."

    return _casework(request, concern, form, "referral_add", refer)


def referral_reference(request, concern_id: int, referral_id: int):
    referral = access.get_referral_for_lead(request.user, concern_id, referral_id)
    concern = referral.concern
    if not concern.is_open:
        return _closed_already(request, concern, "record an agency's reference")
    if request.method == "POST":
        form = ReferenceForm(request.POST)
    else:
        form = ReferenceForm(initial={"agency_reference": referral.agency_reference})

    def record_reference(data) -> str:
        services.referral_record_reference(
            referral=referral, by=request.user, agency_reference=data["agency_reference"]
        )
        return f"The reference from {referral.agency_name} was recorded."

    return _casework(
        request, concern, form, "referral_reference", record_reference, referral=referral
    )


def share_note(request, concern_id: int):
    concern = _concern(request, concern_id)
    if not concern.is_open:
        return _closed_already(request, concern, "share a note")
    recipients = access.share_recipients(concern)
    posted = request.POST if request.method == "POST" else None
    form = ShareForm(posted, concern=concern, recipients=recipients)

    def share(data) -> str:
        services.concern_share_note(
            concern=concern,
            by=request.user,
            recipient=data["shared_with"],
            note=data["note"],
            reason=data["reason"],
        )
        return (
            f"The note was shared with {data['shared_with'].full_name}, who has been told it "
            "is there."
        )

    return _casework(request, concern, form, "share", share)


def file_add(request, concern_id: int):
    concern = _concern(request, concern_id)
    if not concern.is_open:
        return _closed_already(request, concern, "add a file")
    form = FileForm(request.POST, request.FILES) if request.method == "POST" else FileForm()

    def add_file(data) -> str:
        concern_file = services.concern_file_add(
            concern=concern, by=request.user, upload=data["file"]
        )
        return f"“{concern_file.original_name}” was added to {concern.reference}."

    return _casework(request, concern, form, "file_add", add_file)


def file_download(request, concern_id: int, file_id: int):
    concern_file = access.get_file_for_lead(request.user, concern_id, file_id)
    if refused := _get_only(request):
        return refused
    response = file_response(
        concern_file.file,
        filename=concern_file.original_name,
        content_type=concern_file.content_type,
    )
    read_log.record_read(
        concern_file.concern,
        reader=request.user,
        part=ReadOf.FILE,
        detail=concern_file.original_name,
    )
    return response


def close(request, concern_id: int):
    concern = _concern(request, concern_id)
    if not concern.is_open and request.method != "POST":
        messages.error(request, "This case is already closed.")
        return _to_case(concern)
    if request.method == "POST":
        form = CloseForm(request.POST)
    else:
        form = CloseForm(initial={"revision": concern.revision})

    def close_case(data) -> str:
        services.concern_close(concern=concern, by=request.user, **data)
        return f"{concern.reference} is closed."

    return _casework(request, concern, form, "close", close_case)


def reopen(request, concern_id: int):
    concern = _concern(request, concern_id)
    if concern.is_open and request.method != "POST":
        messages.error(request, "This case is open already.")
        return _to_case(concern)
    if request.method == "POST":
        form = ReopenForm(request.POST)
    else:
        form = ReopenForm(initial={"revision": concern.revision})

    def reopen_case(data) -> str:
        services.concern_reopen(concern=concern, by=request.user, **data)
        return f"{concern.reference} is open again."

    return _casework(request, concern, form, "reopen", reopen_case)


def reads(request, concern_id: int):
    # Shows who read the case and only its reference, so it is not itself a read.
    concern = _concern(request, concern_id)
    if refused := _get_only(request):
        return refused
    return render(
        request,
        "safeguarding/reads.html",
        {
            "concern": concern,
            "reads": read_log.reads_of(concern),
            "readers": read_log.readers_of(concern),
            "reads_limit": read_log.READS_SHOWN,
        },
    )
