from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from trellis.apprenticeships.models import Apprenticeship
from trellis.reviews.models import ProgressReview
from trellis.tests.browser.conftest import assert_accessible, screenshot, sign_in

APPRENTICE = "apprentice1@eastgate-college.example"
CONSULTANT = "consultant1@northway-training.example"
EMPLOYER = "employer1@eastgate-college.example"


def test_a_consultant_records_a_review_that_the_apprentice_and_employer_sign(
    browser, page, phone_page, live_server, demo
):
    apprenticeship = Apprenticeship.objects.get(apprentice__email=APPRENTICE)
    reviews_url = f"{live_server.url}/apprenticeships/{apprenticeship.pk}/reviews/"
    before = ProgressReview.objects.filter(apprenticeship=apprenticeship).count()

    sign_in(page, live_server, CONSULTANT, demo)
    page.goto(reviews_url)
    expect(page.get_by_text("Due within 14 days")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "review-list")
    page.get_by_role("link", name="Record a review").click()
    page.get_by_label("Face to face").check()
    for done in page.locator("input[type=radio][value=yes]").all():
        done.check()
    page.get_by_label("Training since the last review").fill("Workshop on giving feedback.")
    page.get_by_label("Coaching given").fill("Structuring a first mentoring meeting.")
    page.locator("#id_steps-0-description").fill("Lead a mentoring session with a new starter")
    page.locator("#id_steps-0-owner").select_option("apprentice")
    page.locator("#id_steps-0-due_date").fill(str(timezone.localdate() + timedelta(days=30)))
    next_review = timezone.localdate() + timedelta(days=60)
    page.get_by_label("Next review date").fill(str(next_review))
    assert_accessible(page)
    screenshot(page, "review-form")
    page.get_by_role("button", name="Save the review").click()
    expect(
        page.get_by_text("Still to sign: apprentice, training consultant, employer")
    ).to_be_visible()
    page.get_by_role("button", name="Sign this review").click()
    expect(page.get_by_text("You signed the review.")).to_be_visible()
    review_url = page.url

    sign_in(phone_page, live_server, APPRENTICE, demo)
    phone_page.goto(reviews_url)
    phone_page.get_by_role("link", name="Sign this review").click()
    assert phone_page.url == review_url
    phone_page.get_by_role("button", name="Sign this review").click()
    expect(phone_page.get_by_text("Still to sign: employer")).to_be_visible()
    scroll_width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 390
    assert_accessible(phone_page)
    screenshot(phone_page, "review-apprentice-phone")

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    employer_page = context.new_page()
    try:
        sign_in(employer_page, live_server, EMPLOYER, demo)
        employer_page.goto(review_url)
        employer_page.get_by_role("button", name="Sign this review").click()
        expect(
            employer_page.get_by_text("All three have signed: it is now locked.")
        ).to_be_visible()
        expect(employer_page.get_by_text("Signed and locked").first).to_be_visible()
        assert employer_page.get_by_role("button", name="Sign this review").count() == 0
        assert_accessible(employer_page)
        screenshot(employer_page, "review-signed")
    finally:
        context.close()

    review = ProgressReview.objects.filter(apprenticeship=apprenticeship).latest("pk")
    assert ProgressReview.objects.filter(apprenticeship=apprenticeship).count() == before + 1
    assert review.is_locked
    assert review.next_review_date == next_review
    assert review.next_steps.get().owner == "apprentice"
