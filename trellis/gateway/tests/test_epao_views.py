from datetime import UTC, datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from trellis.booking.models import Booking
from trellis.gateway.models import GatewayAttempt, ReturnReason
from trellis.gateway.services import gateway_declare, gateway_override, gateway_submit
from trellis.qualifications.models import SafeguardingQualification
from trellis.testing.factories import ApprenticeshipFactory
from trellis.testing.gateway_factories import (
    employer_contact,
    make_ready,
    signed_off,
    submitted,
)

pytestmark = pytest.mark.django_db

READERS = ["ada", "mo"]
OUTSIDERS = ["ian", "isla", "paula", "otto", "carl", "pat", "amara", "erin"]


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 12, tzinfo=UTC), tick=False)


@pytest.fixture
def attempt(people):
    return submitted(people.amara_apprenticeship)


def page(attempt, name="epao_attempt"):
    return reverse(f"gateway:{name}", args=[attempt.pk])


@pytest.mark.parametrize("name", READERS)
def test_the_epao_staff_see_the_queue(client, people, attempt, name):
    client.force_login(getattr(people, name))
    response = client.get(reverse("gateway:epao_queue"))
    assert response.status_code == 200
    assert "Awaiting your decision" in response.text
    assert "Amara Example" in response.text
    assert "Northway Training" in response.text
    assert "Riverside College" in response.text


@pytest.mark.parametrize("name", OUTSIDERS)
def test_nobody_else_reaches_the_queue_or_the_submission(client, people, attempt, name):
    client.force_login(getattr(people, name))
    assert client.get(reverse("gateway:epao_queue")).status_code == 404
    assert client.get(page(attempt)).status_code == 404
    assert client.get(page(attempt, "epao_showcase_pdf")).status_code == 404
    assert client.get(page(attempt, "epao_showcase_zip")).status_code == 404
    response = client.post(page(attempt, "epao_accept"), {"revision": attempt.revision})
    assert response.status_code == 404
    attempt.refresh_from_db()
    assert attempt.status == GatewayAttempt.Status.SUBMITTED


def test_an_epao_sees_nothing_of_an_apprentice_not_submitted_to_it(client, people):
    preparing = signed_off(people.amara_apprenticeship)
    client.force_login(people.ada)
    assert "Amara Example" not in client.get(reverse("gateway:epao_queue")).text
    for name in ("epao_attempt", "epao_showcase_pdf", "epao_showcase_zip"):
        assert client.get(page(preparing, name)).status_code == 404
    guessed = reverse("gateway:epao_attempt", args=[preparing.pk + 1000])
    assert client.get(guessed).status_code == 404
    assert (
        client.get(
            reverse("apprenticeships:detail", args=[people.amara_apprenticeship.pk])
        ).status_code
        == 404
    )


def test_the_submission_shows_what_the_assessment_needs_and_nothing_else(client, people, attempt):
    client.force_login(people.ada)
    response = client.get(page(attempt))
    text = response.text
    assert "amara@trellis.example" in text
    assert "Riverside College" in text
    assert "Erin Example" in text and "erin@trellis.example" in text
    assert "Northway Training" in text
    assert people.amara_apprenticeship.standard_version.version in text
    assert "Checklist as submitted" in text
    assert all(row["title"] in text for row in attempt.checklist)
    assert "Carl Example" in text
    assert attempt.declarations.get(party="apprentice").statement in text
    assert page(attempt, "epao_showcase_pdf") in text
    assert page(attempt, "epao_showcase_zip") in text
    assert f"/apprenticeships/{people.amara_apprenticeship.pk}/" not in text
    assert "Off-the-job log" not in text
    assert "Accept the gateway" in text
    assert "The submission as a whole" in text


def test_the_moderator_reads_but_does_not_decide(client, people, attempt):
    client.force_login(people.mo)
    response = client.get(page(attempt))
    assert response.status_code == 200
    assert "Accept the gateway" not in response.text
    assert "Return the gateway" not in response.text
    response = client.post(page(attempt, "epao_accept"), {"revision": attempt.revision})
    assert response.status_code == 403
    response = client.post(
        page(attempt, "epao_return"), {"revision": attempt.revision, "reason_general": "No."}
    )
    assert response.status_code == 403
    attempt.refresh_from_db()
    assert attempt.status == GatewayAttempt.Status.SUBMITTED


