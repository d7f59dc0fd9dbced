from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from trellis.safeguarding.models import AgencyReferral, Concern, ConcernEvent, SharedNote
from trellis.safeguarding.reads import ReadOf
from trellis.safeguarding.services import concern_file_add, concern_refer, concern_share_note
from trellis.testing.safeguarding_factories import other_provider_lead, raise_concern

pytestmark = pytest.mark.django_db

CONCERNS = "/api/v1/safeguarding/concerns"
NOTES = "/api/v1/safeguarding/shared-notes"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ACCOUNT = "He said “they keep taking my phone and laughing”, and would not come in on Monday."


@pytest.fixture
def api(client, auth_headers):
    def send(method, user, path, payload=None):
        if method == "get":
            return client.get(path, payload, headers=auth_headers(user))
        return getattr(client, method)(
            path, payload, content_type="application/json", headers=auth_headers(user)
        )

    return send


def raise_payload(apprenticeship, **changes):
    payload = {
        "apprenticeship_id": apprenticeship.pk,
        "category": "bullying",
        "account": ACCOUNT,
        "happened_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "happened_at_time": "10:30",
        "immediate_risk": False,
        "action_taken": "Told him I would pass it on.",
    }
    payload.update(changes)
    return payload


@pytest.fixture
def case(people):
    """A concern about Amara with a referral, a shared note and a file."""
    concern = raise_concern(people.amara_apprenticeship, people.carl)
    referral = concern_refer(
        concern=concern,
        by=people.dina,
        agency=AgencyReferral.Agency.ADULT_SOCIAL_CARE,
        agency_name="Leeds Adult Social Care",
        referred_on=timezone.localdate(),
    )
    note = concern_share_note(
        concern=concern,
        by=people.dina,
        recipient=people.erin,
        note="Amara may need time off this week.",
        reason="Her employer arranges her hours.",
    )
    concern_file = concern_file_add(
        concern=concern,
        by=people.dina,
        upload=SimpleUploadedFile("message.pdf", PDF, content_type="application/pdf"),
    )
    return {"concern": concern, "referral": referral, "note": note, "file": concern_file}


def api_reads(concern, part=None):
    entries = LogEntry.objects.filter(
        object_pk=str(concern.pk), action=LogEntry.Action.ACCESS, object_repr=concern.reference
    )
    if part:
        entries = entries.filter(additional_data__read=part)
    return entries


# Raising, and what the person who raised it sees.


