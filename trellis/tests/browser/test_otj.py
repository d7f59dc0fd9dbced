from playwright.sync_api import expect

from trellis.apprenticeships.models import Apprenticeship
from trellis.otj.models import OtjEntry
from trellis.tests.browser.conftest import assert_accessible, screenshot, sign_in

APPRENTICE = "apprentice1@eastgate-college.example"
CONSULTANT = "consultant1@northway-training.example"
DESCRIPTION = "Workshop on running a first mentoring meeting"


def ledger_url(live_server, email: str) -> str:
    apprenticeship = Apprenticeship.objects.get(apprentice__email=email)
    return f"{live_server.url}/apprenticeships/{apprenticeship.pk}/off-the-job/"


def test_an_apprentice_logs_hours_and_the_consultant_confirms_them(
    browser, page, live_server, demo
):
    sign_in(page, live_server, APPRENTICE, demo)
    page.goto(ledger_url(live_server, APPRENTICE))
    expect(page.get_by_role("heading", name="Off-the-job hours")).to_be_visible()
    page.get_by_label("Hours", exact=True).select_option("1")
    page.get_by_label("Minutes", exact=True).select_option("30")
    page.get_by_label("What kind of training").select_option(label="Workshop")
    page.get_by_label("What you did").fill(DESCRIPTION)
    page.get_by_role("button", name="Log the hours").click()
    expect(page.get_by_text("1.5 hours on").first).to_be_visible()
    entry = OtjEntry.objects.get(description=DESCRIPTION)
    assert entry.status == OtjEntry.Status.AWAITING_CONFIRMATION
    assert_accessible(page)
    screenshot(page, "otj-ledger-apprentice")

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    consultant_page = context.new_page()
    try:
        sign_in(consultant_page, live_server, CONSULTANT, demo)
        consultant_page.goto(ledger_url(live_server, APPRENTICE))
        row = consultant_page.locator(f"#entry-{entry.pk}")
        expect(row.get_by_text("Awaiting confirmation")).to_be_visible()
        row.get_by_role("button", name="Confirm").click()
        expect(consultant_page.get_by_text("1.5 hours on").first).to_be_visible()
        expect(
            consultant_page.locator(f"#entry-{entry.pk}").get_by_text("Confirmed")
        ).to_be_visible()
        assert_accessible(consultant_page)
        screenshot(consultant_page, "otj-ledger-consultant")
    finally:
        context.close()
    entry.refresh_from_db()
    assert entry.status == OtjEntry.Status.CONFIRMED


def test_a_refused_entry_shows_its_message(phone_page, live_server, demo):
    page = phone_page
    sign_in(page, live_server, APPRENTICE, demo)
    page.goto(ledger_url(live_server, APPRENTICE))
    screenshot(page, "otj-ledger-phone")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_label("Date").fill("2099-01-05")
    page.get_by_label("Hours", exact=True).select_option("2")
    page.get_by_label("What kind of training").select_option(label="E-learning")
    page.get_by_label("What you did").fill("Safeguarding module")
    page.get_by_role("button", name="Log the hours").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_text("5 Jan 2099 is in the future")).to_be_visible()
    assert page.get_by_label("What you did").input_value() == "Safeguarding module"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
    screenshot(page, "otj-refused")
    assert not OtjEntry.objects.filter(description="Safeguarding module").exists()


def test_a_behind_ledger_says_why(page, live_server, demo):
    email = "apprentice3@ashworth-council.example"
    sign_in(page, live_server, email, demo)
    page.goto(ledger_url(live_server, email))
    expect(page.get_by_text("hours behind:")).to_be_visible()
    screenshot(page, "otj-ledger-behind")


def test_a_completed_apprentice_s_ledger_says_when_logging_stopped(phone_page, live_server, demo):
    page = phone_page
    lucy = Apprenticeship.objects.get(apprentice__full_name="Lucy Nguyen")
    sign_in(page, live_server, lucy.apprentice.email, demo)
    page.goto(ledger_url(live_server, lucy.apprentice.email))
    expect(page.get_by_text("Off-the-job training stopped at gateway on")).to_be_visible()
    expect(page.get_by_role("link", name="Log hours")).to_have_count(0)
    expect(page.get_by_text("hours behind:")).to_have_count(0)
    # The chart ends where logging stopped, and says so.
    expect(page.get_by_role("img", name="until logging stopped on").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "otj-ledger-stopped-phone")
