import io

from django.utils import timezone
from playwright.sync_api import expect
from reportlab.pdfgen import canvas

from trellis.apprenticeships.models import Apprenticeship
from trellis.portfolio.models import EvidenceItem, KsbCoverage
from trellis.standards.models import KSB
from trellis.tests.browser.conftest import assert_accessible, screenshot, sign_in

APPRENTICE = "apprentice1@eastgate-college.example"
CONSULTANT = "consultant1@northway-training.example"
TITLE = "Plan for a first mentoring meeting"


def _pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 760, "Plan for a first mentoring meeting")
    page.save()
    return buffer.getvalue()


def _portfolio(live_server, apprenticeship) -> str:
    return f"{live_server.url}/apprenticeships/{apprenticeship.pk}/portfolio/"


def test_evidence_is_uploaded_mapped_returned_resubmitted_and_accepted(
    browser, page, live_server, demo
):
    apprenticeship = Apprenticeship.objects.get(apprentice__email=APPRENTICE)
    secure = set(
        KsbCoverage.objects.filter(apprenticeship=apprenticeship, state="secure").values_list(
            "ksb_id", flat=True
        )
    )
    ksb = (
        KSB.objects.filter(standard_version=apprenticeship.standard_version)
        .exclude(pk__in=secure)
        .first()
    )
    base = _portfolio(live_server, apprenticeship)

    sign_in(page, live_server, APPRENTICE, demo)
    page.goto(base)
    expect(page.get_by_role("heading", name="Evidence")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "portfolio-evidence-list")
    page.get_by_role("link", name="Add evidence").click()
    page.get_by_label("Uploaded file").check()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Date of the evidence").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_role("heading", name="Upload a file")).to_be_visible()
    page.get_by_label("Choose a file").set_input_files(
        files=[{"name": "Meeting plan.pdf", "mimeType": "application/pdf", "buffer": _pdf()}]
    )
    page.get_by_role("button", name="Upload the file").click()
    expect(page.get_by_text("“Meeting plan.pdf” has been uploaded.")).to_be_visible()
    item = EvidenceItem.objects.get(title=TITLE)
    assert item.files.get().content_type == "application/pdf"

    page.get_by_role("link", name="Map to KSBs").click()
    page.locator(f"#id_ksb_{ksb.code}").check()
    page.get_by_role("button", name="Save the KSBs").click()
    expect(
        page.get_by_text(f"Say briefly how the evidence shows {ksb.code}.").first
    ).to_be_visible()
    assert_accessible(page)
    page.locator(f"#id_justification_{ksb.code}").fill("The plan sets out how I run it.")
    screenshot(page, "portfolio-mapping")
    page.get_by_role("button", name="Save the KSBs").click()
    page.get_by_role("button", name="Submit for assessment").click()
    expect(page.get_by_text("has been submitted for assessment")).to_be_visible()

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    consultant = context.new_page()
    try:
        sign_in(consultant, live_server, CONSULTANT, demo)
        consultant.goto(base)
        consultant.get_by_role("link", name=TITLE).click()
        consultant.get_by_role("link", name="Return with feedback").click()
        consultant.get_by_label("What should be improved?").fill(
            "Add a line on how you will check the learner's goals."
        )
        consultant.get_by_role("button", name="Return with feedback").click()
        expect(consultant.get_by_text("has been returned with your feedback")).to_be_visible()

        page.reload()
        expect(page.get_by_text("Add a line on how you will check").first).to_be_visible()
        page.get_by_role("link", name="Change the details").click()
        page.get_by_label("Description").fill("I now check the learner's goals at the start.")
        page.get_by_role("button", name="Save the changes").click()
        page.get_by_role("button", name="Resubmit for assessment").click()
        expect(page.get_by_text("has been submitted for assessment")).to_be_visible()

        consultant.reload()
        consultant.get_by_role("link", name="Assess", exact=True).click()
        assert_accessible(consultant)
        consultant.get_by_label("Secure").check()
        screenshot(consultant, "portfolio-assess")
        consultant.get_by_role("button", name="Save the assessment").click()
        expect(consultant.get_by_text("has been assessed")).to_be_visible()
        expect(consultant.get_by_text("Resubmitted")).to_be_visible()
        assert_accessible(consultant)
        screenshot(consultant, "portfolio-item-history")

        consultant.goto(base + "coverage/")
        row = consultant.locator("tr", has=consultant.get_by_text(ksb.code, exact=True))
        expect(row.get_by_text("Secure")).to_be_visible()
    finally:
        context.close()
    assert KsbCoverage.objects.get(apprenticeship=apprenticeship, ksb=ksb).state == "secure"


def test_the_evidence_list_fits_a_phone(phone_page, live_server, demo):
    page = phone_page
    apprenticeship = Apprenticeship.objects.get(apprentice__email=APPRENTICE)
    sign_in(page, live_server, APPRENTICE, demo)
    page.goto(_portfolio(live_server, apprenticeship))
    expect(page.get_by_text("Returned with feedback").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "portfolio-evidence-list-phone")
    item = EvidenceItem.objects.get(apprenticeship=apprenticeship, status="submitted")
    with page.expect_navigation():
        page.get_by_role("link", name=item.title).click()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "portfolio-item-phone")
