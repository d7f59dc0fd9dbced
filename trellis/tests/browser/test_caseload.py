import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from trellis.apprenticeships.models import Apprenticeship, StatusChange
from trellis.caseload.models import CaseloadSummary
from trellis.testing.caseload_factories import CaseloadSummaryFactory
from trellis.testing.factories import ApprenticeshipFactory, UserFactory
from trellis.testing.people import PASSWORD
from trellis.tests.browser.conftest import SCREENSHOTS, assert_accessible, screenshot, sign_in

FIRST = ["Aisha", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Harry", "Isla", "Jamal",
         "Kate", "Liam", "Maya", "Noah", "Orla", "Priya", "Rory", "Sofia", "Tom", "Uma",
         "Vik", "Wren"]  # fmt: skip
LAST = ["Patel", "Jones", "Nowak"]


@pytest.fixture
def caseload(transactional_db, people):
    """Give Carl 45 apprentices at every stage, most at Erin's employer."""
    today = timezone.localdate()
    version = people.amara_apprenticeship.standard_version
    CaseloadSummaryFactory(
        apprenticeship=people.amara_apprenticeship,
        next_review_due=today + timedelta(days=40),
        otj_actual_hours=Decimal("80"),
        otj_on_track_until=today + timedelta(days=20),
    )
    CaseloadSummaryFactory(apprenticeship=people.bea_apprenticeship)
    for n in range(44):
        start = today - timedelta(days=20 + n * 11)
        status = Apprenticeship.Status.BREAK_IN_LEARNING if n % 11 == 3 else None
        apprenticeship = ApprenticeshipFactory(
            apprentice=UserFactory(full_name=f"{FIRST[n % 22]} {LAST[n % 3]}"),
            employer=people.employer if n % 4 else people.other_employer,
            provider=people.provider,
            consultant=people.carl,
            epao=people.epao if n % 6 else None,
            standard_version=version,
            start_date=start,
            planned_end_date=start + timedelta(days=548),
            status=status or Apprenticeship.Status.ON_PROGRAMME,
        )
        if status:
            StatusChange.objects.create(
                apprenticeship=apprenticeship,
                kind=StatusChange.Kind.BREAK_IN_LEARNING,
                effective_date=today - timedelta(days=10),
                expected_return_date=today + timedelta(days=60),
                recorded_by=people.pat,
            )
        CaseloadSummary.objects.create(
            apprenticeship=apprenticeship,
            next_review_due=None if status else today + timedelta(days=(n * 7) % 100 - 25),
            otj_required_hours=Decimal("187"),
            otj_actual_hours=Decimal(n * 3),
            otj_on_track_until=today + timedelta(days=(n * 13) % 60 - 15),
            plan_agreed=n % 5 != 1,
            qualifications_outstanding=["Level 2 maths"] if n % 7 == 2 else [],
        )
    return people


def test_a_consultant_sorts_by_next_review_and_finds_the_overdue_ones(page, live_server, caseload):
    sign_in(page, live_server, caseload.carl.email, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Caseload").click()
    expect(page.get_by_role("heading", name="Caseload")).to_be_visible()
    expect(page.get_by_text("45 apprentices, showing 1")).to_be_visible()
    assert "Bea Example" not in page.content()
    assert_accessible(page)
    screenshot(page, "caseload-consultant")

    page.get_by_role("link", name="Next review").click()
    header = page.get_by_role("columnheader", name="Next review")
    expect(header).to_have_attribute("aria-sort", "ascending")
    first_due = page.locator("tbody tr").first.locator("td[data-label='Next review']")
    expect(first_due).to_contain_text("overdue")

    page.get_by_role("navigation", name="Needs attention").get_by_role(
        "link", name="Review overdue"
    ).click()
    expect(page).to_have_url(re.compile(r"flag="))
    page.wait_for_load_state()
    rows = page.locator("tbody tr")
    assert rows.count() > 0
    for index in range(rows.count()):
        assert "Review overdue" in rows.nth(index).locator("td[data-label='Flags']").inner_text()
    assert page.get_by_role("columnheader", name="Next review").get_attribute("aria-sort")
    assert_accessible(page)
    screenshot(page, "caseload-consultant-review-overdue")


def test_the_caseload_stacks_into_cards_on_a_phone(phone_page, live_server, caseload):
    sign_in(phone_page, live_server, caseload.carl.email, PASSWORD)
    phone_page.goto(f"{live_server.url}/caseload/?sort=review")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    assert_accessible(phone_page)
    screenshot(phone_page, "caseload-consultant-phone")
    phone_page.screenshot(
        path=str(SCREENSHOTS / "caseload-consultant-phone-cards.png"),
        full_page=True,
        clip={"x": 0, "y": 650, "width": 390, "height": 1400},
    )


def test_an_employer_contact_sees_only_their_own_apprentices(page, live_server, caseload):
    sign_in(page, live_server, caseload.erin.email, PASSWORD)
    page.get_by_role("link", name="See your apprentices' progress").click()
    page.wait_for_load_state()
    content = page.content()
    assert "Amara Example" in content
    assert "Bea Example" not in content
    shown = Apprenticeship.objects.filter(employer=caseload.employer).count()
    expect(page.get_by_text(f"{shown} apprentices").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "caseload-employer")


def test_the_caseload_filters_without_javascript(browser, live_server, caseload):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server, caseload.carl.email, PASSWORD)
        page.goto(f"{live_server.url}/caseload/")
        page.get_by_text("Filter and sort").click()
        page.get_by_label("Apprentice's name").fill("Amara")
        page.get_by_role("button", name="Apply").click()
        expect(page.get_by_text("1 apprentice", exact=True)).to_be_visible()
    finally:
        context.close()
