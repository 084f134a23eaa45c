"""The Django admin in a real Chromium, under the portal's Content-Security-Policy
(no inline script or style): its scripts still run, and the browser blocks
nothing. Data is written before the browser opens (see conftest)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from tests.browser.test_accessibility import track_problems

pytestmark = pytest.mark.browser

PASSWORD = "una-clave-larga-de-administracion"


@pytest.fixture
def administrator(portal_url) -> str:
    from tests.core.factories import UserFactory

    return UserFactory(
        username="administradora", is_staff=True, is_superuser=True, password=PASSWORD
    ).username


@pytest.fixture
def pages(administrator, open_page):
    """`open_page`, started only after `administrator` has been written."""
    return open_page


def test_the_admin_works_under_the_content_security_policy(pages, portal_url, administrator):
    page = pages(DESKTOP)
    problems = track_problems(page)

    page.goto(portal_url + "/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/\?next=/admin/$"))
    page.locator("#id_username").fill(administrator)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(portal_url + "/admin/")

    # theme.js: the light/dark switch.
    page.locator("button.theme-toggle").first.click()
    expect(page.locator("html")).to_have_attribute("data-theme", re.compile(r"\w+"))

    # prepopulate.js fills the slug from the title; inlines.js adds a stage row;
    # DateTimeShortcuts.js opens its calendar and clock.
    page.goto(portal_url + "/admin/plans/actionplan/add/")
    page.locator("#id_title").press_sequentially("Plan de prueba")
    expect(page.locator("#id_slug")).to_have_value("plan-de-prueba")
    page.locator("#stages-group .add-row a").click()
    expect(page.locator("#id_stages-0-starts_at_0")).to_be_visible()
    # The plan's official documents are an inline too: a row to add one.
    page.locator("#documents-group .add-row a").click()
    expect(page.locator("#id_documents-0-title")).to_be_visible()
    row = page.locator("#stages-0")
    row.locator("a[id^='calendarlink']").first.click()
    calendar = page.locator(".calendarbox").filter(visible=True)
    expect(calendar).to_have_count(1)
    calendar.locator(".calendar-cancel a").click()
    expect(page.locator(".calendarbox").filter(visible=True)).to_have_count(0)
    row.locator("a[id^='clocklink']").first.click()
    expect(page.locator(".clockbox").filter(visible=True)).to_have_count(1)

    # autocomplete.js (select2) searches institutions.
    page.goto(portal_url + "/admin/plans/commitment/add/")
    page.locator("#id_responsible_institution + .select2").click()
    search = page.locator(".select2-dropdown .select2-search__field")
    expect(search).to_be_visible()
    search.fill("Consejo")
    expect(page.locator(".select2-results__option").first).to_contain_text("Consejo")

    # actions.js: "select all" on a list.
    page.goto(portal_url + "/admin/plans/institution/")
    page.locator("#action-toggle").check()
    expect(page.locator(".action-counter")).to_contain_text(re.compile(r"\d"))

    assert not problems, problems
