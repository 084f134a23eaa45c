"""The home page on a phone: while a stage is open, its action is on the first
screen, before the calendar and the introduction."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser


def es(msgid: str) -> str:
    with translation.override("es-cl"):
        return gettext(msgid)


def test_on_a_phone_the_open_stage_and_its_action_come_first(open_page, portal_url):
    page = open_page(PHONE)
    page.goto(portal_url + "/")
    assert page.evaluate("window.scrollY") == 0

    action = page.get_by_role("link", name=es("Propose a commitment"), exact=True)
    box = action.bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (
        f"'Propón un compromiso' is below the first {PHONE['height']} px: {box}"
    )

    def top(selector: str) -> float:
        return page.locator(selector).first.bounding_box()["y"]

    assert top("[data-open-stage='reception']") < top(".process-tracker") < top("#titulo")
