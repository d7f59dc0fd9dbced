import csv
import io

from playwright.sync_api import expect

from trellis.tests.browser.conftest import assert_accessible, screenshot, sign_in

CONSULTANT = "consultant1@northway-training.example"


def test_a_consultant_downloads_the_filtered_caseload(page, live_server, demo):
    sign_in(page, live_server, CONSULTANT, demo)
    page.goto(f"{live_server.url}/caseload/?status=all&sort=review")
    downloads = page.locator(".download-links")
    expect(downloads.get_by_role("link", name="Download CSV")).to_be_visible()
    expect(downloads.get_by_role("link", name="Download Excel (XLSX)")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "caseload-downloads")

    with page.expect_download() as download:
        downloads.get_by_role("link", name="Download Excel (XLSX)").click()
    assert download.value.suggested_filename.startswith("caseload-")
    assert download.value.suggested_filename.endswith(".xlsx")

    with page.expect_download() as download:
        downloads.get_by_role("link", name="Download CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as saved:
        rows = list(csv.reader(io.StringIO(saved.read())))
    shown = page.locator(".caseload-count").inner_text().split()[0]
    assert rows[0][0] == "Apprentice"
    assert len(rows) - 1 == int(shown)


def test_the_download_links_fit_a_phone(phone_page, live_server, demo):
    sign_in(phone_page, live_server, CONSULTANT, demo)
    phone_page.goto(f"{live_server.url}/caseload/")
    expect(phone_page.get_by_role("link", name="Download Excel (XLSX)")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(phone_page)
    phone_page.screenshot(
        path=str(screenshot(phone_page, "caseload-downloads-phone")),
        clip={"x": 0, "y": 0, "width": 390, "height": 900},
    )


def test_the_gateway_pipeline_downloads_a_line_per_apprentice_on_it(page, live_server, demo):
    sign_in(page, live_server, CONSULTANT, demo)
    page.goto(f"{live_server.url}/gateway/")
    downloads = page.locator(".download-links")
    expect(downloads.get_by_role("link", name="Download CSV")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "gateway-pipeline-downloads")

    with page.expect_download() as download:
        downloads.get_by_role("link", name="Download CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as saved:
        rows = list(csv.reader(io.StringIO(saved.read())))
    assert rows[0][:4] == ["Apprentice", "Employer", "Consultant", "Stage"]
    cards = page.locator(".gateway-stages__count").all_inner_texts()
    assert len(rows) - 1 == sum(int(count) for count in cards)


def test_an_assessor_downloads_their_own_days(page, live_server, demo):
    sign_in(page, live_server, "assessor1@keystone-assessment.example", demo)
    page.goto(f"{live_server.url}/assessments/")
    downloads = page.locator(".download-links")
    expect(downloads.get_by_role("link", name="Download Excel (XLSX)")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "assessor-schedule-downloads")
    with page.expect_download() as download:
        downloads.get_by_role("link", name="Download Excel (XLSX)").click()
    assert download.value.suggested_filename.startswith("my-assessments-")
