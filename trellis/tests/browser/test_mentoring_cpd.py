from playwright.sync_api import expect

from trellis.apprenticeships.models import Apprenticeship
from trellis.cpd.models import CpdRecord
from trellis.mentoring.models import MentoringSession
from trellis.mentoring.selectors import observation_summary
from trellis.tests.browser.conftest import assert_accessible, screenshot, sign_in

APPRENTICE = "apprentice1@eastgate-college.example"


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_apprentice_logs_a_session_and_cpd_on_a_phone(phone_page, live_server, demo):
    page = phone_page
    apprenticeship = Apprenticeship.objects.get(apprentice__email=APPRENTICE)
    before = observation_summary(apprenticeship)
    portfolio = f"{live_server.url}/apprenticeships/{apprenticeship.pk}/portfolio"
    sign_in(page, live_server, APPRENTICE, demo)

    page.goto(f"{portfolio}/mentoring/")
    summary = page.locator("#observation-summary")
    expect(summary.get_by_text(before.advice)).to_be_visible()
    page.get_by_role("link", name="Log a session").click()
    page.get_by_label("Learner reference").fill("Jordan")
    page.get_by_label("Hours", exact=True).select_option("1")
    page.get_by_label("Group").check()
    page.get_by_label("Setting").fill("Staff workroom")
    page.get_by_label("What was done").fill("Planned the first observation of the learner")
    page.get_by_role("button", name="Log the session").click()
    alert = page.get_by_role("alert")
    expect(alert.get_by_text("Use a reference such as L-014 for the learner")).to_be_visible()
    assert page.get_by_label("What was done").input_value().startswith("Planned the first")
    assert no_sideways_scroll(page)
    assert_accessible(page)
    screenshot(page, "mentoring-refused-name")
    assert not MentoringSession.objects.filter(learner_ref="JORDAN").exists()

    page.get_by_label("Learner reference").fill("L-099")
    page.get_by_text("Skills", exact=True).click()
    page.locator("details", has_text="Skills").locator("input[name=ksbs]").first.check()
    page.get_by_role("button", name="Log the session").click()
    expect(page.get_by_text("Session with L-099 on")).to_be_visible()
    after = observation_summary(apprenticeship)
    assert (after.sessions, after.learners) == (before.sessions + 1, before.learners + 1)
    expect(
        summary.get_by_text(f"{after.sessions} sessions with {after.learners} different")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="with L-099").first).to_be_visible()
    assert no_sideways_scroll(page)
    assert_accessible(page)
    screenshot(page, "mentoring-log-phone")

    page.get_by_role("link", name="CPD", exact=True).click()
    page.get_by_role("link", name="Record CPD").click()
    page.get_by_label("Title").fill("Webinar on trauma-informed mentoring")
    page.get_by_label("Kind of CPD").select_option(label="Event, network or conference")
    page.get_by_label("What I learned").fill("How stress shows up in learners' behaviour")
    page.get_by_label("How it changes my practice").fill("I open sessions with a check-in")
    assert_accessible(page)
    screenshot(page, "cpd-form-phone")
    page.get_by_role("button", name="Record the CPD").click()
    expect(page.get_by_role("heading", name="Webinar on trauma-informed mentoring")).to_be_visible()
    record = CpdRecord.objects.get(title="Webinar on trauma-informed mentoring")
    previous = CpdRecord.objects.filter(apprenticeship=apprenticeship).exclude(pk=record.pk)
    assert set(record.ksbs.all()) == set(previous.order_by("-logged_at").first().ksbs.all())
    assert no_sideways_scroll(page)
    assert_accessible(page)
    screenshot(page, "cpd-log-phone")
