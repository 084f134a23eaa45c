"""The header's links and buttons stay readable in every state a person puts
them in: at rest, under the mouse, focused with the keyboard, pressed, and in
the phone's open menu; and the keyboard's focus shows as an outline that stands
out (3:1) from the background. Axe checks only the state a page happens to be
in, so each state is forced on every element through Chromium's DevTools
protocol (as its "Force element state" panel does) and axe's colour-contrast
rule runs on the header in each."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import axe, describe, wait_for_animations

pytestmark = pytest.mark.browser

INTERACTIVE = "header a[href], header button, header input:not([type=hidden]), header select"
STATES = {
    "at rest": [],
    "under the mouse": ["hover"],
    "focused with the keyboard": ["focus", "focus-visible"],
    "pressed with the mouse": ["hover", "focus", "active"],
    "pressed with the keyboard": ["focus", "focus-visible", "active"],
}
# A page whose menu marks the current page, in each language (the language
# switch offers the other one).
PAGES = ["/planes/", "/en/propuestas/"]


def contrast_in_state(page: Page, pseudo_classes: list[str]) -> tuple[int, dict, list[str]]:
    """Force the pseudo-classes on every interactive element of the header, then
    run axe's colour-contrast rule there: (how many elements, axe's results,
    the weak focus outlines if the state has the keyboard's focus)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": INTERACTIVE})
        for node in nodes["nodeIds"]:
            forced = {"nodeId": node, "forcedPseudoClasses": pseudo_classes}
            cdp.send("CSS.forcePseudoState", forced)
        # The forced state lasts while the session is open: measure before detaching.
        wait_for_animations(page)
        results = axe.run(
            page,
            context={"include": [["header"]]},
            options={"runOnly": {"type": "rule", "values": ["color-contrast"]}},
        ).response
        weak = weak_focus_outlines(page) if "focus-visible" in pseudo_classes else []
    finally:
        cdp.detach()
    return len(nodes["nodeIds"]), results, weak


def weak_focus_outlines(page: Page) -> list[str]:
    """The shown elements whose focus outline is missing, thinner than 2px or
    under 3:1 against the background behind them (WCAG 1.4.11). To be called
    while the focus is forced on them."""
    return page.evaluate(
        """(selector) => {
            const rgb = (colour) => colour.match(/[\\d.]+/g).map(Number);
            const luminance = ([r, g, b]) => [r, g, b]
                .map((c) => c / 255)
                .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
                .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
            const ratio = (a, b) => {
                const [dark, light] = [luminance(a), luminance(b)].sort((x, y) => x - y);
                return (light + 0.05) / (dark + 0.05);
            };
            const behind = (el) => {
                for (let node = el.parentElement; node; node = node.parentElement) {
                    const colour = rgb(getComputedStyle(node).backgroundColor);
                    if (colour.length === 3 || colour[3] === 1) return colour.slice(0, 3);
                }
                return [255, 255, 255];
            };
            return [...document.querySelectorAll(selector)]
                .filter((el) => el.checkVisibility())
                .map((el) => {
                    const style = getComputedStyle(el);
                    const width = parseFloat(style.outlineWidth);
                    const [r, g, b, alpha = 1] = rgb(style.outlineColor);
                    const background = behind(el);
                    const seen = [r, g, b].map((c, i) => alpha * c + (1 - alpha) * background[i]);
                    const contrast = ratio(seen, background);
                    if (style.outlineStyle !== "none" && width >= 2 && contrast >= 3) return null;
                    return `${el.outerHTML.slice(0, 80)}: outline ${style.outlineStyle} `
                        + `${style.outlineWidth} ${style.outlineColor}, `
                        + `${contrast.toFixed(2)}:1, box-shadow ${style.boxShadow}`;
                })
                .filter(Boolean);
        }""",
        INTERACTIVE,
    )


def text_elements_shown(page: Page) -> int:
    """The header's interactive elements that show text a person can read."""
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)].filter(
            (el) => el.checkVisibility() && el.innerText.trim() !== ""
        ).length""",
        INTERACTIVE,
    )


def open_phone_menu(page: Page) -> None:
    page.locator(".navbar-toggler").click()
    expect(page.locator("#menu")).to_have_class(re.compile(r"\bshow\b"))


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_header_is_readable_in_every_state(open_page, portal_url, subtests, viewport):
    page = open_page(PHONE if viewport == "phone" else DESKTOP)
    for path in PAGES:
        page.goto(portal_url + path)
        if viewport == "phone":
            open_phone_menu(page)
        shown = text_elements_shown(page)
        # The brand, three menu links and the language switch.
        assert shown >= 5, f"{path}: only {shown} header elements with text are visible"
        for state, pseudo_classes in STATES.items():
            with subtests.test(msg=f"{path}, {viewport}, {state}"):
                count, results, weak_outlines = contrast_in_state(page, pseudo_classes)
                assert count >= shown
                assert not results["violations"], (
                    f"{path}, {state}\n{describe(results['violations'])}"
                )
                # Axe could tell the colours of every element: none was left
                # undecided (e.g. text over an image), none was skipped.
                assert not results["incomplete"], (
                    f"{path}, {state}: axe could not decide\n{describe(results['incomplete'])}"
                )
                checked = sum(len(rule["nodes"]) for rule in results["passes"])
                assert checked >= shown, f"{path}, {state}: axe checked {checked} of {shown}"
                assert not weak_outlines, "\n".join(
                    [f"{path}, {state}: focus hard to see on", *weak_outlines]
                )
