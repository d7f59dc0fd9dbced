from playwright.sync_api import expect

from trellis.organisations.models import User
from trellis.tests.browser.conftest import assert_accessible, screenshot, sign_in


def test_the_learning_mentor_standard_page(page, live_server, demo):
    sign_in(page, live_server, User.objects.get(email__startswith="assessor1@").email, demo)
    page.get_by_role("link", name="Standards").click()
    assert_accessible(page)
    screenshot(page, "standards-list")
    page.get_by_role("link", name="ST0148").first.click()
    expect(page.get_by_role("heading", name="Advise, guide and supervise learners")).to_be_visible()
    expect(page.get_by_text("Unconfirmed").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "standard-ST0148")
