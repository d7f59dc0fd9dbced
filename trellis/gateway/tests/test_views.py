from datetime import UTC, datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from trellis.apprenticeships.models import Apprenticeship
from trellis.booking.services import assessor_assign
from trellis.gateway.models import Declaration, GatewayAttempt, Override
from trellis.gateway.services import (
    gateway_declare,
    gateway_override,
    gateway_return,
    gateway_submit,
)
from trellis.testing.caseload_factories import bulk_caseload
from trellis.testing.gateway_factories import (
    accepted,
    make_ready,
    offered,
    signed_off,
    submitted,
)

pytestmark = pytest.mark.django_db

READERS = ["amara", "carl", "erin", "pat", "quinn", "dina"]
OUTSIDERS = ["bea", "cora", "evan", "paula", "otto", "ada", "ian", "isla", "mo"]
REASON = "The apprentice has covered this in the workplace; the employer confirms it in writing."


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 12, tzinfo=UTC), tick=False)


def url(people, name, *args):
    return reverse(f"gateway:{name}", args=[people.amara_apprenticeship.pk, *args])


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def post_as(client, user, address, data=None):
    client.force_login(user)
    return client.post(address, data or {}, follow=True)


@pytest.mark.parametrize("name", READERS)
def test_everyone_who_reads_the_record_reads_the_gateway_tab(client, people, name):
    client.force_login(getattr(people, name))
    response = client.get(url(people, "readiness"))
    assert response.status_code == 200
    assert "<h2>Gateway</h2>" in response.text
    assert 'aria-current="page">Gateway</a>' in response.text


@pytest.mark.parametrize("name", OUTSIDERS)
def test_anyone_else_gets_not_found(client, people, name):
    client.force_login(getattr(people, name))
    assert client.get(url(people, "readiness")).status_code == 404
    assert client.post(url(people, "declare")).status_code == 404
    assert client.post(url(people, "submit")).status_code == 404
    assert client.get(url(people, "override")).status_code == 404


def test_an_apprentice_not_ready_sees_each_unmet_requirement_and_the_forecast(client, people):
    client.force_login(people.carl)
    response = client.get(url(people, "readiness"))
    page = response.text
    assert "Not ready yet" in page
    assert "Not met" in page
    assert "Forecast" in page
    assert "No forecast yet" in page or "Likely ready by" in page
    assert "Declare ready" not in page
    assert "Submit to" not in page


def test_the_sign_off_goes_in_order_through_the_page(client, people):
    apprenticeship = make_ready(people.amara_apprenticeship)

    out_of_turn = post_as(client, people.amara, url(people, "declare"))
    assert any("declares next" in message for message in said(out_of_turn))
    assert not Declaration.objects.exists()

    client.force_login(people.carl)
    page = client.get(url(people, "readiness")).text
    assert "Ready to sign off" in page
    assert "As Amara Example&#x27;s training consultant, I declare" in page
    assert "Declare ready" in page
    client.force_login(people.erin)
    assert "Declare ready" not in client.get(url(people, "readiness")).text

    response = post_as(client, people.carl, url(people, "declare"))
    assert "You declared Amara Example competent and ready. Next: the apprentice." in said(response)
    assert "Signing off: the apprentice declares next." in response.text

    response = post_as(client, people.amara, url(people, "declare"))
    assert "Next: the employer contact." in said(response)[0]
    response = post_as(client, people.erin, url(people, "declare"))
    assert "The sign-off is complete" in said(response)[0]
    assert [d.party for d in Declaration.objects.order_by("declared_at", "pk")] == [
        "consultant",
        "apprentice",
        "employer",
    ]
    assert "Carl Example</strong>, the training consultant, declared" in response.text
    apprenticeship.refresh_from_db()
    assert apprenticeship.status == Apprenticeship.Status.ON_PROGRAMME


def test_a_provider_admin_overrides_an_unmet_requirement(client, people):
    client.force_login(people.pat)
    page = client.get(url(people, "readiness")).text
    assert "Override this requirement" in page
    form = client.get(url(people, "override"), {"requirement": "safeguarding-l1"})
    assert form.status_code == 200
    assert "the EPAO reads" in form.text or "assessment organisation reads" in form.text

    too_short = client.post(
        url(people, "override"), {"requirement": "safeguarding-l1", "reason": "Fine."}
    )
    assert too_short.status_code == 200
    assert "at least 20 characters" in too_short.text
    assert not Override.objects.exists()

    response = client.post(
        url(people, "override"),
        {"requirement": "safeguarding-l1", "reason": REASON},
        follow=True,
    )
    override = Override.objects.get()
    assert override.requirement_code == "safeguarding-l1"
    assert override.overridden_by == people.pat
    assert "is overridden" in said(response)[0]
    assert "Overridden</strong>" in response.text
    assert REASON in response.text


