"""A real Chromium against Django's live server.

Playwright's sync API runs an asyncio event loop in a greenlet on the test's
own thread. While the browser is open, Django therefore sees a "running event
loop" on that thread and refuses ORM calls from it (SynchronousOnlyOperation).
Rather than switch that safety check off with DJANGO_ALLOW_ASYNC_UNSAFE, the
fixtures are ordered so that the test thread touches the database only while
no browser is open: the data is written before Playwright starts, and
`transactional_db` empties the tables after Playwright has stopped. The live
server answers the browser from its own thread, where no loop runs. Tests that
use `browser` must not query the database themselves.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import require_service
from tests.helpers import create_demo_process

CHROMIUM = Path("/usr/bin/chromium")
# Debian's Chromium, not a Playwright download: `playwright install` is not used.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Animations make what a test measures depend on timing: axe once read the
# language button's colours halfway through its focus transition (contrast
# 1.5:1). Every context therefore asks for reduced motion, which the site's CSS
# and Bootstrap's honour by switching transitions off. (Chromium's
# --force-prefers-reduced-motion switch does not help: Playwright sets the
# media feature of each context itself.)
REDUCED_MOTION = "reduce"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def chromium_path() -> Path:
    """Debian's Chromium: CI must have it; a laptop without it skips these tests."""
    require_service(
        os.access(CHROMIUM, os.X_OK), f"Chromium at {CHROMIUM} (apt-get install chromium)"
    )
    return CHROMIUM


@pytest.fixture
def portal_url(live_server) -> str:
    """The live server's address, serving the reference data and the demo process."""
    call_command("seed", stdout=io.StringIO())
    create_demo_process()
    return live_server.url


class ReducedMotionBrowser:
    """Playwright's Browser, whose new contexts and pages prefer reduced motion
    unless a test asks otherwise."""

    def __init__(self, browser) -> None:
        self._browser = browser

    def new_context(self, **options):
        options.setdefault("reduced_motion", REDUCED_MOTION)
        return self._browser.new_context(**options)

    def new_page(self, **options):
        options.setdefault("reduced_motion", REDUCED_MOTION)
        return self._browser.new_page(**options)

    def __getattr__(self, name: str):
        return getattr(self._browser, name)


@pytest.fixture
def browser(chromium_path, portal_url):
    """A headless Chromium, opened after the data is written (see the module's docstring)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        try:
            yield ReducedMotionBrowser(browser)
        finally:
            browser.close()


@pytest.fixture
def open_page(browser) -> Iterator:
    """Open a fresh page (own cookies) at a given viewport size; closed at teardown."""
    contexts = []

    def _open(viewport: dict[str, int]):
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()
