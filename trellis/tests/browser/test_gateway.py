from datetime import timedelta

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from trellis.apprenticeships.models import Apprenticeship
from trellis.booking.models import Booking, EpaDate
from trellis.gateway.models import GatewayAttempt
from trellis.tests.browser.conftest import assert_accessible, screenshot, sign_in

APPRENTICE = "apprentice13@eastgate-college.example"
CONSULTANT = "consultant2@northway-training.example"
EMPLOYER = "employer1@eastgate-college.example"
EPAO_ADMIN = "epaoadmin1@keystone-assessment.example"
ASSESSOR = "assessor1@keystone-assessment.example"


def _switch_to(page, live_server, email, password):
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, email, password)


def _declare(page, live_server, url, email, password, name):
    _switch_to(page, live_server, email, password)
    page.goto(url)
    with page.expect_navigation():
        page.get_by_role("button", name="Declare ready").click()
    expect(page.get_by_text("You declared").first).to_be_visible()
    screenshot(page, f"gateway-declared-{name}")


def test_a_ready_apprentice_goes_through_gateway_to_a_booked_assessment(page, live_server, demo):
    megan = Apprenticeship.objects.get(apprentice__email=APPRENTICE)
    tab = f"{live_server.url}/apprenticeships/{megan.pk}/gateway/"
    mail.outbox.clear()

    sign_in(page, live_server, CONSULTANT, demo)
    page.goto(tab)
    expect(page.get_by_role("heading", name="Gateway").first).to_be_visible()
    expect(page.get_by_role("button", name="Declare ready")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "gateway-ready-checklist")
    with page.expect_navigation():
        page.get_by_role("button", name="Declare ready").click()
    expect(page.get_by_text("You declared").first).to_be_visible()

    _declare(page, live_server, tab, APPRENTICE, demo, "apprentice")
    _declare(page, live_server, tab, EMPLOYER, demo, "employer")

    _switch_to(page, live_server, CONSULTANT, demo)
    page.goto(tab)
    assert_accessible(page)
    screenshot(page, "gateway-signed-off")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit to Keystone").click()
    megan.refresh_from_db()
    assert megan.status == Apprenticeship.Status.GATEWAY
    assert megan.gateway_date == timezone.localdate()
    attempt = GatewayAttempt.objects.get(apprenticeship=megan)
    assert attempt.status == GatewayAttempt.Status.SUBMITTED
    assert attempt.showcase_snapshot is not None
    submitted_to = {
        tuple(email.to) for email in mail.outbox if "Gateway submitted" in email.subject
    }
    assert (APPRENTICE,) in submitted_to and (EMPLOYER,) in submitted_to
    assert (CONSULTANT,) in submitted_to
    screenshot(page, "gateway-submitted")

    _switch_to(page, live_server, EPAO_ADMIN, demo)
    page.goto(f"{live_server.url}/epao/gateway/")
    expect(page.get_by_text("Megan Hughes").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "epao-gateway-queue")
    page.goto(f"{live_server.url}/epao/gateway/{attempt.pk}/")
    assert_accessible(page)
    screenshot(page, "epao-gateway-submission")
    with page.expect_navigation():
        page.get_by_role("button", name="Accept the gateway").click()
    attempt.refresh_from_db()
    assert attempt.status == GatewayAttempt.Status.ACCEPTED
    assert any("Gateway accepted" in email.subject for email in mail.outbox)
    booking = Booking.objects.get(attempt=attempt)

    today = timezone.localdate()
    _switch_to(page, live_server, EMPLOYER, demo)
    page.goto(f"{live_server.url}/apprenticeships/{megan.pk}/gateway/dates/")
    page.get_by_label("First date you can offer").fill(f"{today + timedelta(days=3):%Y-%m-%d}")
    page.get_by_label("Last date you can offer").fill(f"{today + timedelta(days=40):%Y-%m-%d}")
    page.get_by_label("Notes for the assessment organisation").fill("Not on Fridays, please.")
    assert_accessible(page)
    screenshot(page, "booking-offer-dates")
    with page.expect_navigation():
        page.get_by_role("button", name="Offer these dates").click()
    assert booking.date_ranges.count() == 1

    _switch_to(page, live_server, EPAO_ADMIN, demo)
    page.goto(f"{live_server.url}/epao/bookings/{booking.pk}/")
    assessor_select = page.get_by_label("Independent assessor")
    option = assessor_select.locator("option", has_text="Declan Murphy").first
    assessor_select.select_option(option.get_attribute("value"))
    with page.expect_navigation():
        page.get_by_role("button", name="Save the assessor").click()
    booking.refresh_from_db()
    assert booking.assessor.email == ASSESSOR

    # Six days ahead is inside the employer's range but gives a day too little notice.
    too_soon = today + timedelta(days=6)
    page.get_by_label("Day", exact=True).fill(f"{too_soon:%Y-%m-%d}")
    page.get_by_label("Starts at").fill("09:30")
    page.get_by_label("Ends at").fill("11:30")
    page.get_by_label("What happens that day").select_option(index=1)
    page.get_by_label("Where").fill("Eastgate College, Learning Centre room 2")
    with page.expect_navigation():
        page.get_by_role("button", name="Book the day").click()
    earliest = today + timedelta(days=7)
    refusal = (
        f"The employer must have at least 7 days' notice; {too_soon:%-d %b %Y} gives 6. "
        f"The earliest date allowed is {earliest:%A %-d %b %Y}."
    )
    expect(page.get_by_role("alert").get_by_text(refusal)).to_be_visible()
    assert not EpaDate.objects.filter(booking=booking).exists()
    assert_accessible(page)
    screenshot(page, "booking-refused-notice")

    # Seven days ahead is allowed; the employer asked for no Fridays, so a weekday before one.
    good_day = earliest
    while good_day.weekday() >= 4:
        good_day += timedelta(days=1)
    page.get_by_label("Day", exact=True).fill(f"{good_day:%Y-%m-%d}")
    page.get_by_label("Starts at").fill("09:30")
    page.get_by_label("Ends at").fill("11:30")
    page.get_by_label("What happens that day").select_option(index=1)
    page.get_by_label("Where").fill("Eastgate College, Learning Centre room 2")
    with page.expect_navigation():
        page.get_by_role("button", name="Book the day").click()
    booked = EpaDate.objects.get(booking=booking, status=EpaDate.Status.BOOKED)
    assert booked.day == good_day
    assert_accessible(page)
    screenshot(page, "booking-booked")

    invites = [email for email in mail.outbox if "assessment booked" in email.subject]
    assert {email.to[0] for email in invites} >= {APPRENTICE, EMPLOYER, CONSULTANT, ASSESSOR}
    for email in invites:
        assert email.attachments[0][2] == "text/calendar"
        assert "BEGIN:VEVENT" in str(email.attachments[0][1])

    page.goto(f"{live_server.url}/epao/calendar/?month={good_day:%Y-%m}")
    expect(page.get_by_text("Megan Hughes").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "booking-calendar")

    _switch_to(page, live_server, ASSESSOR, demo)
    page.goto(f"{live_server.url}/assessments/{booking.pk}/")
    expect(page.get_by_role("link", name="Download the Showcase (PDF)")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "assessor-assessment")
