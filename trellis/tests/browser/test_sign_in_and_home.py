import pytest
from playwright.sync_api import expect

from trellis.tests.browser.conftest import assert_accessible, screenshot, sign_in

ROLES = [
    ("apprentice1@", "Your apprenticeship"),
    ("employer1@", "Your apprentices"),
    ("consultant1@", "Your caseload"),
    ("dsl1@", "Apprenticeships by status"),
    ("provideradmin1@", "Apprenticeships by status"),
    ("quality1@", "Apprenticeships by status"),
    ("epaoadmin1@", "End-point assessment work"),
    ("assessor1@", "Your assessments"),
    ("moderator1@", "End-point assessment work"),
]


def demo_email(prefix: str) -> str:
    from trellis.organisations.models import User

    return User.objects.get(email__startswith=prefix).email


def test_the_sign_in_page_is_accessible_and_explains_mistakes(page, live_server, demo):
    page.goto(f"{live_server.url}/")
    assert page.url.endswith("/sign-in/?next=/")
    assert_accessible(page)
    screenshot(page, "sign-in")
    page.get_by_label("Email address").fill("nobody@trellis.example")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert").get_by_text("Enter a correct email address")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "sign-in-error")


@pytest.mark.parametrize(("prefix", "heading"), ROLES, ids=[p.rstrip("@") for p, _ in ROLES])
def test_each_demo_role_signs_in_to_its_home_page(page, live_server, demo, prefix, heading):
    sign_in(page, live_server, demo_email(prefix), demo)
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"home-{prefix.rstrip('@')}")


def test_an_apprentice_home_page_fits_a_phone(phone_page, live_server, demo):
    sign_in(phone_page, live_server, demo_email("apprentice1@"), demo)
    expect(phone_page.get_by_role("heading", name="Your apprenticeship")).to_be_visible()
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"The page scrolls sideways by {overflow}px at phone width."
    assert_accessible(phone_page)
    screenshot(phone_page, "home-apprentice-phone")
