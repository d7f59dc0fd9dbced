"""Browser tests: Playwright drives the Chromium from Debian's package against a live server."""

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from trellis.testing.snapshot import database_snapshot_restore, database_snapshot_take

# Playwright's synchronous API runs an event loop in this thread; the test's own ORM calls
# are still synchronous, so Django's async-safety guard must stand aside here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("TRELLIS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}
# How long the end of a test waits for the live server to finish what the browser asked.
QUIET_SECONDS = 30
# CI runs two suites side by side on two cores; a page may take longer than Playwright's 5 s.
expect.set_options(timeout=15_000)


class _RequestsInFlight:
    """Count the live server's requests still being answered.

    A request still running when the test's tables are emptied would fail there, or write
    rows that the next test would find.
    """

    def __init__(self):
        self.count = 0
        self._lock = threading.Lock()
        self.browser = None

    def wrap(self, app):
        def counted(environ, start_response):
            with self._lock:
                self.count += 1
            try:
                return app(environ, start_response)
            finally:
                with self._lock:
                    self.count -= 1

        return counted

    def quieten(self) -> None:
        """Close every page the test left open, then wait for the server to finish."""
        if self.browser is not None:
            for context in list(self.browser.contexts):
                context.close()
        deadline = time.monotonic() + QUIET_SECONDS
        while self.count and time.monotonic() < deadline:
            time.sleep(0.05)


_in_flight = _RequestsInFlight()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Install Debian's package (apt-get install "
            "chromium) or set TRELLIS_CHROMIUM to its path."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        _in_flight.browser = browser
        yield browser
        _in_flight.browser = None
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def _live_server_counted(live_server):
    httpd = live_server.thread.httpd
    httpd.set_app(_in_flight.wrap(httpd.get_app()))


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    # Before any fixture is torn down: a failed test can leave a page still saving.
    _in_flight.quieten()
    yield


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def _seeded_demo():
    """Hold the seeded demo's rows and files once the first browser test has built them."""
    return {}


@pytest.fixture
def demo(transactional_db, settings, _seeded_demo, tmp_path_factory):
    """Give the test the whole demo, seeded once for the session and put back for each test."""
    media = Path(settings.MEDIA_ROOT)
    if not _seeded_demo:
        call_command("import_ifate", verbosity=0)
        call_command("load_standards", verbosity=0)
        call_command("seed_demo", quiet=True)
        _seeded_demo["rows"] = database_snapshot_take()
        _seeded_demo["media"] = tmp_path_factory.mktemp("demo-media") / "media"
        if media.exists():
            shutil.copytree(media, _seeded_demo["media"])
    else:
        database_snapshot_restore(_seeded_demo["rows"])
        if _seeded_demo["media"].exists():
            shutil.copytree(_seeded_demo["media"], media, dirs_exist_ok=True)
    return settings.TRELLIS_DEMO_PASSWORD


def sign_in(page, live_server, email: str, password: str) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(f"{live_server.url}/sign-in/")
    page.wait_for_load_state()


def screenshot(page, name: str) -> Path:
    # A click that navigates returns once the new page starts; picture it when it has loaded.
    page.wait_for_load_state()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_accessible(page) -> None:
    """Fail on any serious or critical axe-core violation, naming each one."""
    page.wait_for_load_state()
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in blocking
    )
