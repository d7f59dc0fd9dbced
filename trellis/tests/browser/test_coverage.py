from playwright.sync_api import expect

from trellis.apprenticeships.models import Apprenticeship
from trellis.portfolio.models import KsbCoverage
from trellis.standards.models import KSB
from trellis.testing.portfolio_factories import evidence_in_state
from trellis.tests.browser.conftest import assert_accessible, screenshot, sign_in

CONSULTANT = "consultant1@northway-training.example"
APPRENTICE = "apprentice1@eastgate-college.example"


def _with_assessed_evidence() -> Apprenticeship:
    """Make sure Chloe has coverage to show, through the real services, if the demo has none."""
    apprenticeship = Apprenticeship.objects.get(apprentice__email=APPRENTICE)
    if not KsbCoverage.objects.filter(apprenticeship=apprenticeship).exists():
        ksbs = KSB.objects.filter(standard_version_id=apprenticeship.standard_version_id)
        first = {kind: ksbs.filter(kind=kind).first().code for kind in ("knowledge", "skill")}
        evidence_in_state(
            apprenticeship,
            status="assessed",
            judgements={first["knowledge"]: "secure", first["skill"]: "working_towards"},
        )
    return apprenticeship


def test_the_consultant_reads_the_matrix_and_an_apprentices_coverage(page, live_server, demo):
    apprenticeship = _with_assessed_evidence()
    sign_in(page, live_server, CONSULTANT, demo)
    page.goto(f"{live_server.url}/caseload/")
    page.get_by_role("link", name="KSB coverage matrix").click()
    expect(page.get_by_role("heading", name="KSB coverage", exact=True)).to_be_visible()
    key = page.get_by_label("Key")
    for word in ("Secure", "Working towards", "No evidence"):
        expect(key.get_by_text(word, exact=True)).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Chloe Bennett")
    assert row.count() == 1
    assert row.get_by_text("Secure", exact=True).count() >= 1
    assert row.get_by_text("Working towards", exact=True).count() >= 1
    assert_accessible(page)
    screenshot(page, "coverage-matrix-consultant")

    row.get_by_role("link", name="Chloe Bennett").click()
    assert page.url.endswith(f"/apprenticeships/{apprenticeship.pk}/portfolio/coverage/")
    expect(page.get_by_role("heading", name="KSB coverage")).to_be_visible()
    summary = page.get_by_role("list", name="Summary")
    expect(summary.get_by_text("secure")).to_be_visible()
    expect(page.locator("caption", has_text="Knowledge")).to_be_visible()
    expect(page.locator("caption", has_text="Skills")).to_be_visible()
    expect(page.locator(".coverage-tag--secure").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "coverage-apprentice-consultant")


def test_the_matrix_and_the_coverage_page_fit_a_phone(phone_page, live_server, demo):
    page = phone_page
    apprenticeship = _with_assessed_evidence()
    sign_in(page, live_server, CONSULTANT, demo)
    page.goto(f"{live_server.url}/caseload/coverage/")
    # The page itself never scrolls sideways; the table scrolls inside its own region.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    region = page.locator(".matrix-wrap").first
    assert region.get_attribute("role") == "region"
    name = page.locator("tbody th.matrix__name").first
    left_before = name.bounding_box()["x"]
    region.evaluate("element => element.scrollLeft = 400")
    assert abs(name.bounding_box()["x"] - left_before) < 2
    region.evaluate("element => element.scrollLeft = 0")
    assert_accessible(page)
    screenshot(page, "coverage-matrix-phone")

    page.goto(f"{live_server.url}/apprenticeships/{apprenticeship.pk}/portfolio/coverage/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
    screenshot(page, "coverage-apprentice-phone")
