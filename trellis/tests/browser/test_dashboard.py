from playwright.sync_api import expect

from trellis.tests.browser.conftest import assert_accessible, screenshot, sign_in

ADMIN = "provideradmin1@northway-training.example"
CONSULTANT = "consultant1@northway-training.example"


def test_the_provider_dashboard_at_a_glance_and_filtered(page, phone_page, live_server, demo):
    sign_in(page, live_server, ADMIN, demo)
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    stages = page.get_by_role("table", name="Apprentices by stage")
    expect(stages.get_by_role("row", name="On programme")).to_be_visible()
    expect(page.get_by_role("heading", name="At risk")).to_be_visible()
    expect(
        page.get_by_role("table", name="Apprentices at risk").get_by_role("row").nth(1)
    ).to_be_visible()
    expect(page.get_by_role("table", name="Outcomes and grades by start year")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "dashboard-provider")

    page.get_by_label("Consultant").select_option(label="Priya Raman")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("matching the filters")).to_be_visible()
    screenshot(page, "dashboard-provider-filtered")

    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with page.expect_download() as download:
        page.get_by_role("link", name="ILR fields (CSV)").click()
    assert download.value.suggested_filename.startswith("ilr-")

    sign_in(phone_page, live_server, CONSULTANT, demo)
    phone_page.goto(f"{live_server.url}/reports/")
    expect(phone_page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    assert_accessible(phone_page)
    screenshot(phone_page, "dashboard-provider-phone")


EMPLOYER = "employer1@eastgate-college.example"


def test_the_employer_s_page_on_a_phone(phone_page, live_server, demo):
    sign_in(phone_page, live_server, EMPLOYER, demo)
    phone_page.goto(f"{live_server.url}/reports/employer/")
    expect(phone_page.get_by_role("heading", name="Your apprentices", level=1)).to_be_visible()
    first = phone_page.locator(".employer-apprentice").first
    expect(first.get_by_role("heading", name="Waiting for your signature")).to_be_visible()
    assert_accessible(phone_page)
    # Nothing wider than the phone's screen.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "dashboard-employer-phone")
    first.get_by_role("link", name="Sign the").first.click()
    expect(phone_page.get_by_role("heading", level=1)).to_be_visible()


EPAO_ADMIN = "epaoadmin1@keystone-assessment.example"


def test_the_epao_dashboard(page, live_server, demo):
    sign_in(page, live_server, EPAO_ADMIN, demo)
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="EPAO dashboard", level=1)).to_be_visible()
    expect(page.get_by_role("table", name="Assessment days booked by week")).to_be_visible()
    expect(page.get_by_role("heading", name="Assessors' workload")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "dashboard-epao")
