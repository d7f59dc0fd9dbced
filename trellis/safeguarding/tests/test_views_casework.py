"""The safeguarding lead's casework pages: each form's happy path and its refusals shown on
the page, the case page and its chronology, and the reads each page records."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from trellis.safeguarding.models import AgencyReferral, Concern, ConcernEvent, SharedNote
from trellis.safeguarding.reads import READ_LABELS, ReadOf, reads_of
from trellis.safeguarding.services import concern_add_entry, concern_close, concern_triage
from trellis.safeguarding.tests.casework import PDF, pdf_upload, referred
from trellis.testing.safeguarding_factories import raise_concern

pytestmark = pytest.mark.django_db


@pytest.fixture
def concern(people):
    return raise_concern(
        people.amara_apprenticeship,
        people.carl,
        happened_on=timezone.localdate() - timedelta(days=3),
    )


@pytest.fixture
def dina(client, people):
    client.force_login(people.dina)
    return client


def url(name, concern, *more):
    return reverse(f"safeguarding:{name}", args=[concern.pk, *more])


def page_of(response) -> str:
    return response.content.decode()


def fresh(concern) -> Concern:
    return Concern.objects.get(pk=concern.pk)


def case_reads(concern, part=ReadOf.CASE):
    return [read for read in reads_of(concern) if read.what.startswith(READ_LABELS[part])]


def follow_message(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


# The case page


def test_the_case_page_shows_what_was_raised_and_records_the_read(dina, people, concern):
    response = dina.get(url("concern", concern))
    page = page_of(response)
    assert response.status_code == 200
    assert concern.reference in page
    assert "Open" in page and "Not triaged yet" in page
    assert "I haven&#x27;t eaten since Friday" in page
    assert "Neglect" in page
    assert "Carl Example (Training consultant)" in page
    assert "Made sure she had lunch" in page
    for action in (
        "Triage</a>",
        "Add an action or contact",
        "Record a referral",
        "Share a note",
        "Add a file",
        "Close the case",
        "Who has read this case",
    ):
        assert action in page
    assert "Reopen the case" not in page
    reads = case_reads(concern)
    assert [(read.who, read.what) for read in reads] == [("Dina Example", "The case")]


def test_the_case_page_says_when_no_lead_was_there_and_a_learner_by_reference(
    dina, people, concern
):
    other = raise_concern(
        people.amara_apprenticeship,
        people.carl,
        subject="mentored_learner",
        learner_ref="L-014",
    )
    Concern.objects.filter(pk=other.pk).update(no_lead_when_raised=True)
    page = page_of(dina.get(url("concern", other)))
    assert "Learner L-014, mentored by Amara Example" in page
    assert "the provider had no safeguarding lead" in page


def test_the_chronology_is_in_the_order_things_happened(dina, people, concern):
    now = timezone.now()  # after the concern was raised
    concern_add_entry(
        concern=concern,
        by=people.dina,
        kind="action",
        occurred_at=now,
        summary="Spoke to Amara.\nShe is safe at home tonight.",
    )
    concern_add_entry(
        concern=concern,
        by=people.dina,
        kind="contact",
        occurred_at=now - timedelta(days=2),
        summary="Called her line manager.",
        contact_with="Line manager at Riverside College",
        contact_method="phone",
    )
    page = page_of(dina.get(url("concern", concern)))
    raised = page.index("Raised by Carl Example")
    called = page.index("Called her line manager.")
    spoke = page.index("Spoke to Amara.")
    assert called < raised < spoke
    assert "Spoke to Amara.<br>She is safe at home tonight." in page
    assert "Contact with Line manager at Riverside College (phone)" in page
    # Recorded today about two days ago: the day it was recorded is said.
    assert f"on {timezone.localdate():%-d %b %Y}" in page


def test_a_closed_case_shows_its_outcome_and_only_reopen_and_reads(dina, people, concern):
    concern_close(concern=concern, by=people.dina, outcome="advice_given", reason="All fine.")
    page = page_of(dina.get(url("concern", concern)))
    assert "Advice and guidance given" in page
    assert "All fine." in page
    assert "Closed by" in page and "Dina Example" in page
    assert "Reopen the case" in page
    assert "Who has read this case" in page
    for gone in ("Triage</a>", "Add an action or contact", "Record a referral", "Share a note"):
        assert gone not in page
    response = dina.get(url("triage", concern), follow=True)
    assert "This case is closed: reopen it to triage it." in follow_message(response)


# Triage


def test_triage_gives_the_urgency_and_adds_it_to_the_chronology(dina, people, concern):
    response = dina.get(url("triage", concern))
    page = page_of(response)
    assert "Triage the concern" in page
    assert "Amara Example" in page and concern.reference in page
    assert "Act today." in page and "Monitor." in page
    assert len(case_reads(concern)) == 1
    response = dina.post(
        url("triage", concern),
        {"urgency": "high", "assessment": "Needs a call today.", "revision": concern.revision},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url("concern", concern)
    assert f"{concern.reference} triaged as high urgency." in follow_message(response)
    concern = fresh(concern)
    assert concern.urgency == "high" and concern.triaged_by == people.dina
    assert "Triage again" in page_of(response)
    assert "Needs a call today." in page_of(response)


def test_triage_without_an_assessment_says_so_next_to_the_field(dina, concern):
    response = dina.post(url("triage", concern), {"urgency": "low", "assessment": " "})
    page = page_of(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Write your assessment of the concern." in page
    assert fresh(concern).urgency == ""


def test_a_change_by_someone_else_since_the_form_was_opened_is_refused(dina, people, concern):
    opened_at = fresh(concern).revision
    concern_triage(concern=concern, by=people.dina, urgency="low", assessment="First look.")
    response = dina.post(
        url("triage", concern),
        {"urgency": "urgent", "assessment": "Second look.", "revision": opened_at},
    )
    assert response.status_code == 200
    assert "Someone else has changed this case since you opened it." in page_of(response)
    assert fresh(concern).urgency == "low"


# Entries


def test_an_action_is_added_to_the_chronology(dina, people, concern):
    page = page_of(dina.get(url("entry_add", concern)))
    assert 'type="date"' in page and 'type="time"' in page
    yesterday = timezone.localdate() - timedelta(days=1)
    response = dina.post(
        url("entry_add", concern),
        {
            "kind": "action",
            "occurred_on": yesterday.isoformat(),
            "occurred_time": "16:45",
            "summary": "Arranged a food bank voucher.",
        },
        follow=True,
    )
    assert "The action was added to the chronology" in follow_message(response)
    event = concern.events.get(kind=ConcernEvent.Kind.ACTION)
    assert event.summary == "Arranged a food bank voucher."
    assert timezone.localtime(event.occurred_at).date() == yesterday
    assert f"{timezone.localtime(event.occurred_at):%H:%M}" == "16:45"
    assert event.recorded_by == people.dina


def test_a_contact_is_added_with_who_and_how(dina, concern):
    dina.post(
        url("entry_add", concern),
        {
            "kind": "contact",
            "occurred_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "occurred_time": "09:30",
            "summary": "Agreed to check in on Friday.",
            "contact_with": "Her line manager",
            "contact_method": "in_person",
        },
    )
    event = concern.events.get(kind=ConcernEvent.Kind.CONTACT)
    assert (event.contact_with, event.contact_method) == ("Her line manager", "in_person")


def test_a_contact_without_who_or_how_is_refused(dina, concern):
    response = dina.post(
        url("entry_add", concern),
        {
            "kind": "contact",
            "occurred_on": timezone.localdate().isoformat(),
            "occurred_time": "00:02",
            "summary": "Called.",
        },
    )
    page = page_of(response)
    assert "Say who was contacted (a role or an organisation)." in page
    assert "Choose how the contact was made." in page
    assert not concern.events.filter(kind=ConcernEvent.Kind.CONTACT).exists()


def test_an_entry_in_the_future_or_before_the_concern_is_refused(dina, concern):
    tomorrow = timezone.localdate() + timedelta(days=1)
    long_ago = concern.happened_on - timedelta(days=5)
    for day, message in [
        (tomorrow, "it cannot be in the future"),
        (long_ago, "the day the concern is about"),
    ]:
        response = dina.post(
            url("entry_add", concern),
            {
                "kind": "action",
                "occurred_on": day.isoformat(),
                "occurred_time": "12:00",
                "summary": "Something.",
            },
        )
        assert response.status_code == 200
        assert message in page_of(response)
        assert 'href="#id_occurred_on"' in page_of(response)
    assert not concern.events.filter(kind=ConcernEvent.Kind.ACTION).exists()


# Referrals


def test_a_referral_is_recorded_and_its_reference_added_later(dina, people, concern):
    response = dina.post(
        url("referral_add", concern),
        {
            "agency": "police",
            "agency_name": "West Yorkshire Police",
            "referred_on": timezone.localdate().isoformat(),
            "agency_reference": "",
            "summary": "Reported by phone.",
        },
        follow=True,
    )
    assert "The referral to West Yorkshire Police was recorded." in follow_message(response)
    referral = AgencyReferral.objects.get(concern=concern)
    page = page_of(response)
    assert "West Yorkshire Police" in page and "Awaiting" in page
    reference_url = url("referral_reference", concern, referral.pk)
    assert reference_url in page
    assert "Record the agency's reference" in page_of(dina.get(reference_url))
    response = dina.post(reference_url, {"agency_reference": "WYP-123"}, follow=True)
    assert "WYP-123" in page_of(response)
    referral.refresh_from_db()
    assert referral.agency_reference == "WYP-123"
    assert concern.events.filter(kind=ConcernEvent.Kind.AGENCY_REFERENCE).exists()


def test_a_referral_dated_in_the_future_is_refused(dina, concern):
    response = dina.post(
        url("referral_add", concern),
        {
            "agency": "police",
            "agency_name": "West Yorkshire Police",
            "referred_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "not a day in the future" in page_of(response)
    assert not AgencyReferral.objects.exists()


def test_an_empty_reference_is_refused(dina, people, concern):
    referral = referred(concern, people.dina)
    response = dina.post(url("referral_reference", concern, referral.pk), {"agency_reference": ""})
    assert "Give the reference the agency gave you." in page_of(response)


# Sharing a note


def test_a_note_is_shared_with_the_consultant(dina, people, concern):
    page = page_of(dina.get(url("share", concern)))
    assert "will see this note and the apprentice's name only" in page
    assert "Carl Example (Training consultant)" in page
    assert "Erin Example (" in page
    assert "Evan Example" not in page
    response = dina.post(
        url("share", concern),
        {
            "shared_with": people.carl.pk,
            "note": "Amara may need time off this week.",
            "reason": "He plans her sessions.",
        },
        follow=True,
    )
    assert "The note was shared with Carl Example" in follow_message(response)
    shared = SharedNote.objects.get(concern=concern)
    assert (shared.shared_with, shared.shared_by) == (people.carl, people.dina)
    assert "Amara may need time off this week." in page_of(response)


def test_a_note_cannot_be_shared_with_someone_outside_the_apprenticeship(dina, people, concern):
    response = dina.post(
        url("share", concern),
        {"shared_with": people.evan.pk, "note": "A note.", "reason": ""},
    )
    page = page_of(response)
    assert response.status_code == 200
    assert "Select a valid choice" in page
    assert "Write why they need to know." in page
    assert not SharedNote.objects.exists()


# Files


def test_a_file_is_added_and_downloaded_and_the_download_is_a_read(dina, people, concern):
    page = page_of(dina.get(url("file_add", concern)))
    assert 'enctype="multipart/form-data"' in page
    assert 'accept=".pdf,' in page
    response = dina.post(url("file_add", concern), {"file": pdf_upload("referral form.pdf")})
    assert response.status_code == 302
    kept = concern.files.get()
    page = page_of(dina.get(url("concern", concern)))
    assert url("file", concern, kept.pk) in page
    response = dina.get(url("file", concern, kept.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert "referral form.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    file_reads = case_reads(concern, ReadOf.FILE)
    assert [(read.who, read.what) for read in file_reads] == [
        ("Dina Example", "A file: referral form.pdf")
    ]


def test_a_file_of_the_wrong_kind_is_refused_next_to_the_field(dina, concern):
    upload = SimpleUploadedFile("notes.txt", b"plain words", content_type="text/plain")
    response = dina.post(url("file_add", concern), {"file": upload})
    assert response.status_code == 200
    assert "The selected file must be a PDF" in page_of(response)
    assert not concern.files.exists()


def test_a_file_missing_from_storage_is_not_found(dina, people):
    concern = raise_concern(people.amara_apprenticeship, people.carl, upload=pdf_upload())
    kept = concern.files.get()
    kept.file.storage.delete(kept.file.name)
    assert dina.get(url("file", concern, kept.pk)).status_code == 404
    assert case_reads(concern, ReadOf.FILE) == []


# Closing and reopening


def test_the_case_is_closed_and_reopened(dina, people, concern):
    response = dina.post(
        url("close", concern),
        {
            "outcome": "support_arranged",
            "reason": "Support in place with her employer.",
            "revision": fresh(concern).revision,
        },
        follow=True,
    )
    assert f"{concern.reference} is closed." in follow_message(response)
    closed = fresh(concern)
    assert closed.status == "closed" and closed.outcome == "support_arranged"
    assert "Support in place with her employer." in page_of(response)
    assert "Reopen the case" in page_of(dina.get(url("reopen", concern)))
    response = dina.post(
        url("reopen", concern),
        {"reason": "She raised it again.", "revision": closed.revision},
        follow=True,
    )
    assert f"{concern.reference} is open again." in follow_message(response)
    assert fresh(concern).is_open
    kinds = list(concern.events.values_list("kind", flat=True))
    assert kinds[-2:] == ["closed", "reopened"]


def test_closing_without_a_reason_is_refused(dina, concern):
    response = dina.post(url("close", concern), {"outcome": "advice_given", "reason": ""})
    assert response.status_code == 200
    assert "Write why the case can close." in page_of(response)
    assert fresh(concern).is_open


def test_reopening_an_open_case_is_refused(dina, concern):
    response = dina.post(url("reopen", concern), {"reason": "Again."})
    assert response.status_code == 200
    assert "This case is open already." in page_of(response)
    response = dina.get(url("reopen", concern), follow=True)
    assert "This case is open already." in follow_message(response)


# Reads


def test_every_form_page_is_a_read_and_the_reads_page_is_not(dina, people, concern):
    for name in ("triage", "entry_add", "referral_add", "share", "file_add", "close"):
        assert dina.get(url(name, concern)).status_code == 200
    assert len(case_reads(concern)) == 6
    response = dina.get(url("reads", concern))
    page = page_of(response)
    assert response.status_code == 200
    assert "Who has read this case" in page
    assert page.count("Dina Example") >= 6
    assert "The case" in page
    assert len(case_reads(concern)) == 6
    # Only the reference: nothing of what was raised.
    assert "eaten" not in page and "Amara" not in page