def test_a_consultant_raises_a_concern_and_is_told_only_that_it_was_received(
    api, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api("post", people.carl, CONCERNS, raise_payload(people.amara_apprenticeship))
    assert response.status_code == 201, response.json()
    concern = Concern.objects.get()
    assert response.json() == {
        "reference": concern.reference,
        "status": "open",
        "raised_at": response.json()["raised_at"],
        "told_leads": True,
    }
    assert concern.account == ACCOUNT
    assert concern.raised_by == people.carl
    assert [email.to for email in mail.outbox] == [[people.dina.email]]

    raised = api("get", people.carl, f"{CONCERNS}/raised").json()
    assert raised == [
        {
            "reference": concern.reference,
            "apprenticeship_id": people.amara_apprenticeship.pk,
            "raised_at": raised[0]["raised_at"],
            "status": "open",
        }
    ]
    # Nothing about the concern reaches the raiser; they read no case, so no read is recorded.
    assert not api_reads(concern).exists()


def test_raising_about_a_mentored_learner_and_with_immediate_risk(api, people):
    response = api(
        "post",
        people.amara,
        CONCERNS,
        raise_payload(
            people.amara_apprenticeship,
            subject="mentored_learner",
            learner_ref="L-204",
            immediate_risk=True,
            category="self_harm",
        ),
    )
    assert response.status_code == 201, response.json()
    concern = Concern.objects.get()
    assert concern.learner_ref == "L-204"
    assert concern.urgency == "urgent"


def test_a_refused_concern_answers_422_by_field(api, people):
    response = api(
        "post",
        people.carl,
        CONCERNS,
        raise_payload(
            people.amara_apprenticeship,
            account=" ",
            happened_on=(timezone.localdate() + timedelta(days=1)).isoformat(),
        ),
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"account", "happened_on"}
    assert not Concern.objects.exists()


@pytest.mark.parametrize("name", ["evan", "paula", "otto", "cora"])
def test_raising_about_an_apprentice_you_have_no_part_in_is_404(api, people, name):
    response = api(
        "post", getattr(people, name), CONCERNS, raise_payload(people.amara_apprenticeship)
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert not Concern.objects.exists()


def test_when_the_provider_has_no_lead_the_raiser_is_told(api, people):
    people.dina.memberships.all().delete()
    response = api("post", people.erin, CONCERNS, raise_payload(people.amara_apprenticeship))
    assert response.status_code == 201
    assert response.json()["told_leads"] is False


# The safeguarding lead's casework.


def test_the_lead_lists_concerns_by_status_and_each_line_is_a_read(api, people, case):
    concern = case["concern"]
    other = raise_concern(people.bea_apprenticeship, people.cora)
    listed = api("get", people.dina, CONCERNS).json()
    assert [row["reference"] for row in listed] == [other.reference, concern.reference]
    assert listed[1]["apprentice"] == "Amara Example"
    assert "account" not in listed[1]
    assert api_reads(concern, ReadOf.API).count() == 1
    assert api_reads(other, ReadOf.API).count() == 1
    assert api("get", people.dina, CONCERNS, {"status": "closed"}).json() == []


def test_the_lead_reads_the_whole_case_and_the_read_is_recorded(api, people, case):
    concern = case["concern"]
    response = api("get", people.dina, f"{CONCERNS}/{concern.pk}")
    assert response.status_code == 200
    detail = response.json()
    assert detail["reference"] == concern.reference
    assert detail["account"] == concern.account
    assert detail["raised_by"] == "Carl Example"
    assert [event["kind"] for event in detail["events"]] == [
        "raised",
        "referral",
        "note_shared",
        "file_added",
    ]
    assert detail["referrals"][0]["agency_name"] == "Leeds Adult Social Care"
    assert detail["shared_notes"][0]["shared_with"] == "Erin Example"
    file_row = detail["files"][0]
    assert file_row["original_name"] == "message.pdf"
    assert file_row["download"] == f"{CONCERNS}/{concern.pk}/files/{case['file'].pk}"
    assert api_reads(concern, ReadOf.API).count() == 1

    reads = api("get", people.dina, f"{CONCERNS}/{concern.pk}/reads").json()
    assert reads[0]["who"] == "Dina Example"
    assert reads[0]["what"] == "The case, through the API"


def test_the_lead_downloads_a_file_and_the_read_is_recorded(api, people, case):
    concern = case["concern"]
    response = api("get", people.dina, f"{CONCERNS}/{concern.pk}/files/{case['file'].pk}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    read = api_reads(concern, ReadOf.FILE).get()
    assert read.actor == people.dina
    assert read.additional_data["detail"] == "message.pdf"


def test_triage_entries_referrals_notes_close_and_reopen(api, people, case):
    concern = case["concern"]
    base = f"{CONCERNS}/{concern.pk}"
    triaged = api(
        "post", people.dina, f"{base}/triage", {"urgency": "high", "assessment": "Talk today."}
    )
    assert triaged.status_code == 200, triaged.json()
    assert triaged.json()["urgency"] == "high"
    revision = triaged.json()["revision"]

    stale = api(
        "post", people.dina, f"{base}/triage", {"urgency": "low", "assessment": "x", "revision": 1}
    )
    assert stale.status_code == 422
    assert "revision" in stale.json()["errors"]

    contact = api(
        "post",
        people.dina,
        f"{base}/entries",
        {
            "kind": "contact",
            "occurred_at": timezone.now().isoformat(),
            "summary": "Spoke to Amara.",
            "contact_with": "Amara",
            "contact_method": "phone",
        },
    )
    assert contact.status_code == 201, contact.json()
    assert contact.json()["kind"] == "contact"
    missing = api(
        "post",
        people.dina,
        f"{base}/entries",
        {"kind": "contact", "occurred_at": timezone.now().isoformat(), "summary": "Rang."},
    )
    assert missing.status_code == 422
    assert set(missing.json()["errors"]) == {"contact_with", "contact_method"}

    referral = api(
        "post",
        people.dina,
        f"{base}/referrals",
        {
            "agency": "police",
            "agency_name": "West Yorkshire Police",
            "referred_on": timezone.localdate().isoformat(),
        },
    )
    assert referral.status_code == 201, referral.json()
    referenced = api(
        "post",
        people.dina,
        f"{base}/referrals/{referral.json()['id']}/reference",
        {"agency_reference": "WYP-123"},
    )
    assert referenced.status_code == 200
    assert referenced.json()["agency_reference"] == "WYP-123"

    shared = api(
        "post",
        people.dina,
        f"{base}/shared-notes",
        {"shared_with_id": people.carl.pk, "note": "Check in weekly.", "reason": "Her consultant."},
    )
    assert shared.status_code == 201, shared.json()
    refused = api(
        "post",
        people.dina,
        f"{base}/shared-notes",
        {"shared_with_id": people.ian.pk, "note": "x", "reason": "x"},
    )
    assert refused.status_code == 422
    assert "shared_with_id" in refused.json()["errors"]

    current = Concern.objects.get(pk=concern.pk).revision
    assert current > revision
    closed = api(
        "post",
        people.dina,
        f"{base}/close",
        {"outcome": "support_arranged", "reason": "Support in place.", "revision": current},
    )
    assert closed.status_code == 200, closed.json()
    assert closed.json()["status"] == "closed"
    assert api("get", people.carl, f"{CONCERNS}/raised").json()[0]["status"] == "closed"
    again = api("post", people.dina, f"{base}/close", {"outcome": "other", "reason": "x"})
    assert again.status_code == 422
    reopened = api("post", people.dina, f"{base}/reopen", {"reason": "It happened again."})
    assert reopened.status_code == 200
    assert reopened.json()["status"] == "open"
    kinds = list(concern.events.values_list("kind", flat=True))
    assert kinds[-2:] == [ConcernEvent.Kind.CLOSED, ConcernEvent.Kind.REOPENED]


# Notes shared with someone.


def test_the_recipient_reads_a_shared_note_and_the_read_is_recorded(api, people, case):
    note = case["note"]
    listed = api("get", people.erin, NOTES).json()
    assert [row["id"] for row in listed] == [note.pk]
    assert "note" not in listed[0]
    assert not api_reads(note.concern, ReadOf.SHARED_NOTE).exists()
    response = api("get", people.erin, f"{NOTES}/{note.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["note"] == "Amara may need time off this week."
    assert body["apprentice"] == "Amara Example"
    assert set(body) == {
        "id",
        "apprenticeship_id",
        "apprentice",
        "shared_by",
        "shared_at",
        "note",
        "reason",
    }
    assert api_reads(note.concern, ReadOf.SHARED_NOTE).get().actor == people.erin


def test_no_one_else_reads_a_shared_note(api, people, case):
    note = case["note"]
    for user in (people.carl, people.amara, people.dina, people.evan):
        assert api("get", user, f"{NOTES}/{note.pk}").status_code == 404
        assert api("get", user, NOTES).json() == []
    assert api("get", people.erin, f"{NOTES}/{note.pk + 999}").status_code == 404


# Everyone but the provider's safeguarding lead: 404, whatever the id.


def concern_requests(concern_id: int, referral_id: int, file_id: int):
    base = f"{CONCERNS}/{concern_id}"
    return [
        ("get", base, None),
        ("get", f"{base}/reads", None),
        ("get", f"{base}/files/{file_id}", None),
        ("post", f"{base}/triage", {"urgency": "low", "assessment": "x"}),
        (
            "post",
            f"{base}/entries",
            {"kind": "action", "occurred_at": timezone.now().isoformat(), "summary": "x"},
        ),
        (
            "post",
            f"{base}/referrals",
            {
                "agency": "police",
                "agency_name": "x",
                "referred_on": timezone.localdate().isoformat(),
            },
        ),
        ("post", f"{base}/referrals/{referral_id}/reference", {"agency_reference": "x"}),
        ("post", f"{base}/shared-notes", {"shared_with_id": 1, "note": "x", "reason": "x"}),
        ("post", f"{base}/close", {"outcome": "other", "reason": "x"}),
        ("post", f"{base}/reopen", {"reason": "x"}),
    ]


def everyone_but_the_lead(people):
    others = {name: user for name, user in people.everyone().items() if name != "dina"}
    others["sasha"] = other_provider_lead(people.other_provider)
    return others


def test_everyone_but_the_providers_lead_gets_404_on_every_concern_endpoint(api, people, case):
    concern, referral, concern_file = case["concern"], case["referral"], case["file"]
    before = (
        Concern.objects.get(pk=concern.pk).revision,
        ConcernEvent.objects.count(),
        AgencyReferral.objects.count(),
        SharedNote.objects.count(),
    )
    reads_before = api_reads(concern).count()
    guessed = concern.pk + 1000
    for name, user in everyone_but_the_lead(people).items():
        for concern_id in (concern.pk, guessed):
            for method, path, payload in concern_requests(concern_id, referral.pk, concern_file.pk):
                response = api(method, user, path, payload)
                assert response.status_code == 404, (name, method, path, response.status_code)
                assert response.json() == {"detail": "Not found."}, (name, path)
        assert api("get", user, CONCERNS).json() == [], name
        assert api("get", user, CONCERNS, {"status": "open"}).json() == [], name
    assert before == (
        Concern.objects.get(pk=concern.pk).revision,
        ConcernEvent.objects.count(),
        AgencyReferral.objects.count(),
        SharedNote.objects.count(),
    )
    assert api_reads(concern).count() == reads_before


def test_the_lead_gets_404_for_ids_that_do_not_belong_together(api, people, case):
    concern, referral = case["concern"], case["referral"]
    other = raise_concern(people.bea_apprenticeship, people.cora)
    for method, path, payload in [
        ("get", f"{CONCERNS}/{concern.pk + 1000}", None),
        ("get", f"{CONCERNS}/{other.pk}/files/{case['file'].pk}", None),
        (
            "post",
            f"{CONCERNS}/{other.pk}/referrals/{referral.pk}/reference",
            {"agency_reference": "x"},
        ),
    ]:
        assert api(method, people.dina, path, payload).status_code == 404, path


def test_the_raised_list_and_receipt_carry_no_detail(api, people, case):
    concern = case["concern"]
    raised = api("get", people.carl, f"{CONCERNS}/raised").json()
    assert [set(row) for row in raised] == [
        {"reference", "apprenticeship_id", "raised_at", "status"}
    ]
    assert raised[0]["reference"] == concern.reference
    assert api("get", people.amara, f"{CONCERNS}/raised").json() == []
    receipt = api("post", people.erin, CONCERNS, raise_payload(people.amara_apprenticeship))
    assert set(receipt.json()) == {"reference", "status", "raised_at", "told_leads"}
