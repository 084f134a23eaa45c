"""Lists and tables on a 360 x 740 phone, in a real Chromium: after a search on
/propuestas/ the first result is on screen without scrolling, the filters fold
into a "Filtrar" disclosure that works with the keyboard, the filters in use
are chips that each remove one, and no table on the key public pages hides a
column or pushes it off the screen. The list with filters in use passes axe
at a phone's width and a desktop's.

As the conftest explains, the database is written before Playwright starts
(the `listed` fixture); the tests then look only through the browser."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import axe_violations, describe, track_problems

pytestmark = pytest.mark.browser

FIFTH = "plan-5-2020-2022"


@pytest.fixture
def listed(portal_url) -> str:
    """Published proposals of the official record: more than a page of them
    match "datos", in several regions, a few integrated into a commitment."""
    from plans.models import ActionPlan, Commitment
    from proposals.models import Status
    from proposals.services import Change, transition
    from tests.proposals.factories import ProposalFactory

    plan = ActionPlan.objects.get(slug=FIFTH)
    fourth = ActionPlan.objects.get(slug="plan-4-2018-2020")
    commitment = Commitment.objects.filter(plan=plan).order_by("number").first()
    regions = ["valparaiso", "biobio", "maule", "metropolitana"]
    for n in range(26):
        proposal = ProposalFactory(
            plan=plan if n % 3 else fourth,
            title=f"Datos abiertos de los presupuestos municipales, propuesta {n}",
            region=regions[n % 4],
            sector=["citizen", "academia"][n % 2],
            search_document=f"datos abiertos presupuestos municipales {n}",
        )
        transition(proposal.pk, Change(Status.PUBLISHED, public_reason="Cumple los criterios."))
        if n % 5 == 1 and n % 3 and commitment is not None:
            transition(proposal.pk, Change(Status.ASSIGNED, link_label="Mesa de datos"))
            transition(
                proposal.pk,
                Change(Status.INTEGRATED, commitment=commitment, public_reason="Se integró."),
            )
    return portal_url


def first_result(page: Page) -> dict:
    """Where the first result's card and its title are, against the window."""
    return page.evaluate(
        """() => {
            const card = document.querySelector('.proposal-list .proposal-card');
            const title = card.querySelector('.card-title');
            const box = (el) => {
                const r = el.getBoundingClientRect();
                return {top: r.top, bottom: r.bottom};
            };
            return {
                card: box(card), title: box(title),
                height: window.innerHeight, scrolled: window.scrollY,
            };
        }"""
    )


def assert_on_screen(where: dict) -> None:
    assert where["scrolled"] == 0
    assert 0 <= where["card"]["top"] < where["height"], where
    # The title, what a person reads to choose, is whole on screen.
    assert where["title"]["bottom"] <= where["height"], where


def test_after_a_search_the_first_result_is_on_a_phones_screen(listed, open_page):
    page = open_page(PHONE)
    problems = track_problems(page)
    page.goto(listed + "/propuestas/")
    # The filters are folded: one line, closed.
    disclosure = page.locator("details.filter-panel__fold")
    expect(disclosure).not_to_have_attribute("open", "")
    page.get_by_role("searchbox", name="Buscar").fill("datos")
    page.get_by_role("button", name="Buscar", exact=True).click()
    expect(page).to_have_url(re.compile(r"/propuestas/\?q=datos&"))
    expect(page.get_by_role("heading", name="26 propuestas")).to_be_visible()
    assert_on_screen(first_result(page))

    # A journalist's usual narrowing: a plan and a region, chosen in the disclosure.
    page.get_by_text("Filtrar", exact=True).click()
    expect(disclosure).to_have_attribute("open", "")
    page.get_by_role("radio", name="Quinto Plan de Acción de Gobierno Abierto 2020-2022").check()
    page.get_by_label("Región").select_option("valparaiso")
    page.get_by_role("button", name="Aplicar").click()
    expect(page.get_by_role("heading", name="4 propuestas")).to_be_visible()
    expect(disclosure).not_to_have_attribute("open", "")  # closed again: results first
    assert_on_screen(first_result(page))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not problems, problems


def test_a_chip_removes_its_filter_and_clear_removes_them_all(listed, open_page):
    page = open_page(PHONE)
    page.goto(listed + f"/propuestas/?q=datos&region=valparaiso&plan={FIFTH}")
    chips = page.get_by_role("list", name="Filtros en uso")
    expect(chips.get_by_role("link")).to_have_count(4)  # three filters and "Clear filters"
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Quinto Plan de Acción de Gobierno Abierto 2020-2022"
    )
    page.get_by_role("link", name="Quitar filtro: Región: Valparaíso").click()
    expect(page).to_have_url(listed + f"/propuestas/?q=datos&plan={FIFTH}")
    expect(page.get_by_role("heading", name="17 propuestas")).to_be_visible()
    page.get_by_role("link", name="Limpiar filtros").click()
    expect(page).to_have_url(listed + "/propuestas/")
    expect(page.get_by_role("list", name="Filtros en uso")).to_have_count(0)


