from playwright.sync_api import expect

from trellis.apprenticeships.models import Apprenticeship
from trellis.plans.selectors import plan_is_agreed
from trellis.tests.browser.conftest import assert_accessible, screenshot, sign_in

CONSULTANT = "consultant1@northway-training.example"
APPRENTICE = "apprentice1@eastgate-college.example"
EMPLOYER = "employer1@eastgate-college.example"


def plan_url(live_server, apprenticeship: Apprenticeship) -> str:
    return f"{live_server.url}/apprenticeships/{apprenticeship.pk}/plan/"


def test_consultant_changes_the_plan_and_all_three_sign(
    browser, page, phone_page, live_server, demo
):
    apprenticeship = Apprenticeship.objects.get(apprentice__email=APPRENTICE)
    url = plan_url(live_server, apprenticeship)

    # The consultant adds an activity to a plan that is already signed by them.
    sign_in(page, live_server, CONSULTANT, demo)
    page.goto(url)
    expect(page.get_by_text("Waiting for signatures").first).to_be_visible()
    page.get_by_role("link", name="Add an activity").click()
    page.get_by_label("Title").fill("Observing a colleague's mentoring session")
    page.get_by_label("Kind of activity").select_option(label="Shadowing")
    page.get_by_role("group", name="KSBs covered").locator("input[type=checkbox]").first.check()
    page.get_by_label("Planned start").fill(
        apprenticeship.planned_end_date.replace(day=1).isoformat()
    )
    page.get_by_label("Planned end").fill(apprenticeship.planned_end_date.isoformat())
    page.get_by_label("Planned off-the-job hours").fill("3.5")
    page.get_by_role("button", name="Add the activity").click()
    # A signed version needs the reason for the change first.
    expect(page.get_by_role("alert").get_by_text("Say what changes and why")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "plan-change-needs-summary")
    page.get_by_label("What changes and why").fill("Added an observation before the EPA.")
    page.get_by_role("button", name="Add the activity").click()
    expect(page.get_by_text("has been added to the plan")).to_be_visible()
    expect(page.get_by_text("What changed in version 3")).to_be_visible()
    page.get_by_role("button", name="Sign the plan").click()
    expect(page.get_by_text("You have signed version 3 of the plan.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "plan-consultant-signed")

    # The apprentice signs on their phone.
    sign_in(phone_page, live_server, APPRENTICE, demo)
    phone_page.goto(url)
    sign_button = phone_page.get_by_role("button", name="Sign the plan")
    expect(sign_button).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone_page)
    screenshot(phone_page, "plan-apprentice-phone")
    sign_button.click()
    expect(phone_page.get_by_text("You have signed version 3 of the plan.")).to_be_visible()

    # The employer signs last, and the plan is agreed.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    employer_page = context.new_page()
    try:
        sign_in(employer_page, live_server, EMPLOYER, demo)
        employer_page.goto(url)
        employer_page.get_by_role("button", name="Sign the plan").click()
        expect(employer_page.get_by_text("Agreed", exact=True)).to_be_visible()
        expect(employer_page.get_by_role("button", name="Sign the plan")).not_to_be_visible()
        assert_accessible(employer_page)
        screenshot(employer_page, "plan-agreed")
    finally:
        context.close()
    assert plan_is_agreed(apprenticeship)

    page.goto(f"{url}timetable/")
    expect(page.get_by_role("heading", name="Timetable by month")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "plan-timetable")
    phone_page.goto(f"{url}timetable/")
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone_page, "plan-timetable-phone")
    page.goto(f"{url}versions/")
    screenshot(page, "plan-versions")


def test_a_plan_near_its_end_without_an_epao_is_flagged(page, live_server, demo):
    # Demo apprentice 14 is a month from the planned end, and the plan names no EPAO.
    apprenticeship = Apprenticeship.objects.get(apprentice__email__startswith="apprentice14@")
    sign_in(page, live_server, "provideradmin1@northway-training.example", demo)
    page.goto(plan_url(live_server, apprenticeship))

    expect(page.get_by_text("EPAO not named")).to_be_visible()
    expect(page.get_by_text("was due by")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "plan-epao-flag")


def test_a_withdrawn_apprentice_s_plan_stands_as_it_was_agreed(page, live_server, demo):
    apprenticeship = Apprenticeship.objects.get(apprentice__full_name="Grace Adebayo")
    sign_in(page, live_server, apprenticeship.consultant.email, demo)
    page.goto(plan_url(live_server, apprenticeship))

    expect(page.get_by_text("Completed").first).to_be_visible()
    expect(page.get_by_role("link", name="Add an activity")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "plan-withdrawn")
