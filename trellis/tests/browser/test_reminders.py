from io import StringIO

from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from trellis.notices.models import DeliveryChoice, Notice
from trellis.organisations.models import User
from trellis.tests.browser.conftest import assert_accessible, screenshot, sign_in

CONSULTANT = "consultant1@northway-training.example"
APPRENTICE = "apprentice1@eastgate-college.example"


def _send() -> str:
    out = StringIO()
    call_command("send_reminders", stdout=out)
    return out.getvalue()


def test_reminders_go_once_and_wait_in_the_notices(page, phone_page, live_server, demo):
    mail.outbox.clear()
    first, second = _send(), _send()

    sent = int(first.split()[0])
    assert first.splitlines()[0] == f"{sent} reminders sent" and sent >= 1
    assert second.splitlines()[0] == "0 reminders sent"
    assert len(mail.outbox) == sent

    sign_in(page, live_server, CONSULTANT, demo)
    consultant = User.objects.get(email=CONSULTANT)
    unread = Notice.objects.filter(recipient=consultant, read_at__isnull=True).count()
    assert unread >= 1
    expect(page.get_by_role("link", name=f"Notices {unread} unread")).to_be_visible()
    page.goto(f"{live_server.url}/notices/")
    expect(
        page.get_by_role("button", name="Off-the-job hours to confirm: Chloe Bennett")
    ).to_be_visible()
    assert_accessible(page)
    screenshot(page, "reminders-notices")

    page.get_by_role("link", name="Change how you get reminders").click()
    page.get_by_text("In Trellis only").click()
    assert_accessible(page)
    screenshot(page, "reminders-choice")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved. How you get reminders: In Trellis only.")).to_be_visible()
    assert DeliveryChoice.objects.get(user=consultant).channel == "in_app"

    sign_in(phone_page, live_server, APPRENTICE, demo)
    phone_page.goto(f"{live_server.url}/notices/")
    expect(phone_page.get_by_role("button", name="Waiting for your signature")).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(phone_page, "reminders-notices-phone")
