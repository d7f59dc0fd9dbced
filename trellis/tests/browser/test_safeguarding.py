from django.core import mail

from trellis.apprenticeships.models import Apprenticeship
from trellis.safeguarding.models import AgencyReferral, Concern
from trellis.tests.browser.conftest import assert_accessible, screenshot, sign_in

CONSULTANT = "consultant1@northway-training.example"
LEAD = "dsl1@northway-training.example"
APPRENTICE = "apprentice6@ashworth-council.example"
ACCOUNT = (
    "Aled arrived with a swollen eye and said “he'll do worse if I tell anyone” about someone "
    "he lives with. He did not want to go home after work."
)


def test_a_consultant_raises_an_urgent_concern_and_the_lead_refers_it(page, live_server, demo):
    aled = Apprenticeship.objects.get(apprentice__email=APPRENTICE, consultant__email=CONSULTANT)
    sign_in(page, live_server, CONSULTANT, demo)
    page.goto(f"{live_server.url}/safeguarding/raise/")
    assert page.get_by_text("call 999 now").is_visible()
    page.get_by_role("combobox", name="Apprentice").select_option(str(aled.pk))
    page.get_by_role("radio", name="The apprentice themself").check()
    page.get_by_role("radio", name="Physical harm").check()
    page.get_by_label("What was seen or said").fill(ACCOUNT)
    page.get_by_role("group", name="Is anyone at immediate risk?").get_by_role(
        "radio", name="Yes"
    ).check()
    page.get_by_label("What has been done already").fill(
        "Kept him at the office with his manager and phoned the police."
    )
    assert_accessible(page)
    screenshot(page, "safeguarding-raise")
    with page.expect_navigation():
        page.get_by_role("button", name="Send to the safeguarding lead").click()

    concern = Concern.objects.get(account=ACCOUNT)
    assert concern.immediate_risk and concern.urgency == "urgent"
    assert concern.raised_by.email == CONSULTANT
    assert page.get_by_text(f"Concern {concern.reference} received").is_visible()
    assert_accessible(page)
    screenshot(page, "safeguarding-received")
    assert [email.to for email in mail.outbox] == [[LEAD]]
    assert mail.outbox[0].subject.startswith(f"URGENT: Safeguarding concern {concern.reference}")

    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, LEAD, demo)
    page.goto(f"{live_server.url}/safeguarding/")
    first_row = page.locator("table").first.locator("tbody tr").first
    assert first_row.get_by_role("link").first.inner_text() == concern.reference
    assert first_row.get_by_text("Immediate risk").is_visible()
    assert_accessible(page)
    screenshot(page, "safeguarding-dashboard")

    with page.expect_navigation():
        first_row.get_by_role("link", name=concern.reference).click()
    assert page.get_by_role("heading", name=concern.reference).is_visible()
    assert page.get_by_text(ACCOUNT).is_visible()
    assert_accessible(page)
    screenshot(page, "safeguarding-case")

    with page.expect_navigation():
        page.get_by_role("link", name="Record a referral").click()
    page.get_by_role("radio", name="Police").check()
    page.get_by_label("The agency's name").fill("West Yorkshire Police")
    page.get_by_label("The agency's reference").fill("WYP-13-2211")
    page.get_by_label("Note").fill("Reported by phone on 101; officers are visiting today.")
    assert_accessible(page)
    screenshot(page, "safeguarding-referral-form")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the referral").click()

    referral = AgencyReferral.objects.get(concern=concern)
    assert referral.agency == "police"
    assert referral.agency_reference == "WYP-13-2211"
    assert page.get_by_role("heading", name=concern.reference).is_visible()
    assert page.get_by_role("cell", name="West Yorkshire Police").first.is_visible()
    assert page.get_by_text("WYP-13-2211").first.is_visible()
    assert_accessible(page)
    screenshot(page, "safeguarding-case-with-referral")


def test_an_apprentice_raises_a_concern_on_a_phone(phone_page, live_server, demo):
    sign_in(phone_page, live_server, APPRENTICE, demo)
    phone_page.goto(f"{live_server.url}/safeguarding/raise/")
    assert phone_page.get_by_role("heading", name="Raise a safeguarding concern").is_visible()
    assert phone_page.get_by_text("call 999 now").is_visible()
    assert phone_page.get_by_role("button", name="Send to the safeguarding lead").is_visible()
    assert_accessible(phone_page)
    screenshot(phone_page, "safeguarding-raise-phone")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
