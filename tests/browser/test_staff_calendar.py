"""The calendar's staff page in a real Chromium, with a history to show: the
5th plan's 2020 edges (too old to act on, folded behind a toggle) and the
demonstration's (acted on). No axe violation with the toggle closed or open,
at a phone's width and a computer's; nothing sticks out at 360 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import (
    VIEWPORTS,
    axe_violations,
    describe,
    horizontal_overflow,
    track_problems,
)
from tests.browser.test_design import es, sign_in, staff_account  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def calendar_history(portal_url) -> None:
    from stages import engine

    engine.tick()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_calendar_page_passes_axe_with_its_history_open(
    calendar_history,
    staff_account,  # noqa: F811 (the fixture imported above)
    open_page,
    portal_url,
    viewport,
):
    page = open_page(VIEWPORTS[viewport])
    problems = track_problems(page)
    sign_in(page, portal_url, staff_account)
    page.goto(portal_url + "/gestion/calendario/")
    expect(page.get_by_role("heading", level=1)).to_have_text(es("Process calendar"))
    skipped = page.locator("details.calendar-skipped")
    expect(skipped.locator("li").first).to_be_hidden()
    violations = axe_violations(page)
    assert not violations, describe(violations)
    skipped.locator("summary").click()
    expect(skipped.locator("li").first).to_be_visible()
    violations = axe_violations(page)
    assert not violations, describe(violations)
    assert not problems, problems
    if viewport == "phone":
        assert horizontal_overflow(page) is None
    # The way to the stages' dates, for whoever may change them.
    page.get_by_role("link", name=es("Edit the stages")).click()
    expect(page).to_have_url(portal_url + "/admin/stages/stage/")
