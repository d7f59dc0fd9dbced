from playwright.sync_api import expect

from trellis.organisations.models import User
from trellis.tests.browser.conftest import assert_accessible, screenshot, sign_in


def test_a_version_from_the_feed_and_its_comparison(page, live_server, demo):
    sign_in(page, live_server, User.objects.get(email__startswith="assessor1@").email, demo)
    page.goto(f"{live_server.url}/standards/ST1379/1.3/")
    expect(page.get_by_role("heading", name="Duties")).to_be_visible()
    expect(
        page.get_by_role("cell", name="Plan, conduct and record mentoring activities")
    ).to_be_visible()
    expect(page.get_by_text("From 1st September 2026, this apprenticeship")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "standard-ST1379-1.3")

    page.get_by_role("link", name="Compare versions").click()
    page.get_by_label("From version").select_option("1.0")
    page.get_by_label("To version").select_option("1.3")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="From version 1.0 to version 1.3")).to_be_visible()
    expect(page.get_by_text("No KSB changes.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "compare-ST1379")
