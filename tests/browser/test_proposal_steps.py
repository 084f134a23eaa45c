"""The proposal form in steps, in a real Chromium on a 360 x 740 phone: a
proposer fills the first step, leaves, comes back by the link e-mailed to
them, finds their text, sees the published proposals like theirs and sends
it from the summary. Every step and the summary pass axe-core at 360 and
1280 px.

As tests/browser/conftest.py explains, the test thread must not touch the
database while a browser is open: the first test runs two browser sessions
and reads the e-mail from the outbox between them, with no browser open."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext
from playwright.sync_api import Page, expect, sync_playwright

from plans.models import OGPValue
from tests.browser.conftest import CHROMIUM_ARGS, PHONE
from tests.browser.test_accessibility import VIEWPORTS, track_problems
from tests.browser.test_proposals import (
    CODE,
    DEMO,
    assert_accessible,
    wait_until_fill_time,
)

pytestmark = pytest.mark.browser

FORM = f"/planes/{DEMO}/proponer/"
SIMILAR_TITLE = "Presupuestos municipales en datos abiertos"
TITLE = "Datos abiertos del gasto municipal"
PROBLEM = "Los vecinos no saben en qué se gasta el presupuesto municipal."


def es(msgid: str, context: str | None = None) -> str:
    with translation.override("es-cl"):
        return pgettext(context, msgid) if context else gettext(msgid)


def es_label(value: OGPValue) -> str:
    with translation.override("es-cl"):
        return str(value.label)


@pytest.fixture
def published_like_it(portal_url) -> str:
    """A published proposal worded like the one the browser writes, written
    before any browser opens."""
    from plans.models import ActionPlan
    from proposals import services
    from proposals.models import Proposal, Status

    plan = ActionPlan.objects.get(slug=DEMO)
    proposal = services.submit(
        plan,
        Proposal(
            title=SIMILAR_TITLE,
            problem="Los vecinos no pueden saber en qué se gasta el presupuesto de su municipio.",
            description="Publicar el gasto municipal cada mes.",
            activities="Diagnóstico; publicación mensual.",
            name="Otra Persona",
            email="otra@example.org",
            transparency=True,
            sector="citizen",
            region="maule",
        ),
    )
    services.transition(proposal.pk, services.Change(to_status=Status.PUBLISHED))
    return portal_url


def launch(playwright, chromium_path):
    return playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)


def current_step(page: Page):
    return page.locator('[aria-current="step"]')


def press(page: Page, name: str, context: str | None = None) -> None:
    page.get_by_role("button", name=es(name, context), exact=True).click()


def fill_step_2(page: Page) -> None:
    page.get_by_label(es("What should the commitment be, and what results do you expect?")).fill(
        "Publicar cada mes el gasto de cada municipio en datos abiertos."
    )
    page.get_by_label(es("Key activities and deliverables")).fill(
        "Estándar de datos; piloto en tres comunas; publicación nacional."
    )
    page.get_by_label(es_label(OGPValue.TRANSPARENCY), exact=True).check()


def fill_step_3(page: Page) -> None:
    page.get_by_label(es("Your name")).fill("Ignacio Fuentes")
    page.get_by_label(es("Your e-mail")).fill("ignacio.fuentes@example.org")
    page.get_by_label(es("You take part as")).select_option("civil_society")
    page.get_by_label(es("Region where you live")).select_option("araucania")


def test_a_proposer_leaves_after_the_first_step_and_comes_back_by_the_emailed_link(
    chromium_path, published_like_it
):
    portal_url = published_like_it
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = launch(playwright, chromium_path)
        page = browser.new_context(viewport=PHONE).new_page()
        problems += track_problems(page)
        page.goto(portal_url + FORM)
        opened_at = time.monotonic()
        expect(page.locator("#progreso")).to_have_text("Paso 1 de 4")
        expect(current_step(page)).to_contain_text(es("The problem"))
        page.get_by_label(es("Title of your proposal")).fill(TITLE)
        page.get_by_label(es("What problem does it address?")).fill(PROBLEM)
        press(page, "Save and continue later")
        expect(page.get_by_role("heading", level=1)).to_have_text(es("Save and continue later"))
        page.get_by_label(es("Your e-mail")).fill("vuelvo.despues@example.org")
        press(page, "E-mail me the link")
        expect(page.get_by_role("heading", level=1)).to_have_text(es("We sent you the link"))
        browser.close()

    # No browser open: the proposer reads their inbox (the outbox's row).
    from core.mail import build_message
    from core.models import OutboundEmail
    from proposals.models import Proposal

    row = OutboundEmail.objects.get(template="proposal_draft")
    assert row.to == "vuelvo.despues@example.org"
    link = re.search(r"https?://\S+/borrador/\S+/", build_message(row).body).group(0)
    assert not Proposal.objects.filter(title=TITLE).exists()  # nothing stored publicly

    with sync_playwright() as playwright:
        browser = launch(playwright, chromium_path)
        # A new browser: no cookie or session from the first visit.
        page = browser.new_context(viewport=PHONE).new_page()
        problems += track_problems(page)
        page.goto(portal_url + urlsplit(link).path)
        expect(current_step(page)).to_contain_text(es("The problem"))
        expect(page.get_by_label(es("Title of your proposal"))).to_have_value(TITLE)
        expect(page.get_by_label(es("What problem does it address?"))).to_have_value(PROBLEM)

        press(page, "Next", "go to the next step")
        expect(page.locator("#progreso")).to_have_text("Paso 2 de 4")
        similar = page.locator("section.similar-proposals")
        expect(similar.get_by_role("link", name=SIMILAR_TITLE)).to_be_visible()

        fill_step_2(page)
        press(page, "Back", "go to the previous step")
        expect(page.get_by_label(es("Title of your proposal"))).to_have_value(TITLE)
        press(page, "Next", "go to the next step")
        # Nothing typed in step 2 was lost by going back.
        expect(page.get_by_label(es("Key activities and deliverables"))).to_have_value(
            "Estándar de datos; piloto en tres comunas; publicación nacional."
        )
        press(page, "Next", "go to the next step")
        fill_step_3(page)
        press(page, "Next: review")
        expect(page.locator("#progreso")).to_have_text("Paso 4 de 4")
        expect(page.locator("main")).to_contain_text(PROBLEM)
        expect(page.locator("main")).to_contain_text("Ignacio Fuentes")
        page.get_by_label(
            es("I agree that my personal data is used to process this proposal.")
        ).check()
        wait_until_fill_time(page, opened_at)
        press(page, "Send proposal")
        expect(page.get_by_role("heading", level=1)).to_have_text(es("We received your proposal"))
        assert CODE.match(page.locator("#codigo").inner_text().strip())
        browser.close()
    assert not problems, problems
    assert Proposal.objects.get(title=TITLE).problem == PROBLEM


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_steps_and_the_summary_have_no_axe_violations(
    published_like_it, open_page, subtests, viewport
):
    portal_url = published_like_it
    page = open_page(VIEWPORTS[viewport])
    problems = track_problems(page)

    def check(what: str) -> None:
        with subtests.test(msg=f"{what} at {viewport} width"):
            assert_accessible(page, what, viewport, problems)
            problems.clear()

    page.goto(portal_url + FORM)
    check("step 1")
    press(page, "Next", "go to the next step")
    expect(page.locator("#errores")).to_be_focused()
    check("step 1 with errors")
    page.get_by_label(es("Title of your proposal")).fill(TITLE)
    page.get_by_label(es("What problem does it address?")).fill(PROBLEM)
    press(page, "Next", "go to the next step")
    expect(page.locator("section.similar-proposals .proposal-card")).to_have_count(1)
    check("step 2, with the proposals like it")
    press(page, "Next", "go to the next step")
    expect(page.locator("#errores")).to_be_visible()
    check("step 2 with errors")
    fill_step_2(page)
    press(page, "Next", "go to the next step")
    check("step 3")
    fill_step_3(page)
    press(page, "Next: review")
    check("the summary")
    press(page, "Send proposal")
    expect(page.locator("#errores")).to_be_visible()
    check("the summary with errors")
    press(page, "Save and continue later")
    check("save and continue later")
    page.get_by_label(es("Your e-mail")).fill("vuelvo@example.org")
    press(page, "E-mail me the link")
    check("the link sent")
    draft = urlsplit(page.locator("main a[href*='/borrador/']").first.get_attribute("href"))
    page.goto(portal_url + draft.path + "paso-7/")
    check("a step that does not exist")
    page.goto(portal_url + FORM + "borrador/no-existe/paso-1/")
    check("an unknown draft")