@pytest.mark.parametrize("name", ["carl", "amara", "erin", "quinn"])
def test_only_provider_admins_reach_the_override_page(client, people, name):
    client.force_login(getattr(people, name))
    assert "Override this requirement" not in client.get(url(people, "readiness")).text
    assert client.get(url(people, "override")).status_code == 403
    response = client.post(
        url(people, "override"), {"requirement": "safeguarding-l1", "reason": REASON}
    )
    assert response.status_code == 403
    assert not Override.objects.exists()


def test_no_override_once_the_sign_off_has_begun(client, people):
    make_ready(people.amara_apprenticeship)
    post_as(client, people.carl, url(people, "declare"))
    client.force_login(people.pat)
    assert "Override this requirement" not in client.get(url(people, "readiness")).text
    assert "The sign-off has begun" in client.get(url(people, "override")).text


def test_submitting_before_the_sign_off_is_refused_with_what_to_do(client, people):
    response = post_as(client, people.carl, url(people, "submit"))
    assert said(response) == ["Nobody has declared the apprentice ready yet."]
    assert not GatewayAttempt.objects.filter(status=GatewayAttempt.Status.SUBMITTED).exists()


def test_the_consultant_submits_once_signed_off(
    client, people, mailoutbox, django_capture_on_commit_callbacks
):
    signed_off(people.amara_apprenticeship)
    client.force_login(people.amara)
    assert "Submit to Fair Assessment Ltd" not in client.get(url(people, "readiness")).text
    assert client.post(url(people, "submit")).status_code == 403

    client.force_login(people.carl)
    page = client.get(url(people, "readiness")).text
    assert "Submit to Fair Assessment Ltd" in page
    assert "freezes the Showcase" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(people, "submit"), follow=True)
    assert said(response)[0].startswith("Submitted to Fair Assessment Ltd.")
    assert "Submitted to Fair Assessment Ltd on 23 Nov 2026" in response.text
    assert "Checklist as submitted" in response.text
    assert GatewayAttempt.objects.get().status == GatewayAttempt.Status.SUBMITTED
    assert mailoutbox


def test_a_returned_gateway_shows_each_reason_and_keeps_the_attempt(client, people):
    attempt = submitted(people.amara_apprenticeship)
    gateway_return(
        attempt=attempt,
        decided_by=people.ada,
        reasons={"otj-hours": "Several entries describe ordinary work, not training."},
    )
    client.force_login(people.amara)
    page = client.get(url(people, "readiness")).text
    assert "Returned by Fair Assessment Ltd on 23 Nov 2026" in page
    assert "Ada Example returned attempt 1" in page
    assert "Several entries describe ordinary work, not training." in page
    assert "Earlier attempts" in page
    assert url(people, "attempt", 1) in page

    kept = client.get(url(people, "attempt", 1))
    assert kept.status_code == 200
    assert "Why it was returned" in kept.text
    assert "Several entries describe ordinary work" in kept.text
    assert "Checklist as submitted" in kept.text
    assert client.get(url(people, "attempt", 2)).status_code == 404


def test_an_attempt_page_is_not_found_for_outsiders(client, people):
    submitted(people.amara_apprenticeship)
    client.force_login(people.ada)
    assert client.get(url(people, "attempt", 1)).status_code == 404


def test_the_override_is_shown_with_the_frozen_checklist(client, people):
    gateway_override(
        apprenticeship=people.amara_apprenticeship,
        requirement_code="safeguarding-l1",
        reason=REASON,
        overridden_by=people.pat,
    )
    client.force_login(people.carl)
    assert REASON in client.get(url(people, "readiness")).text


def test_the_booking_shows_the_dates_offered_and_the_assessor(client, people):
    booking = accepted(people.amara_apprenticeship)
    client.force_login(people.erin)
    page = client.get(url(people, "readiness")).text
    assert "End-point assessment" in page
    assert "Not offered yet." in page
    assert reverse("booking:offer_dates", args=[people.amara_apprenticeship.pk]) in page

    offered(booking)
    assessor_assign(booking=booking, assigned_by=people.ada, assessor=people.ian)
    client.force_login(people.carl)
    page = client.get(url(people, "readiness")).text
    assert "3 Dec 2026 to 2 Jan 2027" in page
    assert "Ian Example" in page
    assert "Offer different dates" not in page
    assert "Accepted by Fair Assessment Ltd on 23 Nov 2026" in page


# --- The pipeline ------------------------------------------------------------------------------

PIPELINE = reverse("gateway:pipeline")


@pytest.mark.parametrize("name", ["amara", "erin", "ada", "ian", "otto"])
def test_the_pipeline_is_for_the_providers_staff(client, people, name):
    client.force_login(getattr(people, name))
    assert client.get(PIPELINE).status_code == 404


