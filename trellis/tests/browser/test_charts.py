"""The charts of one apprentice's record, with the demo data, on a desktop and on a phone."""

from playwright.sync_api import expect

from trellis.apprenticeships.models import Apprenticeship
from trellis.tests.browser.conftest import SCREENSHOTS, assert_accessible, screenshot, sign_in

CONSULTANT = "consultant1@northway-training.example"
APPRENTICE = "apprentice1@eastgate-college.example"
ON_A_BREAK = "Eilidh Campbell"


def record_url(live_server, apprenticeship: Apprenticeship, part: str) -> str:
    return f"{live_server.url}/apprenticeships/{apprenticeship.pk}/{part}"


def shown_chart(page):
    """Return the drawing the page shows (one of two: for a wide screen and for a phone)."""
    charts = page.locator("svg.line-chart__svg")
    visible = [charts.nth(n) for n in range(charts.count()) if charts.nth(n).is_visible()]
    assert len(visible) == 1
    return visible[0]


def assert_fits(page) -> None:
    """Nothing on the page is wider than the screen, and the chart keeps inside its box."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    chart = shown_chart(page).bounding_box()
    assert chart["x"] >= 0
    assert chart["x"] + chart["width"] <= page.viewport_size["width"]


def close_up(locator, name: str) -> None:
    """Save a screenshot of one part of the page, to look at the chart as a user would."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    locator.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def open_figures(page):
    """Open the table of the chart's figures and return it."""
    page.get_by_text("Show the figures as a table").click()
    return page.locator("table.chart-table")


def test_the_off_the_job_chart_on_a_desktop_and_a_phone(page, phone_page, live_server, demo):
    chloe = Apprenticeship.objects.get(apprentice__email=APPRENTICE)
    sign_in(page, live_server, CONSULTANT, demo)
    page.goto(record_url(live_server, chloe, "off-the-job/"))
    expect(page.get_by_role("heading", name="Hours over time")).to_be_visible()
    chart = shown_chart(page)
    assert chart.get_attribute("role") == "img"
    summary = chart.get_attribute("aria-label")
    assert "required hours confirmed" in summary and "expected by today" in summary
    expect(page.get_by_role("img", name=summary)).to_be_visible()
    for text in ("Hours", "Today", "Planned end"):
        expect(chart.get_by_text(text, exact=True)).to_be_visible()
    expect(chart.locator("text").filter(has_text="Required:")).to_be_visible()
    table = open_figures(page)
    expect(table.get_by_role("row").filter(has_text="today")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "chart-otj-desktop")
    close_up(page.locator("section.otj-trajectory"), "chart-otj-desktop-close")

    sign_in(phone_page, live_server, APPRENTICE, demo)
    phone_page.goto(record_url(live_server, chloe, "off-the-job/"))
    expect(phone_page.get_by_role("heading", name="Hours over time")).to_be_visible()
    phone_page.locator("section.otj-trajectory").scroll_into_view_if_needed()
    assert shown_chart(phone_page).get_attribute("class").endswith("--narrow")
    assert_fits(phone_page)
    open_figures(phone_page)
    screenshot(phone_page, "chart-otj-phone")
    assert_fits(phone_page)
    assert_accessible(phone_page)
    close_up(phone_page.locator("section.otj-trajectory"), "chart-otj-phone-close")


def test_a_break_in_learning_on_the_off_the_job_chart(page, live_server, demo):
    on_a_break = Apprenticeship.objects.get(apprentice__full_name=ON_A_BREAK)
    sign_in(page, live_server, CONSULTANT, demo)
    page.goto(record_url(live_server, on_a_break, "off-the-job/"))
    expect(page.get_by_role("heading", name="Hours over time")).to_be_visible()
    expect(page.locator(".line-chart__legend").get_by_text("Break in learning")).to_be_visible()
    assert shown_chart(page).locator("rect.line-chart__span").count() == 1
    assert_accessible(page)
    close_up(page.locator("section.otj-trajectory"), "chart-otj-break-close")


def test_the_coverage_chart_on_a_desktop_and_a_phone(page, phone_page, live_server, demo):
    chloe = Apprenticeship.objects.get(apprentice__email=APPRENTICE)
    sign_in(page, live_server, CONSULTANT, demo)
    page.goto(record_url(live_server, chloe, "portfolio/coverage/"))
    expect(page.get_by_role("heading", name="Coverage over time")).to_be_visible()
    chart = shown_chart(page)
    summary = chart.get_attribute("aria-label")
    assert summary.startswith("KSB coverage since") and "KSBs secure" in summary
    expect(page.get_by_role("img", name=summary)).to_be_visible()
    for text in ("KSBs", "Today", "Planned end"):
        expect(chart.get_by_text(text, exact=True)).to_be_visible()
    table = open_figures(page)
    today = table.get_by_role("row").filter(has_text="today")
    expect(today).to_be_visible()
    # The table's last row is where the coverage summary above it stands today.
    secure = page.locator(".coverage-summary__item--secure .coverage-summary__count").inner_text()
    expect(today.get_by_role("cell").first).to_have_text(secure)
    assert_accessible(page)
    screenshot(page, "chart-coverage-desktop")
    close_up(page.locator("section.coverage-history"), "chart-coverage-desktop-close")

    sign_in(phone_page, live_server, APPRENTICE, demo)
    phone_page.goto(record_url(live_server, chloe, "portfolio/coverage/"))
    expect(phone_page.get_by_role("heading", name="Coverage over time")).to_be_visible()
    assert shown_chart(phone_page).get_attribute("class").endswith("--narrow")
    assert_fits(phone_page)
    open_figures(phone_page)
    screenshot(phone_page, "chart-coverage-phone")
    assert_fits(phone_page)
    assert_accessible(phone_page)
    close_up(phone_page.locator("section.coverage-history"), "chart-coverage-phone-close")
