from datetime import date

import pytest
import time_machine
from django.urls import reverse

from trellis.reviews.models import ProgressReview
from trellis.safeguarding.models import Concern
from trellis.testing.reviews_factories import recorded_review

pytestmark = pytest.mark.django_db

OUTSIDERS = ["cora", "evan", "bea", "paula", "otto"]
READ_ONLY = ["amara", "erin", "dina", "pat", "quinn"]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 1), tick=False):
        yield


def form_data(apprenticeship, **changes):
    data = {
        "held_on": "2026-05-28",
        "mode": "face_to_face",
        "training_since": "Workshop on feedback",
        "otj_hours_since": "12.5",
        "coaching": "Questioning techniques",
        "wellbeing": "no_concerns",
        "wellbeing_notes": "",
        "next_review_date": "2026-08-20",
        "steps-TOTAL_FORMS": "3",
        "steps-INITIAL_FORMS": "0",
        "steps-0-description": "Write a reflective log",
        "steps-0-owner": "apprentice",
        "steps-0-due_date": "2026-06-30",
    }
    for ksb in apprenticeship.standard_version.ksbs.all():
        data[f"ksb_{ksb.pk}"] = "working_towards"
    data.update(changes)
    return data


def urls(people, review):
    pk = people.amara_apprenticeship.pk
    return {
        "index": reverse("reviews:index", args=[pk]),
        "record": reverse("reviews:record", args=[pk]),
        "detail": reverse("reviews:detail", args=[pk, review.pk]),
        "edit": reverse("reviews:edit", args=[pk, review.pk]),
        "correct": reverse("reviews:correct", args=[pk, review.pk]),
    }


def test_the_consultant_records_a_review_from_the_form(client, people):
    apprenticeship = people.amara_apprenticeship
    client.force_login(people.carl)
    page = client.get(reverse("reviews:record", args=[apprenticeship.pk]))
    assert page.status_code == 200
    assert "Progress on each KSB" in page.content.decode()
    response = client.post(
        reverse("reviews:record", args=[apprenticeship.pk]), form_data(apprenticeship)
    )
    review = ProgressReview.objects.get()
    assert response.status_code == 302
    assert review.next_steps.get().owner == "apprentice"
    assert review.otj_hours_since == 12.5
    detail = client.get(response.url).content.decode()
    assert "Sign this review" in detail
    assert "Still to sign: apprentice, training consultant, employer" in detail


def test_a_late_next_review_date_shows_the_latest_allowed(client, people):
    apprenticeship = people.amara_apprenticeship
    client.force_login(people.carl)
    response = client.post(
        reverse("reviews:record", args=[apprenticeship.pk]),
        form_data(apprenticeship, next_review_date="2026-09-01"),
    )
    assert response.status_code == 200
    assert "no later than 28 Aug 2026" in response.content.decode()
    assert not ProgressReview.objects.exists()


def test_the_reviews_page_shows_overdue_and_due_soon(client, people):
    apprenticeship = people.amara_apprenticeship
    client.force_login(people.erin)
    # Started 5 Jan 2026: the first review was due 5 Apr.
    assert (
        "Overdue" in client.get(reverse("reviews:index", args=[apprenticeship.pk])).content.decode()
    )
    recorded_review(apprenticeship, held_on=date(2026, 5, 1), next_review_date=date(2026, 6, 10))
    page = client.get(reverse("reviews:index", args=[apprenticeship.pk])).content.decode()
    assert "Due within 14 days" in page
    assert "10 Jun 2026" in page


def test_signing_from_the_page_locks_after_the_third(client, people):
    review = recorded_review(people.amara_apprenticeship, held_on=date(2026, 5, 1))
    for user in (people.amara, people.erin, people.carl):
        client.force_login(user)
        index = client.get(urls(people, review)["index"]).content.decode()
        assert "needs your signature" in index
        assert "Sign this review" in client.get(urls(people, review)["detail"]).content.decode()
        client.post(reverse("reviews:sign", args=[people.amara_apprenticeship.pk, review.pk]))
    review.refresh_from_db()
    assert review.is_locked
    page = client.get(urls(people, review)["detail"]).content.decode()
    assert "Signed and locked" in page and "Sign this review" not in page
    assert "Correct this review" in page


def test_the_correction_page_links_both_ways(client, people):
    review = recorded_review(
        people.amara_apprenticeship,
        held_on=date(2026, 5, 1),
        signed_by=[people.amara, people.carl, people.erin],
    )
    client.force_login(people.carl)
    response = client.post(urls(people, review)["correct"], {"reason": "Wrong mode recorded"})
    correction = ProgressReview.objects.get(corrects=review)
    assert response.url == reverse(
        "reviews:edit", args=[people.amara_apprenticeship.pk, correction.pk]
    )
    original = client.get(urls(people, review)["detail"]).content.decode()
    assert "Corrected by" in original and "Wrong mode recorded" in original
    corrected = client.get(urls(people, correction)["detail"]).content.decode()
    assert "This corrects" in corrected