def stage_of(response, apprenticeship) -> str | None:
    pipeline = response.context["pipeline"]
    for stage in ("returned", "signing", "submitted", "accepted", "approaching"):
        if any(row.apprenticeship.pk == apprenticeship.pk for row in getattr(pipeline, stage)):
            return stage
    return None


def test_the_pipeline_follows_an_apprentice_through_each_stage(client, people):
    amara = people.amara_apprenticeship
    client.force_login(people.carl)
    signed_off(amara)
    response = client.get(PIPELINE)
    assert stage_of(response, amara) == "signing"
    assert "Ready to submit to Fair Assessment Ltd" in response.text

    attempt = gateway_submit(apprenticeship=amara, submitted_by=people.carl)
    assert stage_of(client.get(PIPELINE), amara) == "submitted"

    gateway_return(attempt=attempt, decided_by=people.ada, reasons={"general": "Incomplete."})
    response = client.get(PIPELINE)
    assert stage_of(response, amara) == "returned"
    assert "Returned</strong> by Fair Assessment Ltd" in response.text


def test_the_pipeline_shows_the_booking_and_whom_to_chase(client, people):
    amara = people.amara_apprenticeship
    make_ready(amara)
    gateway_declare(apprenticeship=amara, declared_by=people.carl)
    client.force_login(people.pat)
    response = client.get(PIPELINE)
    assert stage_of(response, amara) == "signing"
    assert "The apprentice declares next." in response.text


def test_accepted_apprentices_show_the_range_and_assessor(client, people):
    booking = accepted(people.amara_apprenticeship)
    offered(booking)
    assessor_assign(booking=booking, assigned_by=people.ada, assessor=people.isla)
    client.force_login(people.carl)
    response = client.get(PIPELINE)
    assert stage_of(response, people.amara_apprenticeship) == "accepted"
    assert "3 Dec 2026 to 2 Jan 2027" in response.text
    assert "Isla Example" in response.text
    assert "None booked" in response.text


def test_approaching_gateway_lists_on_programme_apprentices_near_their_minimum_time(client, people):
    near = bulk_caseload(people, 2)
    far = bulk_caseload(people, 1)[0]
    Apprenticeship.objects.filter(pk=far.pk).update(start_date=datetime(2026, 9, 1).date())
    client.force_login(people.carl)
    response = client.get(PIPELINE)
    on_programme = [a for a in near if a.status == Apprenticeship.Status.ON_PROGRAMME]
    for apprenticeship in on_programme:
        assert stage_of(response, apprenticeship) == "approaching"
    assert stage_of(response, far) is None
    row = next(
        row
        for row in response.context["pipeline"].approaching
        if row.apprenticeship.pk == on_programme[0].pk
    )
    assert row.otj_confirmed == 50
    assert row.otj_required == 187
    assert row.ksbs_total > 0
    assert "50 of 187 confirmed" in response.text


def test_provider_staff_filter_the_pipeline_by_consultant(client, people):
    bulk_caseload(people, 2, consultant=people.cora)
    bulk_caseload(people, 2, consultant=people.carl)
    client.force_login(people.pat)
    everyone = client.get(PIPELINE).context["pipeline"].approaching
    carls = client.get(PIPELINE, {"consultant": people.carl.pk}).context["pipeline"].approaching
    assert {row.apprenticeship.consultant_id for row in everyone} == {
        people.carl.pk,
        people.cora.pk,
    }
    assert {row.apprenticeship.consultant_id for row in carls} == {people.carl.pk}
    client.force_login(people.carl)
    response = client.get(PIPELINE, {"consultant": people.cora.pk})
    assert response.context["form"] is None
    assert all(
        row.apprenticeship.consultant_id == people.carl.pk
        for row in response.context["pipeline"].approaching
    )


@pytest.mark.parametrize("name", ["carl", "pat"])
def test_the_pipeline_makes_a_fixed_number_of_queries(
    client, people, name, django_assert_max_num_queries
):
    signed_off(people.amara_apprenticeship)
    client.force_login(getattr(people, name))
    bulk_caseload(people, 3)
    with django_assert_max_num_queries(20) as few:
        client.get(PIPELINE)
    bulk_caseload(people, 27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(PIPELINE)
    assert len(response.context["pipeline"].approaching) >= 20


def test_the_showcase_says_it_is_frozen_once_submitted(client, people):
    client.force_login(people.amara)
    showcase = reverse("showcase:index", args=[people.amara_apprenticeship.pk])
    assert "The Showcase is frozen" not in client.get(showcase).text
    submitted(people.amara_apprenticeship)
    assert "The Showcase is frozen" in client.get(showcase).text
