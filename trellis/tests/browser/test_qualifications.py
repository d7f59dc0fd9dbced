from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from trellis.apprenticeships.models import Apprenticeship, StatusChange
from trellis.qualifications.models import SafeguardingQualification
from trellis.tests.browser.conftest import assert_accessible, screenshot, sign_in

CONSULTANT = "consultant1@northway-training.example"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def chloe() -> Apprenticeship:
    return Apprenticeship.objects.get(apprentice__full_name="Chloe Bennett")


def test_a_consultant_records_a_break_and_a_return(page, phone_page, live_server, demo):
    apprenticeship = chloe()
    today = timezone.localdate()
    sign_in(page, live_server, CONSULTANT, demo)
    page.goto(f"{live_server.url}/apprenticeships/{apprenticeship.pk}/")
    page.get_by_role("link", name="Record a break in learning").click()
    page.get_by_label("First day of the break").fill(str(today - timedelta(days=1)))
    page.get_by_label("Expected return date").fill(str(today - timedelta(days=2)))
    page.get_by_label("Reason").fill("Signed off sick by her GP.")
    page.get_by_role("button", name="Record the break").click()
    expect(page.get_by_role("alert").get_by_text("after the break starts")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "status-break-error")

    page.get_by_label("First day of the break").fill(str(today - timedelta(days=20)))
    page.get_by_label("Expected return date").fill(str(today + timedelta(days=40)))
    page.get_by_role("button", name="Record the break").click()
    expect(page.get_by_text("The break in learning is recorded.")).to_be_visible()
    expect(page.get_by_text("On a break in learning since")).to_be_visible()

    page.get_by_role("link", name="Record a return to learning").click()
    page.get_by_label("Day learning resumes").fill(str(today - timedelta(days=2)))
    page.get_by_role("button", name="Record the return").click()
    expect(page.get_by_text("The return to learning is recorded.")).to_be_visible()
    history = page.locator("#status-history ~ .summary-list")
    expect(history.get_by_text("Return to learning")).to_be_visible()
    expect(history.get_by_text("Signed off sick by her GP.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "status-history-desktop")
    kinds = list(apprenticeship.status_changes.values_list("kind", flat=True))
    assert kinds == [StatusChange.Kind.BREAK_IN_LEARNING, StatusChange.Kind.RETURN_TO_LEARNING]
    apprenticeship.refresh_from_db()
    assert apprenticeship.status == Apprenticeship.Status.ON_PROGRAMME

    sign_in(phone_page, live_server, CONSULTANT, demo)
    phone_page.goto(f"{live_server.url}/apprenticeships/{apprenticeship.pk}/")
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone_page, "status-history-phone")


def test_a_consultant_records_safeguarding_with_its_certificate(
    page, phone_page, live_server, demo, tmp_path
):
    apprenticeship = Apprenticeship.objects.get(apprentice__full_name="Kwame Mensah")
    certificate = tmp_path / "safeguarding.pdf"
    certificate.write_bytes(PDF)
    wrong = tmp_path / "notes.txt"
    wrong.write_text("not a certificate")
    sign_in(page, live_server, "consultant2@northway-training.example", demo)
    page.goto(f"{live_server.url}/apprenticeships/{apprenticeship.pk}/qualifications/")
    page.get_by_role("link", name="Record Level 1 Safeguarding").click()
    page.get_by_label("Date achieved").fill(str(timezone.localdate()))
    page.get_by_label("Certificate (optional)", exact=True).set_input_files(str(wrong))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert").get_by_text("must be a PDF, JPEG or PNG")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Certificate (optional)", exact=True).set_input_files(str(certificate))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Level 1 Safeguarding has been recorded.")).to_be_visible()
    with page.expect_response("**/certificate/") as response:
        page.get_by_role("link", name="View the certificate").click()
    assert response.value.status == 200
    page.go_back()
    assert_accessible(page)
    screenshot(page, "qualifications-desktop")
    assert SafeguardingQualification.objects.get(apprenticeship=apprenticeship).certificate

    sign_in(phone_page, live_server, "consultant2@northway-training.example", demo)
    phone_page.goto(f"{live_server.url}/apprenticeships/{apprenticeship.pk}/qualifications/")
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone_page, "qualifications-phone")
