from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trellis.portfolio.models import Decision, EvidenceFile, EvidenceItem, KsbCoverage
from trellis.portfolio.services import evidence_file_add
from trellis.portfolio.tests import samples
from trellis.testing.portfolio_factories import EvidenceItemFactory, evidence_in_state, map_ksbs

pytestmark = pytest.mark.django_db

READERS = ["amara", "carl", "erin", "pat", "quinn", "dina"]
OUTSIDERS = ["bea", "cora", "evan", "paula", "otto", "ada", "ian", "isla", "mo"]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 15), tick=False):
        yield


def url(people, name="index", **kwargs):
    return reverse(f"portfolio:{name}", kwargs={"pk": people.amara_apprenticeship.pk, **kwargs})


def as_user(client, user):
    client.force_login(user)
    return client


def _file_item(people):
    item = EvidenceItemFactory(apprenticeship=people.amara_apprenticeship, kind="file", body="")
    stored = evidence_file_add(
        item=item,
        uploaded_by=people.amara,
        upload=SimpleUploadedFile("My plan.pdf", samples.PDF),
    )
    return item, stored


@pytest.mark.parametrize("name", READERS)
def test_everyone_on_the_record_reads_the_evidence(client, people, name):
    item = evidence_in_state(people.amara_apprenticeship, status="assessed", title="Planning")
    response = as_user(client, getattr(people, name)).get(url(people))
    assert response.status_code == 200
    assert b"Planning" in response.content
    detail = client.get(url(people, "item_detail", item_id=item.pk))
    assert detail.status_code == 200


@pytest.mark.parametrize("name", OUTSIDERS)
def test_epao_staff_and_outsiders_get_404_everywhere(client, people, name):
    item, stored = _file_item(people)
    as_user(client, getattr(people, name))
    for page in [
        url(people),
        url(people, "item_new"),
        url(people, "item_detail", item_id=item.pk),
        url(people, "item_map", item_id=item.pk),
        url(people, "file_download", item_id=item.pk, file_id=stored.pk),
    ]:
        assert client.get(page).status_code == 404, page


def test_a_guessed_file_url_from_another_apprenticeship_is_404(client, people):
    item, stored = _file_item(people)
    bea_item = EvidenceItemFactory(apprenticeship=people.bea_apprenticeship)
    as_user(client, people.bea)
    # Bea's own apprenticeship and item, with Amara's file id.
    guessed = reverse(
        "portfolio:file_download",
        kwargs={"pk": people.bea_apprenticeship.pk, "item_id": bea_item.pk, "file_id": stored.pk},
    )
    assert client.get(guessed).status_code == 404
    # Bea's apprenticeship with Amara's item.
    guessed = reverse(
        "portfolio:file_download",
        kwargs={"pk": people.bea_apprenticeship.pk, "item_id": item.pk, "file_id": stored.pk},
    )
    assert client.get(guessed).status_code == 404