@pytest.mark.parametrize("name", OUTSIDERS)
def test_outsiders_see_nothing_and_change_nothing(client, people, name):
    review = recorded_review(people.amara_apprenticeship, held_on=date(2026, 5, 1))
    client.force_login(getattr(people, name))
    for url in urls(people, review).values():
        assert client.get(url).status_code == 404
        assert client.post(url, form_data(people.amara_apprenticeship)).status_code == 404
    sign = reverse("reviews:sign", args=[people.amara_apprenticeship.pk, review.pk])
    assert client.post(sign).status_code == 404
    assert not review.signatures.exists()
    assert ProgressReview.objects.count() == 1


@pytest.mark.parametrize("name", READ_ONLY)
def test_others_who_see_the_record_read_reviews_but_cannot_write(client, people, name):
    review = recorded_review(people.amara_apprenticeship, held_on=date(2026, 5, 1))
    client.force_login(getattr(people, name))
    pages = urls(people, review)
    assert client.get(pages["index"]).status_code == 200
    assert client.get(pages["detail"]).status_code == 200
    for key in ("record", "edit", "correct"):
        assert client.get(pages[key]).status_code == 403
        data = form_data(people.amara_apprenticeship, held_on="2026-05-02")
        assert client.post(pages[key], data).status_code == 403
    review.refresh_from_db()
    assert review.held_on == date(2026, 5, 1)
    assert ProgressReview.objects.count() == 1


@pytest.mark.parametrize("name", ["dina", "pat", "quinn"])
def test_provider_staff_who_are_not_parties_cannot_sign(client, people, name):
    review = recorded_review(people.amara_apprenticeship, held_on=date(2026, 5, 1))
    client.force_login(getattr(people, name))
    assert "Sign this review" not in client.get(urls(people, review)["detail"]).content.decode()
    sign = reverse("reviews:sign", args=[people.amara_apprenticeship.pk, review.pk])
    assert client.post(sign).status_code == 403
    assert not review.signatures.exists()


def test_the_consultant_cannot_edit_after_the_first_signature(client, people):
    review = recorded_review(
        people.amara_apprenticeship, held_on=date(2026, 5, 1), signed_by=[people.erin]
    )
    client.force_login(people.carl)
    assert "Change the review" not in client.get(urls(people, review)["detail"]).content.decode()
    response = client.post(
        urls(people, review)["edit"], form_data(people.amara_apprenticeship, held_on="2026-05-02")
    )
    assert "no longer be changed" in response.content.decode()
    review.refresh_from_db()
    assert review.held_on == date(2026, 5, 1)


def test_concerns_from_the_form_go_to_the_safeguarding_lead_not_the_review(client, people):
    apprenticeship = people.amara_apprenticeship
    client.force_login(people.carl)
    page = client.get(reverse("reviews:record", args=[apprenticeship.pk])).content.decode()
    assert "What was seen or said" in page
    assert "goes to the safeguarding lead only and is not kept in the review" in page
    assert "Radicalisation (Prevent)" in page
    response = client.post(
        reverse("reviews:record", args=[apprenticeship.pk]),
        form_data(
            apprenticeship,
            wellbeing="concerns",
            wellbeing_category="mental_health",
            wellbeing_immediate_risk="false",
            wellbeing_notes="Said she cannot sleep for worrying about money.",
        ),
    )
    assert response.status_code == 302
    review = ProgressReview.objects.get()
    concern = Concern.objects.get()
    assert concern.raised_from_review == review
    assert concern.category == "mental_health" and concern.immediate_risk is False
    assert review.wellbeing_notes == ""
    for user in (people.carl, people.amara, people.erin):
        client.force_login(user)
        detail = client.get(response.url).content.decode()
        assert (
            "Concerns raised: passed to the safeguarding lead as a safeguarding concern on "
            "1 Jun 2026"
        ) in detail
        assert "money" not in detail
        assert "mental" not in detail.lower()
    client.force_login(people.carl)
    edit = client.get(reverse("reviews:edit", args=[apprenticeship.pk, review.pk]))
    assert "Saving it again raises nothing new" in edit.content.decode()
    assert "wellbeing_category" not in edit.content.decode()


def test_concerns_without_their_kind_and_risk_show_errors_next_to_the_fields(client, people):
    apprenticeship = people.amara_apprenticeship
    client.force_login(people.carl)
    response = client.post(
        reverse("reviews:record", args=[apprenticeship.pk]),
        form_data(apprenticeship, wellbeing="concerns"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["wellbeing_category"] == ["Choose what kind of concern this is."]
    assert form.errors["wellbeing_immediate_risk"] == ["Say whether anyone is at immediate risk."]
    assert "wellbeing_notes" in form.errors
    assert not ProgressReview.objects.exists()
    assert not Concern.objects.exists()


def test_an_older_review_shows_the_notes_it_kept(client, people):
    review = recorded_review(people.amara_apprenticeship, held_on=date(2026, 4, 1))
    ProgressReview.objects.filter(pk=review.pk).update(
        wellbeing="concerns", wellbeing_notes="Worried about sleep."
    )
    client.force_login(people.carl)
    detail = client.get(urls(people, review)["detail"]).content.decode()
    assert "Worried about sleep." in detail
    assert "passed to the safeguarding lead" not in detail
