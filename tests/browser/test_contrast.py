"""Contrast AA in every state: the portal's interactive elements, measured in
a real Chromium while each state is forced on them (DevTools' forced pseudo
classes: hover, focus, active, visited), and disabled controls as they are.
Text needs 4.5:1 against what is behind it; a focus ring 3:1 against the
background around the element (WCAG 2.2: 1.4.3, 1.4.11, 2.4.13).

axe checks the resting state of every page (test_accessibility.py); this
test covers the states axe cannot see."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

PASSWORD = "una-clave-larga-de-prueba"
STATES = ["hover", "focus", "active"]

# (page, CSS selector of an element on it): the main interactive elements.
PUBLIC = [
    ("/", ".site-nav .nav-link"),
    ("/", ".site-brand"),
    ("/", ".now-action .btn-primary"),
    ("/", ".language-switch .btn"),
    ("/", "main .hero ~ section a, main section a:not(.btn)"),
    ("/", ".site-footer a"),
    ("/", ".tracker-step--open .status-chip"),
    ("/planes/plan-5-2020-2022/", ".breadcrumb a"),
    ("/planes/plan-5-2020-2022/", ".download-link"),
    ("/planes/proceso-de-demostracion/", ".origin-notice .notice"),
    ("/accesibilidad/", "main .page-header ~ div a"),
]
STAFF = [
    ("/gestion/componentes/", ".staff-nav .nav-link"),
    ("/gestion/componentes/", ".staff-bar .btn-link"),
    ("/gestion/componentes/", "#c-buttons .btn-primary"),
    ("/gestion/componentes/", "#c-buttons .btn-outline-primary"),
    ("/gestion/componentes/", "#c-buttons .sample-link"),
    ("/gestion/componentes/", "#c-pagination .page-link[rel=next]"),
    ("/gestion/componentes/", "#c-empty .btn-outline-primary"),
    ("/gestion/componentes/", ".closed-notice a"),
    ("/gestion/componentes/", ".pending-card a"),
]
DISABLED = ["#c-buttons .btn-primary[disabled]", "#c-buttons .btn-outline-primary[disabled]"]
CHIPS = [f"#c-chips li:nth-child({n}) .status-chip" for n in range(1, 6)]

# The colours behind an element: its parent's background, each translucent
# layer laid over the one below, down to the page's white.
BEHIND = """(el) => {
    const parse = (c) => {
        const parts = c.match(/rgba?\\(([^)]+)\\)/)[1].split(/[\\s,\\/]+/).filter(Boolean);
        const [r, g, b, a] = parts.map(Number);
        return [r, g, b, a === undefined ? 1 : a];
    };
    const layers = [];
    for (let n = el.parentElement; n; n = n.parentElement) {
        const colour = parse(getComputedStyle(n).backgroundColor);
        if (colour[3] > 0) layers.push(colour);
        if (colour[3] >= 1) break;
    }
    return layers.reverse().reduce(
        (below, top) => top.slice(0, 3).map((v, i) => v * top[3] + below[i] * (1 - top[3])),
        [255, 255, 255]);
}"""
NEXT_FRAME = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def parse(colour: str) -> list[float]:
    values = [float(v) for v in re.split(r"[\s,/]+", colour[colour.index("(") + 1 : -1]) if v]
    return values if len(values) == 4 else [*values, 1.0]


def over(top: list[float], below: list[float]) -> list[float]:
    return [t * top[3] + b * (1 - top[3]) for t, b in zip(top[:3], below[:3], strict=True)]


def luminance(rgb) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a, b) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


class Forcer:
    """Force pseudo classes on an element through the DevTools protocol, and
    read its computed style there (page scripts never see :visited colours)."""

    def __init__(self, page):
        self.page = page
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("DOM.enable")
        self.cdp.send("CSS.enable")

    def node(self, selector: str) -> int:
        root = self.cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = self.cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})
        assert node["nodeId"], f"nothing matches {selector}"
        return node["nodeId"]

    def force(self, node: int, states: list[str]) -> None:
        self.cdp.send("CSS.forcePseudoState", {"nodeId": node, "forcedPseudoClasses": states})
        self.page.evaluate(NEXT_FRAME)

    def style(self, node: int) -> dict[str, str]:
        computed = self.cdp.send("CSS.getComputedStyleForNode", {"nodeId": node})
        return {item["name"]: item["value"] for item in computed["computedStyle"]}


def check(page, forcer: Forcer, path: str, selector: str, states, problems: list[str]) -> None:
    element = page.locator(selector).first
    node = forcer.node(selector)
    around = element.evaluate(BEHIND)
    html = element.evaluate("(e) => e.outerHTML.slice(0, 90)")
    for state in states:
        forced = {"focus": ["focus", "focus-visible"], "normal": []}.get(state, [state])
        forcer.force(node, forced)
        style = forcer.style(node)
        opacity = float(style["opacity"])
        background = over([*over(parse(style["background-color"]), around)[:3], opacity], around)
        own = over(parse(style["color"]), over(parse(style["background-color"]), around))
        text = over([*own, opacity], around)
        seen = f"text {style['color']} on {background} ({html})"
        if (contrast := ratio(text, background)) < 4.5:
            problems.append(f"{path} {selector} [{state}] {contrast:.2f}:1, {seen}")
        if state == "focus":
            ring = style["outline-style"] != "none" and float(style["outline-width"][:-2]) >= 2
            if not ring:
                problems.append(f"{path} {selector} [focus] shows no focus ring")
            elif (contrast := ratio(parse(style["outline-color"]), around)) < 3:
                problems.append(f"{path} {selector} [focus] ring {contrast:.2f}:1, {seen}")
        forcer.force(node, [])


@pytest.fixture
def staff_account(portal_url) -> str:
    from tests.core.factories import UserFactory

    UserFactory(username="contraste", is_staff=True, is_superuser=True, password=PASSWORD)
    return "contraste"


def sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/admin/login/?next=/gestion/componentes/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(base + "/gestion/componentes/")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_interactive_elements_keep_aa_contrast_in_every_state(
    staff_account, open_page, portal_url, viewport
):
    page = open_page(viewport)
    # Measure each state's end, not a colour half-way through a transition
    # (the theme turns transitions off for people who ask for reduced motion).
    page.emulate_media(reduced_motion="reduce")
    problems: list[str] = []
    for path, selector in PUBLIC:
        page.goto(portal_url + path)
        if viewport is PHONE and selector.startswith(".site-nav .nav-link"):
            page.locator(".navbar-toggler").click()
            page.locator("#menu.show").wait_for()
        check(page, Forcer(page), path, selector, ["normal", *STATES, "visited"], problems)
    sign_in(page, portal_url, staff_account)
    forcer = Forcer(page)
    for path, selector in STAFF:
        check(page, forcer, path, selector, ["normal", *STATES, "visited"], problems)
    for selector in DISABLED + CHIPS:
        check(page, forcer, "/gestion/componentes/", selector, ["normal"], problems)
    assert not problems, "\n".join(problems)


def test_the_check_can_fail(open_page, portal_url):
    """A pale grey button on white must be reported."""
    page = open_page(DESKTOP)
    page.goto(portal_url + "/accesibilidad/")
    page.evaluate(
        """() => { const b = document.createElement("button");
        b.id = "gris"; b.textContent = "Gris"; b.className = "btn";
        b.style.color = "#bbbbbb"; b.style.outline = "none";
        document.querySelector("main").append(b); }"""
    )
    problems: list[str] = []
    check(page, Forcer(page), "/accesibilidad/", "#gris", ["normal", "focus"], problems)
    assert any("[normal] 1.9" in problem for problem in problems), problems
    assert any("no focus ring" in problem for problem in problems), problems