def test_the_filters_open_with_the_keyboard_and_start_open_on_a_wide_screen(listed, open_page):
    phone = open_page(PHONE)
    phone.goto(listed + "/propuestas/")
    summary = phone.locator("summary.filter-panel__summary")
    summary.focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_label("Región")).to_be_visible()
    phone.keyboard.press("Enter")
    expect(phone.get_by_label("Región")).to_be_hidden()

    desktop = open_page(DESKTOP)
    desktop.goto(listed + "/propuestas/")
    expect(desktop.get_by_label("Región")).to_be_visible()
    expect(
        desktop.get_by_role("radio", name="Quinto Plan de Acción de Gobierno Abierto 2020-2022")
    ).to_be_visible()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_list_with_filters_in_use_has_no_axe_violations(listed, open_page, viewport):
    page = open_page(PHONE if viewport == "phone" else DESKTOP)
    problems = track_problems(page)
    page.goto(
        listed + f"/propuestas/?q=datos&region=valparaiso&plan={FIFTH}&sector=citizen&orden=titulo"
    )
    violations = axe_violations(page)
    assert not violations, describe(violations)
    # And with the disclosure open on the phone.
    if viewport == "phone":
        page.locator("summary.filter-panel__summary").click()
        violations = axe_violations(page)
        assert not violations, describe(violations)
    assert not problems, problems


# Every table in <main> of these pages, at 360 px: each body cell shown and on
# screen, its column named (a visible header row, or data-label on every cell
# when the rows stack), nothing clipped or scrolled sideways.
TABLE_PAGES = [
    "/planes/plan-4-2018-2020/compromisos/3/",
    "/planes/proceso-de-demostracion/compromisos/1/",
    "/avance/",
    "/planes/proceso-de-demostracion/avance/",
    f"/planes/{FIFTH}/plan-de-accion/",
    f"/planes/{FIFTH}/consulta/informe/",
    "/planes/proceso-de-demostracion/seleccion/",
    "/datos-abiertos/propuestas/",
]
TABLE_PROBLEMS = """() => {
    const width = document.documentElement.clientWidth;
    const problems = [];
    const tables = [...document.querySelectorAll('main table')];
    for (const table of tables) {
        const name = (table.caption ? table.caption.textContent : table.className).trim();
        const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
        const head = table.tHead ? table.tHead.getBoundingClientRect() : null;
        const headerShown = head !== null && head.height > 2 && head.width > 2;
        for (const row of [...table.tBodies].flatMap((body) => [...body.rows])) {
            [...row.cells].forEach((cell, index) => {
                const box = cell.getBoundingClientRect();
                const style = getComputedStyle(cell);
                const column = headers[index] || index;
                const gone = style.display === 'none' || style.visibility !== 'visible';
                if (gone || box.width < 1 || box.height < 1) {
                    problems.push(`${name}: a cell of "${column}" is hidden`);
                } else if (box.left < -0.5 || box.right > width + 0.5) {
                    problems.push(`${name}: a cell of "${column}" is off the screen`);
                }
                const named = cell.dataset.label === headers[index];
                if (!headerShown && cell.tagName === 'TD' && !named) {
                    problems.push(`${name}: a cell of "${column}" does not say its column`);
                }
            });
        }
        // A wrapper that scrolls or clips (a .row's gutters overflow harmlessly).
        for (let el = table.parentElement; el && el !== document.body; el = el.parentElement) {
            const overflow = getComputedStyle(el).overflowX;
            if (overflow !== 'visible' && el.scrollWidth > el.clientWidth + 0.5) {
                problems.push(`${name}: ${el.tagName}.${el.className} (${overflow}) is too narrow`);
            }
        }
    }
    return {count: tables.length, problems};
}"""


def test_no_table_hides_a_column_on_a_phone(listed, open_page, subtests):
    page = open_page(PHONE)
    checked = 0
    for path in TABLE_PAGES:
        with subtests.test(msg=path):
            response = page.goto(listed + path)
            assert response is not None and response.status == 200
            found = page.evaluate(TABLE_PROBLEMS)
            checked += found["count"]
            assert not found["problems"], found["problems"]
    # The milestones tables at least: a check of no table would prove nothing.
    assert checked >= 5, checked


def es(msgid: str, context: str = "") -> str:
    with translation.override("es-cl"):
        return pgettext(context, msgid) if context else gettext(msgid)


def test_the_milestones_table_names_every_column_on_a_phone(listed, open_page):
    columns = [
        es("No.", "column: milestone number"),
        es("Activity"),
        es("Deliverable"),
        es("Start"),
        es("End"),
        es("Completion (IRM)"),
    ]
    page = open_page(PHONE)
    page.goto(listed + "/planes/plan-4-2018-2020/compromisos/3/")
    first = page.get_by_role("region", name=es("Milestones table")).locator("tbody tr").first
    # What the phone shows before each cell: its column's name.
    shown = first.evaluate(
        "(row) => [...row.cells].map((cell) => getComputedStyle(cell, '::before').content)"
    )
    assert shown == [f'"{column}: "' for column in columns]
    # Still a table to a screen reader: a row of cells, each with its column's name.
    snapshot = first.aria_snapshot()
    assert snapshot.count("'cell \"") == 6 and f'cell "{columns[1]}: ' in snapshot, snapshot
    # On a desktop the header row names them instead, each column side by side.
    desktop = open_page(DESKTOP)
    desktop.goto(listed + "/planes/plan-4-2018-2020/compromisos/3/")
    headers = desktop.get_by_role("region", name=es("Milestones table")).locator("thead th")
    expect(headers).to_have_count(6)
    for index, column in enumerate(columns):
        expect(headers.nth(index)).to_be_visible()
        expect(headers.nth(index)).to_have_text(column)