def test_an_override_is_shown_prominently(client, people):
    apprenticeship = make_ready(people.amara_apprenticeship)
    SafeguardingQualification.objects.filter(apprenticeship=apprenticeship).delete()
    gateway_override(
        apprenticeship=apprenticeship,
        requirement_code="safeguarding-l1",
        reason="Booked on the course next week; the certificate follows.",
        overridden_by=people.pat,
    )
    gateway_declare(apprenticeship=apprenticeship, declared_by=people.carl)
    gateway_declare(apprenticeship=apprenticeship, declared_by=people.amara)
    gateway_declare(apprenticeship=apprenticeship, declared_by=employer_contact(apprenticeship))
    attempt = gateway_submit(apprenticeship=apprenticeship, submitted_by=people.carl)
    client.force_login(people.ada)
    queue = client.get(reverse("gateway:epao_queue")).text
    assert "1 overridden" in queue
    text = client.get(page(attempt)).text
    assert "Overridden by the provider:" in text
    assert "Booked on the course next week; the certificate follows." in text


def test_the_epao_admin_accepts(
    client, people, attempt, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(people.ada)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            page(attempt, "epao_accept"),
            {"revision": attempt.revision, "note": "Book the observation early."},
            follow=True,
        )
    attempt.refresh_from_db()
    assert attempt.status == GatewayAttempt.Status.ACCEPTED
    assert attempt.decided_by == people.ada
    booking = Booking.objects.get(attempt=attempt)
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert said[0].startswith("Gateway accepted: Amara Example.")
    assert "Book the observation early." in response.text
    assert reverse("booking:booking", args=[booking.pk]) in response.text
    assert "Accept the gateway" not in response.text
    assert any("Gateway accepted" in email.subject for email in mailoutbox)
    queue = client.get(reverse("gateway:epao_queue")).text
    assert reverse("booking:booking", args=[booking.pk]) in queue


def test_a_stale_form_is_refused(client, people, attempt):
    client.force_login(people.ada)
    response = client.post(page(attempt, "epao_accept"), {"revision": attempt.revision - 1})
    assert response.status_code == 200
    assert "Someone else" in response.text or "reload" in response.text
    attempt.refresh_from_db()
    assert attempt.status == GatewayAttempt.Status.SUBMITTED


def test_the_epao_admin_returns_with_reasons_and_the_attempt_is_kept(client, people, attempt):
    client.force_login(people.ada)
    code = attempt.checklist[0]["code"]
    response = client.post(
        page(attempt, "epao_return"),
        {
            "revision": attempt.revision,
            f"reason_{code}": "The dates do not add up.",
            "reason_general": "Check the employer's declaration date.",
        },
        follow=True,
    )
    attempt.refresh_from_db()
    assert attempt.status == GatewayAttempt.Status.RETURNED
    reasons = dict(attempt.return_reasons.values_list("requirement_code", "reason"))
    assert reasons == {
        code: "The dates do not add up.",
        ReturnReason.GENERAL: "Check the employer's declaration date.",
    }
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert said[0].startswith("Gateway returned: Amara Example.")
    assert "The dates do not add up." in response.text
    assert "Return the gateway" not in response.text

    second = submitted(people.amara_apprenticeship)
    assert second.number == 2
    assert GatewayAttempt.objects.filter(apprenticeship=people.amara_apprenticeship).count() == 2
    text = client.get(page(second)).text
    assert "Earlier attempts" in text
    assert "The dates do not add up." in text
    assert client.get(page(attempt)).status_code == 200


def test_a_return_needs_at_least_one_reason(client, people, attempt):
    client.force_login(people.ada)
    response = client.post(page(attempt, "epao_return"), {"revision": attempt.revision})
    assert response.status_code == 200
    assert "Give the reason for at least one requirement" in response.text
    attempt.refresh_from_db()
    assert attempt.status == GatewayAttempt.Status.SUBMITTED


def test_the_epao_downloads_the_frozen_showcase(client, people, attempt):
    client.force_login(people.mo)
    response = client.get(page(attempt, "epao_showcase_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    response = client.get(page(attempt, "epao_showcase_zip"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"


def _more_attempts(people, template: GatewayAttempt, count: int) -> None:
    for _ in range(count):
        apprenticeship = ApprenticeshipFactory(
            provider=people.provider,
            employer=people.employer,
            epao=people.epao,
            standard_version=people.amara_apprenticeship.standard_version,
        )
        GatewayAttempt.objects.create(
            apprenticeship=apprenticeship,
            number=1,
            status=GatewayAttempt.Status.SUBMITTED,
            started_at=timezone.now(),
            epao=people.epao,
            submitted_at=timezone.now(),
            submitted_by=people.carl,
            checklist=template.checklist,
        )


def test_the_queue_takes_the_same_queries_however_long(client, people, attempt):
    client.force_login(people.ada)
    _more_attempts(people, attempt, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("gateway:epao_queue")).status_code == 200
    _more_attempts(people, attempt, 27)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("gateway:epao_queue"))
    assert "Awaiting your decision (30)" in response.text
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_queue_query_count_is_bounded(client, people, attempt, django_assert_max_num_queries):
    client.force_login(people.ada)
    _more_attempts(people, attempt, 29)
    with django_assert_max_num_queries(12):
        client.get(reverse("gateway:epao_queue"))
