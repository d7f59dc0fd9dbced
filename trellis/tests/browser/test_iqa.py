from playwright.sync_api import expect

from trellis.apprenticeships.models import Apprenticeship
from trellis.iqa.models import IqaSample
from trellis.portfolio.models import Decision
from trellis.standards.models import KSB
from trellis.testing.portfolio_factories import evidence_in_state
from trellis.tests.browser.conftest import assert_accessible, screenshot, sign_in

QUALITY_LEAD = "quality1@northway-training.example"
CONSULTANT = "consultant1@northway-training.example"
REASON = "The feedback does not say where the account shows the KSB; point to the passage."
RESPONSE = "I added feedback naming the passage; the judgement stands."


def _decisions_to_sample() -> None:
    """Make decisions through the services when the demo has none to sample yet."""
    if Decision.objects.exists():
        return
    for apprenticeship in Apprenticeship.objects.filter(
        status=Apprenticeship.Status.ON_PROGRAMME, consultant__isnull=False
    ).order_by("pk")[:6]:
        codes = list(
            KSB.objects.filter(standard_version=apprenticeship.standard_version)
            .order_by("position")
            .values_list("code", flat=True)[:2]
        )
        for code in codes:
            evidence_in_state(apprenticeship, status="assessed", judgements={code: "secure"})


def test_the_quality_lead_samples_and_refers_and_the_consultant_responds(
    browser, page, live_server, demo
):
    _decisions_to_sample()
    sign_in(page, live_server, QUALITY_LEAD, demo)
    page.goto(f"{live_server.url}/quality/")
    expect(page.get_by_role("heading", name="Draw a sample")).to_be_visible()
    before = IqaSample.objects.count()
    page.get_by_label("Sample", exact=True).select_option("random")
    page.get_by_label("Rate in percent").fill("20")
    page.get_by_role("button", name="Draw the sample").click()
    expect(page.get_by_text("drawn for review")).to_be_visible()
    assert IqaSample.objects.count() > before
    assert_accessible(page)
    screenshot(page, "iqa-dashboard")

    pending = IqaSample.objects.filter(outcome="pending", consultant__email=CONSULTANT)
    if not pending.exists():
        page.get_by_label("Sample", exact=True).select_option("consultant")
        page.get_by_label("Consultant, when sampling by consultant").select_option(
            label="Priya Raman"
        )
        page.get_by_label("Or a number of decisions").fill("1")
        page.get_by_role("button", name="Draw the sample").click()
        expect(page.get_by_text("drawn for review")).to_be_visible()
    sample = pending.order_by("sampled_at", "pk").first()
    page.goto(f"{live_server.url}/quality/samples/{sample.pk}/")
    expect(page.get_by_role("heading", name="What the evidence is mapped to")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "iqa-sample")
    page.get_by_role("button", name="Refer back to Priya Raman").click()
    expect(page.get_by_role("alert").get_by_text("Say why").first).to_be_visible()
    page.get_by_label("Why refer the decision back").fill(REASON)
    page.get_by_role("button", name="Refer back to Priya Raman").click()
    expect(page.get_by_text("was referred back to Priya Raman")).to_be_visible()
    sample.refresh_from_db()
    assert sample.outcome == "referred"

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    consultant_page = context.new_page()
    try:
        sign_in(consultant_page, live_server, CONSULTANT, demo)
        consultant_page.goto(f"{live_server.url}/quality/referrals/")
        section = consultant_page.locator(f"section[aria-labelledby='referral-{sample.pk}']")
        expect(section.get_by_text(REASON)).to_be_visible()
        assert_accessible(consultant_page)
        screenshot(consultant_page, "iqa-referrals")
        section.get_by_label("Your response").fill(RESPONSE)
        section.get_by_role("button", name="Send your response").click()
        expect(consultant_page.get_by_text("was recorded")).to_be_visible()
    finally:
        context.close()
    sample.refresh_from_db()
    assert sample.response == RESPONSE


def test_the_dashboard_and_referrals_fit_a_phone(browser, phone_page, live_server, demo):
    _decisions_to_sample()
    page = phone_page
    sign_in(page, live_server, QUALITY_LEAD, demo)
    page.goto(f"{live_server.url}/quality/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
    screenshot(page, "iqa-dashboard-phone")
    sample = IqaSample.objects.order_by("pk").first()
    if sample is not None:
        page.goto(f"{live_server.url}/quality/samples/{sample.pk}/")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, "iqa-sample-phone")
