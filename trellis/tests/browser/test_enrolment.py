import io
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader

from trellis.apprenticeships.models import Apprenticeship
from trellis.organisations.models import User
from trellis.tests.browser.conftest import assert_accessible, screenshot, sign_in


def provider_admin_email() -> str:
    return User.objects.get(email__startswith="provideradmin1@").email


def fill_enrolment(page, *, end_date: str) -> None:
    page.get_by_label("Apprentice's full name").fill("Nia Okafor")
    page.get_by_label("Apprentice's email address").fill("nia.okafor@riverside.example")
    page.get_by_label("Employer", exact=True).select_option(index=1)
    page.get_by_label("Standard").select_option(label="ST1379 Learning and skills mentor (level 4)")
    page.get_by_label("Training consultant").select_option(index=1)
    page.get_by_label("Start date").fill("2026-09-01")
    page.get_by_label("Planned end date").fill(end_date)
    page.get_by_label("The apprentice meets the employer's entry requirements").check()


def test_a_provider_admin_enrols_an_apprentice_after_fixing_a_mistake(page, live_server, demo):
    sign_in(page, live_server, provider_admin_email(), demo)
    page.get_by_role("link", name="Enrol an apprentice").first.click()
    fill_enrolment(page, end_date="2027-03-01")
    page.get_by_role("button", name="Enrol the apprentice").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_text("minimum duration is 12 months")).to_be_visible()
    assert page.get_by_label("Apprentice's full name").input_value() == "Nia Okafor"
    assert_accessible(page)
    screenshot(page, "enrol-error")
    assert not User.objects.filter(email="nia.okafor@riverside.example").exists()

    page.get_by_label("Planned end date").fill("2028-03-01")
    page.get_by_role("button", name="Enrol the apprentice").click()
    expect(page.get_by_role("heading", name="Nia Okafor")).to_be_visible()
    expect(page.get_by_text("Nia Okafor has been enrolled.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "enrolment-detail")
    assert Apprenticeship.objects.filter(apprentice__email="nia.okafor@riverside.example").exists()


def test_enrolment_works_without_javascript(browser, live_server, demo):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server, provider_admin_email(), demo)
        page.goto(f"{live_server.url}/apprenticeships/new/")
        fill_enrolment(page, end_date="2028-03-01")
        page.get_by_role("button", name="Enrol the apprentice").click()
        expect(page.get_by_role("heading", name="Nia Okafor")).to_be_visible()
    finally:
        context.close()


def test_a_consultant_downloads_an_apprentices_full_record(page, live_server, demo):
    apprenticeship = Apprenticeship.objects.get(apprentice__full_name="Connor McAllister")
    sign_in(page, live_server, apprenticeship.consultant.email, demo)
    page.goto(f"{live_server.url}/apprenticeships/{apprenticeship.pk}/")
    link = page.get_by_role("link", name="Download the full record (PDF)")
    expect(link).to_be_visible()
    assert_accessible(page)
    screenshot(page, "record-with-full-record-link")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.startswith("record-connor-mcallister-")
    pdf = Path(download.path()).read_bytes()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert text.startswith("Apprenticeship record Connor McAllister")
    assert "11. End-point assessment" in text

    page.reload()
    history = page.locator("#history + .history")
    expect(history.get_by_text("Downloaded the full record (PDF)")).to_be_visible()
    screenshot(page, "record-history-after-download")
