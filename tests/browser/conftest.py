"""Browser fixtures: Debian's chromium driven by Playwright against pytest-django's live server.

Every test here is marked ``browser``; without chromium (``/usr/bin/chromium`` or ``CHROMIUM_PATH``)
the tests are skipped with the reason. Test modules here set
``pytestmark = [pytest.mark.browser, ...]``. Screenshots go to ``screenshots/`` at the repository root.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the test's own ORM calls are sync.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
from tests.support.browser import DESKTOP, MOBILE  # noqa: E402


@pytest.fixture
def browser(live_server):
    """Chromium for one test, started after pytest-django has prepared the database.

    Playwright's sync API keeps an asyncio loop "running" in this thread while it is up; Django
    then keys its connections by context instead of by thread and would hand the test (and
    pytest-django's serialized rollback) a fresh connection without the migration snapshot. So
    the connections prepared before Playwright starts are kept for the test's whole run, and
    Playwright is stopped again before the database is flushed.
    """
    if not Path(CHROMIUM).is_file() or not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"chromium not found at {CHROMIUM} (install Debian's chromium or set CHROMIUM_PATH)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    prepared = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in prepared.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=MOBILE, locale="en-ZA", timezone_id="Africa/Johannesburg")
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def new_page(browser):
    """A second, independent browser session (its own cookies), e.g. for another user."""
    contexts = []

    def make():
        context = browser.new_context(viewport=MOBILE, locale="en-ZA", timezone_id="Africa/Johannesburg")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def shoot():
    """shoot(page, name): full-page screenshots at phone (390x844) and desktop (1280x900) widths."""
    SCREENSHOTS.mkdir(exist_ok=True)
    taken = []

    def take(page, name, *, both=True, full_page=True):
        original = page.viewport_size
        sizes = [("mobile", MOBILE), ("desktop", DESKTOP)] if both else [("mobile" if original == MOBILE else "desktop", original)]
        for label, size in sizes:
            page.set_viewport_size(size)
            page.wait_for_load_state("load")
            page.wait_for_timeout(400)  # let layout settle after the resize (Wagtail's sidebar, messages)
            path = SCREENSHOTS / f"{name}-{label}.png"
            page.screenshot(path=str(path), full_page=full_page, animations="disabled")
            taken.append(path)
        page.set_viewport_size(original)
        return taken

    return take


@pytest.fixture
def site_content(db):
    """The data migration's content must be there (serialized_rollback restores it for live_server tests)."""
    from django.conf import settings
    from django.contrib.auth.models import Group
    from wagtail.models import Workflow

    from courses.models import CourseIndexPage

    assert CourseIndexPage.objects.live().count() == 1, "the data migration's course index is missing"
    for name in (settings.STUDENTS_GROUP, settings.INSTRUCTORS_GROUP, settings.MODERATORS_GROUP):
        assert Group.objects.filter(name=name).exists(), f"group {name} is missing"
    assert Workflow.objects.filter(name="Course review", active=True).exists()
    return CourseIndexPage.objects.get()
