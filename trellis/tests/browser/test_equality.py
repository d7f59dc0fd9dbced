from playwright.sync_api import expect

from trellis.equality.models import EqualityAnswers
from trellis.tests.browser.conftest import assert_accessible, screenshot, sign_in

APPRENTICE = "apprentice1@eastgate-college.example"
ADMIN = "provideradmin1@northway-training.example"


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_apprentice_answers_the_equality_questions_on_a_phone(phone_page, live_server, demo):
    page = phone_page
    sign_in(page, live_server, APPRENTICE, demo)
    screenshot(page, "equality-home-phone")
    page.get_by_role("link", name="Equality questions").click()
    expect(page.get_by_role("heading", name="Equality questions", level=1)).to_be_visible()
    expect(page.get_by_text("Nobody using Trellis sees your answers")).to_be_visible()
    assert no_sideways_scroll(page)
    assert_accessible(page)
    screenshot(page, "equality-questions-phone")

    ethnic = page.get_by_role("group", name="What is your ethnic group?")
    ethnic.get_by_label("Mixed or multiple ethnic groups").check()
    page.get_by_role("group", name="What is your sex?").get_by_label("Prefer not to say").check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_role("alert")).to_contain_text("Tick the box to agree")
    expect(ethnic.get_by_label("Mixed or multiple ethnic groups")).to_be_checked()
    assert not EqualityAnswers.objects.filter(apprentice__email=APPRENTICE).exists()
    assert_accessible(page)
    screenshot(page, "equality-questions-no-consent-phone")

    page.get_by_label("I agree to Trellis keeping these answers").check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    answers = EqualityAnswers.objects.get(apprentice__email=APPRENTICE)
    assert (answers.ethnic_group, answers.sex, answers.disability) == (
        "mixed",
        "prefer_not_to_say",
        "prefer_not_to_say",
    )
    assert no_sideways_scroll(page)
    assert_accessible(page)
    screenshot(page, "equality-questions-answered-phone")

    page.get_by_role("button", name="Withdraw and delete my answers").click()
    expect(page.get_by_text("Your answers are deleted.")).to_be_visible()
    assert not EqualityAnswers.objects.filter(apprentice__email=APPRENTICE).exists()


def test_a_provider_admin_reads_the_equality_report(page, phone_page, live_server, demo):
    sign_in(page, live_server, ADMIN, demo)
    page.get_by_role("link", name="Dashboard").click()
    page.get_by_role("link", name="equality and diversity report").click()
    expect(page.get_by_role("heading", name="Equality and diversity", level=1)).to_be_visible()
    ethnic = page.get_by_role("table", name="Ethnic group")
    expect(ethnic.get_by_role("row", name="White")).to_contain_text("%")
    expect(ethnic.get_by_role("row", name="Other ethnic group")).to_contain_text("Fewer than 5")
    disability = page.get_by_role("table", name="Disability, learning difficulty or health problem")
    expect(disability.get_by_role("row", name="Not answered")).to_contain_text("Not shown")
    assert_accessible(page)
    screenshot(page, "equality-report")

    sign_in(phone_page, live_server, ADMIN, demo)
    phone_page.goto(f"{live_server.url}/equality/report/")
    expect(
        phone_page.get_by_role("heading", name="Equality and diversity", level=1)
    ).to_be_visible()
    assert no_sideways_scroll(phone_page)
    assert_accessible(phone_page)
    screenshot(phone_page, "equality-report-phone")