def test_a_download_is_an_attachment_with_the_safe_name_and_nosniff(client, people):
    item, stored = _file_item(people)
    response = as_user(client, people.erin).get(
        url(people, "file_download", item_id=item.pk, file_id=stored.pk)
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "My plan.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == samples.PDF


def test_the_list_counts_by_status_and_filters_by_status_and_ksb(client, people):
    apprenticeship = people.amara_apprenticeship
    evidence_in_state(apprenticeship, status="draft", title="Draft one", codes=["K1"])
    evidence_in_state(apprenticeship, status="submitted", title="Waiting one", codes=["S2"])
    as_user(client, people.amara)
    response = client.get(url(people))
    counts = {value: count for value, _, count, _ in response.context["status_counts"]}
    assert counts == {"draft": 1, "submitted": 1, "returned": 0, "assessed": 0}
    response = client.get(url(people) + "?status=submitted")
    assert [i.title for i in response.context["page"]] == ["Waiting one"]
    response = client.get(url(people) + "?ksb=k1")
    assert [i.title for i in response.context["page"]] == ["Draft one"]
    response = client.get(url(people) + "?ksb=K99")
    assert list(response.context["page"]) == []
    assert b"no KSB K99" in response.content


def test_the_consultant_sees_items_awaiting_assessment_first(client, people):
    apprenticeship = people.amara_apprenticeship
    evidence_in_state(
        apprenticeship, status="submitted", title="Older", occurred_on=date(2026, 2, 1)
    )
    evidence_in_state(apprenticeship, status="draft", title="Newer", occurred_on=date(2026, 6, 1))
    consultant = as_user(client, people.carl).get(url(people))
    assert [i.title for i in consultant.context["page"]] == ["Older", "Newer"]
    apprentice = as_user(client, people.amara).get(url(people))
    assert [i.title for i in apprentice.context["page"]] == ["Newer", "Older"]


def test_the_list_makes_the_same_number_of_queries_whatever_its_length(client, people):
    apprenticeship = people.amara_apprenticeship
    as_user(client, people.carl)
    evidence_in_state(apprenticeship, status="assessed", codes=["K1"])
    client.get(url(people))
    with CaptureQueriesContext(connection) as few:
        client.get(url(people))
    for n in range(12):
        item = EvidenceItemFactory(apprenticeship=apprenticeship, title=f"Item {n}")
        map_ksbs(item, ["K1", "S1", "B1"])
    with CaptureQueriesContext(connection) as many:
        response = client.get(url(people))
    assert len(response.context["page"]) == 13
    assert len(many) == len(few)


def test_the_apprentice_adds_maps_submits_and_the_consultant_returns_then_assesses(client, people):
    as_user(client, people.amara)
    response = client.get(url(people, "item_new"))
    kinds = [value for value, _ in response.context["form"].fields["kind"].choices]
    assert kinds == ["file", "reflective_account", "witness_testimony"]
    response = client.post(
        url(people, "item_new"),
        {
            "kind": "reflective_account",
            "title": "Ground rules",
            "occurred_on": "2026-06-01",
            "body": "I agreed ground rules.",
        },
    )
    item = EvidenceItem.objects.get()
    assert response.url == url(people, "item_detail", item_id=item.pk)
    response = client.post(
        url(people, "item_map", item_id=item.pk),
        {
            "revision": item.revision,
            "ksb_K1": "on",
            "justification_K1": "",
            "ksb_S1": "on",
            "justification_S1": "I led it.",
        },
    )
    assert response.status_code == 200
    assert "how the evidence shows K1" in response.context["form"].errors["justification_K1"][0]
    assert item.mappings.count() == 0
    client.post(
        url(people, "item_map", item_id=item.pk),
        {
            "revision": item.revision,
            "ksb_K1": "on",
            "justification_K1": "I planned it.",
            "ksb_S1": "on",
            "justification_S1": "I led it.",
        },
    )
    assert item.mappings.count() == 2
    client.post(url(people, "item_submit", item_id=item.pk))
    item.refresh_from_db()
    assert item.status == "submitted"

    as_user(client, people.carl)
    response = client.post(url(people, "item_return", item_id=item.pk), {"feedback": " "})
    assert "Say what to improve" in response.context["form"].errors["feedback"][0]
    client.post(url(people, "item_return", item_id=item.pk), {"feedback": "Say what happened."})
    item.refresh_from_db()
    assert item.status == "returned"

    as_user(client, people.amara)
    detail = client.get(url(people, "item_detail", item_id=item.pk))
    assert b"Say what happened." in detail.content
    item.refresh_from_db()
    client.post(
        url(people, "item_edit", item_id=item.pk),
        {
            "title": "Ground rules",
            "occurred_on": "2026-06-01",
            "body": "Better.",
            "revision": item.revision,
        },
    )
    client.post(url(people, "item_submit", item_id=item.pk))

    as_user(client, people.carl)
    response = client.post(url(people, "item_assess", item_id=item.pk), {"judgement_K1": "secure"})
    assert "Judge S1" in response.context["form"].errors["judgement_S1"][0]
    client.post(
        url(people, "item_assess", item_id=item.pk),
        {"judgement_K1": "secure", "judgement_S1": "working_towards", "feedback": "Good."},
    )
    item.refresh_from_db()
    assert item.status == "assessed"
    states = dict(
        KsbCoverage.objects.filter(apprenticeship=item.apprenticeship).values_list(
            "ksb__code", "state"
        )
    )
    assert states == {"K1": "secure", "S1": "working_towards"}
    detail = client.get(url(people, "item_detail", item_id=item.pk))
    assert detail.content.count(b"Resubmitted") == 1
    assert b"Returned with feedback</strong> by Carl Example" in detail.content


def test_a_stale_edit_is_refused_on_the_page(client, people):
    item = EvidenceItemFactory(apprenticeship=people.amara_apprenticeship)
    as_user(client, people.amara)
    form = {"title": "Mine", "occurred_on": "2026-06-01", "body": "x", "revision": 1}
    client.post(url(people, "item_edit", item_id=item.pk), form)
    response = client.post(url(people, "item_edit", item_id=item.pk), form | {"title": "Theirs"})
    assert b"Someone else changed this item" in response.content
    item.refresh_from_db()
    assert item.title == "Mine"


def test_the_upload_page_refuses_a_mismatch_and_stores_nothing(client, people, settings):
    item = EvidenceItemFactory(apprenticeship=people.amara_apprenticeship, kind="file")
    as_user(client, people.amara)
    response = client.post(
        url(people, "file_upload", item_id=item.pk),
        {"file": SimpleUploadedFile("photo.pdf", samples.PNG)},
    )
    assert response.status_code == 200
    assert "named .pdf but its content" in response.context["form"].errors["file"][0]
    assert not EvidenceFile.objects.exists()
    assert [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] == []
    response = client.post(
        url(people, "file_upload", item_id=item.pk),
        {"file": SimpleUploadedFile("board.png", samples.PNG)},
    )
    assert response.status_code == 302
    assert EvidenceFile.objects.get().content_type == "image/png"


def test_a_file_is_removed_from_a_draft(client, people):
    item, stored = _file_item(people)
    as_user(client, people.amara)
    client.post(url(people, "file_remove", item_id=item.pk, file_id=stored.pk))
    stored.refresh_from_db()
    assert stored.removed_at is not None


@pytest.mark.parametrize("name", ["erin", "pat", "quinn", "carl"])
def test_others_on_the_record_may_not_change_the_apprentices_item(client, people, name):
    item = EvidenceItemFactory(apprenticeship=people.amara_apprenticeship)
    as_user(client, getattr(people, name))
    assert client.get(url(people, "item_edit", item_id=item.pk)).status_code == 403
    assert client.get(url(people, "item_map", item_id=item.pk)).status_code == 403
    assert client.post(url(people, "item_delete", item_id=item.pk)).status_code == 403


@pytest.mark.parametrize("name", ["amara", "erin", "quinn", "dina"])
def test_only_the_consultant_or_an_admin_assesses(client, people, name):
    item = evidence_in_state(people.amara_apprenticeship, status="submitted")
    as_user(client, getattr(people, name))
    assert client.get(url(people, "item_assess", item_id=item.pk)).status_code == 403
    assert client.get(url(people, "item_return", item_id=item.pk)).status_code == 403


def test_a_decision_is_corrected_with_a_reason(client, people):
    item = evidence_in_state(
        people.amara_apprenticeship, status="assessed", judgements={"K1": "working_towards"}
    )
    decision = item.current_decision
    as_user(client, people.carl)
    page = url(people, "decision_correct", item_id=item.pk, decision_id=decision.pk)
    response = client.post(page, {"reason": "", "outcome": "assessed", "judgement_K1": "secure"})
    assert "Say why the earlier decision was wrong." in response.context["form"].errors["reason"][0]
    client.post(page, {"reason": "Misread it.", "outcome": "assessed", "judgement_K1": "secure"})
    newest = Decision.objects.latest("pk")
    assert newest.corrects == decision and newest.correction_reason == "Misread it."
    detail = client.get(url(people, "item_detail", item_id=item.pk))
    assert b"Reason for the correction:</span> Misread it." in detail.content
    assert KsbCoverage.objects.get(apprenticeship=item.apprenticeship).state == "secure"


def test_reopen_and_delete(client, people):
    item = evidence_in_state(people.amara_apprenticeship, status="assessed")
    draft = EvidenceItemFactory(apprenticeship=people.amara_apprenticeship)
    as_user(client, people.amara)
    client.post(url(people, "item_reopen", item_id=item.pk))
    item.refresh_from_db()
    assert item.status == "draft"
    response = client.post(url(people, "item_delete", item_id=item.pk))
    assert EvidenceItem.objects.filter(pk=item.pk).exists()
    assert response.status_code == 302
    client.post(url(people, "item_delete", item_id=draft.pk))
    assert not EvidenceItem.objects.filter(pk=draft.pk).exists()


def test_the_employer_contact_adds_a_witness_testimony(client, people):
    as_user(client, people.erin)
    response = client.get(url(people, "item_new"))
    assert response.context["kind"] == "witness_testimony"
    response = client.post(
        url(people, "item_new"),
        {
            "kind": "witness_testimony",
            "title": "Seen at work",
            "occurred_on": "2026-06-01",
            "body": "She ran the session well.",
            "witness_name": "",
            "witness_role": "",
        },
    )
    assert "Give the name of the witness." in response.context["form"].errors["witness_name"][0]
