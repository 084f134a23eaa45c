"""Citizen proposals in a real Chromium: a person proposes a commitment from a
phone, a moderator publishes it, and anyone can follow what became of it.
Every page of the way passes axe-core at a phone's width and a desktop's, fits
a 360px screen, and the form works with the keyboard alone.

As the conftest explains, the database is written only before Playwright
starts (the `sample` fixture); the tests then check everything through the
browser, as the people using the portal would."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from plans.models import OGPValue
from proposals.forms import MIN_FILL_SECONDS
from proposals.models import Status
from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import (
    VIEWPORTS,
    axe_violations,
    describe,
    horizontal_overflow,
    press_tab_until_focused,
    track_problems,
)

pytestmark = pytest.mark.browser

DEMO = "proceso-de-demostracion"
FORM = f"/planes/{DEMO}/proponer/"
# The form opens in steps (tests/browser/test_proposal_steps.py); these tests
# use the whole form on one page, as it works without steps.
ONE_PAGE = FORM + "?un_paso=1"
CLOSED_FORM = "/planes/plan-5-2020-2022/proponer/"
PASSWORD = "una-clave-larga-de-prueba"
# The form refuses what is sent less than 5 s after it was opened.
FILL_SECONDS = MIN_FILL_SECONDS + 0.5
CODE = re.compile(r"^GAD-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$")


def es(text) -> str:
    """What a Spanish (Chile) reader sees for a msgid or a lazy label: the
    test follows the translations instead of repeating them."""
    with translation.override("es-cl"):
        return str(gettext(text) if isinstance(text, str) else text)


@dataclass(frozen=True)
class Sample:
    moderator: str
    published_pk: int
    merged_pk: int
    survivor_pk: int
    received_pk: int
    not_selected_code: str


@pytest.fixture
def sample(portal_url) -> Sample:
    """Proposals in several statuses and a moderator, written before the browser opens."""
    from django.contrib.auth.models import Permission

    from plans.models import ActionPlan
    from proposals import services
    from proposals.models import Proposal, Status
    from tests.core.factories import UserFactory

    moderator = UserFactory(username="moderadora-mga", is_staff=True, password=PASSWORD)
    moderator.user_permissions.add(Permission.objects.get(codename="moderate_proposal"))
    plan = ActionPlan.objects.get(slug=DEMO)

    def propose(title: str, **fields) -> Proposal:
        proposal = Proposal(
            title=title,
            problem=fields.pop("problem", "Los vecinos no saben en qué se gasta su presupuesto."),
            description="Publicar cada mes los datos en un formato abierto y reutilizable.",
            actors="Municipios, organizaciones vecinales y universidades regionales.",
            activities="Diagnóstico; estándar de datos; publicación mensual; evaluación.",
            name="Camila Rojas Pérez",
            email=f"persona{Proposal.objects.count()}@example.org",
            **{"transparency": True, "sector": "citizen", "region": "biobio", **fields},
        )
        return services.submit(plan, proposal)

    def move(proposal: Proposal, to: Status, reason: str = "", **change) -> None:
        services.transition(
            proposal.pk, services.Change(to_status=to, public_reason=reason, **change), moderator
        )

    published = propose(
        "Presupuestos municipales en datos abiertos",
        participation=True,
        show_name=True,
        organisation="Junta de vecinos Villa Los Aromos",
    )
    move(published, Status.PUBLISHED, "Cumple los criterios de admisibilidad.")
    survivor = propose(
        "Datos abiertos de listas de espera en salud",
        problem="Las listas de espera en salud no se publican por establecimiento.",
        transparency=False,
        accountability=True,
        sector="academia",
        region="metropolitana",
    )
    move(survivor, Status.PUBLISHED, "Cumple los criterios de admisibilidad.")
    merged = propose(
        "Publicar las listas de espera de los hospitales",
        problem="Nadie sabe cuánto espera en cada hospital.",
        sector="civil_society",
        region="valparaiso",
    )
    move(merged, Status.PUBLISHED)
    move(
        merged,
        Status.MERGED,
        "Propone lo mismo que otra propuesta: se revisan juntas.",
        merged_into=survivor,
    )
    not_selected = propose(
        "Lenguaje claro en los trámites del Estado",
        problem="Los formularios públicos usan un lenguaje difícil de entender.",
        technology=True,
        sector="private",
        region="los_lagos",
    )
    move(not_selected, Status.PUBLISHED)
    move(
        not_selected,
        Status.NOT_SELECTED,
        "La mesa priorizó otras propuestas; queda registrada para el próximo plan.",
    )
    received = propose("Rendición de cuentas de los consejos regionales", region="aysen")
    return Sample(
        moderator=moderator.username,
        published_pk=published.pk,
        merged_pk=merged.pk,
        survivor_pk=survivor.pk,
        received_pk=received.pk,
        not_selected_code=not_selected.tracking_code,
    )


@pytest.fixture
def pages(sample, open_page):
    """`open_page`, started only after `sample` has written the data."""
    return open_page


def assert_accessible(page: Page, what: str, viewport: str, problems: list[str]) -> None:
    violations = axe_violations(page)
    assert not violations, f"{what}\n{describe(violations)}"
    assert not problems, f"{what}: {problems}"
    if viewport == "phone":
        # WCAG 1.4.10 Reflow: no sideways scrolling on a phone.
        assert horizontal_overflow(page) is None, f"{what}: {horizontal_overflow(page)}"


def log_in(page: Page, base: str, username: str, next_path: str) -> None:
    """Through the admin's login page, as a moderator does."""
    page.goto(f"{base}{next_path}")
    expect(page).to_have_url(re.compile(r"/admin/login/\?next="))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(f"{base}{next_path}")


def fill_proposal(page: Page) -> None:
    """Every required field, found by its label."""
    page.get_by_label(es("Title of your proposal")).fill("Un registro abierto de lobby municipal")
    page.get_by_label(es("What problem does it address?")).fill(
        "Las audiencias de lobby en los municipios no se publican de forma comparable."
    )
    page.get_by_label(es("What should the commitment be, and what results do you expect?")).fill(
        "Un registro común de audiencias, en datos abiertos, para todos los municipios."
    )
    page.get_by_label(es("Key activities and deliverables")).fill(
        "Estándar de datos; piloto en tres comunas; publicación nacional."
    )
    page.get_by_label(es("Your name")).fill("Ignacio Fuentes")
    page.get_by_label(es("Your e-mail")).fill("ignacio.fuentes@example.org")
    page.get_by_label(es("You take part as")).select_option("civil_society")
    page.get_by_label(es("Region where you live")).select_option("araucania")
    page.get_by_label(es(OGPValue.TRANSPARENCY.label), exact=True).check()
    page.get_by_label(es(OGPValue.ACCOUNTABILITY.label), exact=True).check()
    page.get_by_label(es("I agree that my personal data is used to process this proposal.")).check()


def wait_until_fill_time(page: Page, opened_at: float) -> None:
    """A person takes longer than 5 s; the test waits as long as one would have."""
    remaining = FILL_SECONDS - (time.monotonic() - opened_at)
    if remaining > 0:
        page.wait_for_timeout(remaining * 1000)


def send(page: Page) -> None:
    page.get_by_role("button", name=es("Send proposal")).click()


def test_a_citizen_proposes_from_a_phone_and_follows_the_moderation(pages, portal_url, sample):
    citizen = pages(PHONE)
    problems = track_problems(citizen)
    citizen.goto(portal_url + "/")
    citizen.get_by_role("link", name=es("Propose a commitment")).click()
    expect(citizen).to_have_url(portal_url + FORM)
    citizen.get_by_role("link", name=es("Prefer the whole form on one page?")).click()
    expect(citizen).to_have_url(portal_url + ONE_PAGE)
    opened_at = time.monotonic()
    expect(citizen.get_by_role("heading", level=1)).to_have_text(es("Propose a commitment"))

    fill_proposal(citizen)
    wait_until_fill_time(citizen, opened_at)
    send(citizen)

    expect(citizen.get_by_role("heading", level=1)).to_have_text(es("We received your proposal"))
    code = citizen.locator("#codigo").inner_text().strip()
    assert CODE.match(code), code

    # Before any decision, the code shows the proposal as received and private.
    citizen.get_by_role("link", name=es("Follow your proposal")).click()
    expect(citizen).to_have_url(f"{portal_url}/propuestas/seguimiento/{code}/")
    expect(citizen.locator("main")).to_contain_text(es(Status.RECEIVED.label))
    expect(citizen.locator("main")).to_contain_text(
        es("Only people with this code can see this page: the proposal is not public.")
    )

    # A moderator, in a browser of their own, publishes it with a reason.
    moderator = pages(PHONE)
    problems += track_problems(moderator)
    log_in(moderator, portal_url, sample.moderator, "/gestion/propuestas/")
    queue_link = moderator.get_by_role("link", name=code, exact=True)
    expect(queue_link).to_be_visible()
    expect(moderator.get_by_role("row").filter(has=queue_link)).to_contain_text(
        "Un registro abierto de lobby municipal"
    )
    queue_link.click()
    expect(moderator.get_by_role("heading", level=1)).to_have_text(
        "Un registro abierto de lobby municipal"
    )
    # The moderator sees who proposed it; the public never does.
    expect(moderator.locator("main")).to_contain_text("ignacio.fuentes@example.org")
    moderator.get_by_label(es("Decision")).select_option("published")
    reason = "Es una propuesta de gobierno abierto, clara y completa."
    moderator.get_by_label(es("Public reason")).fill(reason)
    moderator.get_by_role("button", name=es("Save decision")).click()
    expect(moderator.get_by_role("status")).to_contain_text(
        es("Done. The proposer has been notified.")
    )
    expect(moderator.locator("main")).to_contain_text(reason)

    # Anyone, without logging in, follows it with the code...
    citizen.goto(portal_url + "/propuestas/seguimiento/")
    citizen.get_by_label(es("Tracking code")).fill(code.lower().replace("-", " "))
    citizen.get_by_label(es("Tracking code")).press("Enter")
    expect(citizen).to_have_url(f"{portal_url}/propuestas/seguimiento/{code}/")
    status = citizen.locator("main p", has_text=es("Status"))
    expect(status.locator("strong")).to_have_text(es("Published"))

    # ...and on its public page, which tells what happened and why.
    citizen.get_by_role("link", name=es("See its public page")).click()
    expect(citizen).to_have_url(re.compile(r"/propuestas/\d+/$"))
    expect(citizen.get_by_role("heading", level=1)).to_have_text(
        "Un registro abierto de lobby municipal"
    )
    timeline = citizen.locator("ol.timeline > li")
    expect(timeline).to_have_count(2)
    expect(timeline.nth(0)).to_contain_text(es(Status.RECEIVED.label))
    expect(timeline.nth(1)).to_contain_text(es("Published"))
    expect(timeline.nth(1)).to_contain_text(reason)
    main = citizen.locator("main")
    expect(main).not_to_contain_text("Ignacio Fuentes")
    expect(main).not_to_contain_text("ignacio.fuentes@example.org")
    assert not problems, problems


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_proposal_page_has_no_axe_violations(pages, portal_url, sample, subtests, viewport):
    page = pages(VIEWPORTS[viewport])
    problems = track_problems(page)

    def check(what: str, path: str | None = None, status: int = 200) -> None:
        with subtests.test(msg=f"{what} at {viewport} width"):
            problems.clear()
            if path is not None:
                response = page.goto(portal_url + path)
                assert response is not None
                assert response.status == status, f"{path}: {response.status}"
            assert_accessible(page, what, viewport, problems)

    check("the empty form", ONE_PAGE)
    opened_at = time.monotonic()
    send(page)
    expect(page.locator("#errores")).to_be_visible()
    check("the form with errors")

    fill_proposal(page)
    wait_until_fill_time(page, opened_at)
    send(page)
    expect(page.locator("#codigo")).to_be_visible()
    check("the thanks page")
    page.get_by_role("link", name=es("Follow your proposal")).click()
    check("a received proposal's tracking page")

    check("the tracking form", "/propuestas/seguimiento/")
    check("a tracking result", f"/propuestas/seguimiento/{sample.not_selected_code}/")
    check("an unknown tracking code", "/propuestas/seguimiento/GAD-2222-2222/", 404)

    check("the list", "/propuestas/")
    check(
        "the list, searched and filtered",
        "/propuestas/?plan=proceso-de-demostracion&q=listas+de+espera&sector=academia",
    )
    expect(page.locator("main .proposal-card")).to_have_count(1)
    check("the list with no match", "/propuestas/?q=xyzzy&value=technology")
    check("a published proposal", f"/propuestas/{sample.published_pk}/")
    check("a proposal others merged into", f"/propuestas/{sample.survivor_pk}/")
    check("a merged proposal", f"/propuestas/{sample.merged_pk}/")
    check("the privacy page", "/privacidad/")
    check("the closed reception", CLOSED_FORM)

    log_in(page, portal_url, sample.moderator, "/gestion/propuestas/")
    check("the moderation queue")
    check("the queue of published proposals", "/gestion/propuestas/?estado=published")
    check("the moderation page", f"/gestion/propuestas/{sample.received_pk}/")
    # An incomplete decision comes back with what it lacks, beside the field.
    page.get_by_label(es("Decision")).select_option("not_admitted")
    page.get_by_role("button", name=es("Save decision")).click()
    expect(page.locator("#decidir")).to_contain_text(es("Choose why the proposal is not admitted."))
    check("the moderation page with an incomplete decision")
    check("a final proposal's moderation page", f"/gestion/propuestas/{sample.merged_pk}/")


def focused_id(page: Page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.tagName")


def test_the_form_works_with_the_keyboard_alone(open_page, portal_url):
    page = open_page(PHONE)
    page.goto(portal_url + ONE_PAGE)
    opened_at = time.monotonic()
    submit = page.get_by_role("button", name=es("Send proposal"))

    # Sent empty with Enter: the error summary takes the focus and names each field.
    press_tab_until_focused(page, page.get_by_label(es("Title of your proposal")), limit=20)
    press_tab_until_focused(page, submit, limit=40)
    sent_after = time.monotonic() - opened_at
    page.keyboard.press("Enter")
    summary = page.locator("#errores")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    if sent_after < 3:
        # The fill-time error belongs to a hidden field: only the summary can show it.
        expect(summary).to_contain_text(
            es("That was too fast. Please check your proposal and send it again.")
        )
    links = summary.get_by_role("link")
    expected = [
        "id_title",
        "id_problem",
        "id_description",
        "id_activities",
        "id_values_0",
        "id_name",
        "id_email",
        "id_sector",
        "id_region",
        "id_consent",
    ]
    assert [href.split("#")[-1] for href in links.evaluate_all("ls => ls.map(l => l.href)")] == (
        expected
    )
    # Each link takes the keyboard to its field.
    page.keyboard.press("Tab")
    expect(links.first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#id_title")).to_be_focused()

    # Now the whole form, with Tab, typing, Space and the arrow keys.
    typed = {
        "id_title": "Compras públicas abiertas en municipios",
        "id_problem": "Las compras municipales pequeñas no se publican.",
        "id_description": "Publicar todas las compras municipales en datos abiertos.",
        "id_activities": "Estándar; piloto; publicación.",
        "id_name": "Valentina Soto",
        "id_email": "valentina.soto@example.org",
    }
    ticked = {"id_values_2", "id_consent"}
    chosen = {"id_sector", "id_region"}
    visited = []
    page.keyboard.type(typed["id_title"])
    visited.append("id_title")
    for _ in range(40):
        page.keyboard.press("Tab")
        current = focused_id(page)
        visited.append(current)
        if current in typed:
            page.keyboard.type(typed[current])
        elif current in ticked:
            page.keyboard.press("Space")
        elif current in chosen:
            page.keyboard.press("ArrowDown")
        elif current == "submit-id-submit":
            break
    else:
        pytest.fail(f"Tab never reached the send button: {visited}")
    assert set(typed) | ticked | chosen <= set(visited), visited
    assert "id_website" not in visited, "the honeypot must stay out of the keyboard's way"
    expect(page.locator("#id_values_2")).to_be_checked()
    expect(page.locator("#id_sector")).not_to_have_value("")
    expect(page.locator("#id_region")).not_to_have_value("")

    wait_until_fill_time(page, opened_at)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(es("We received your proposal"))
    assert CODE.match(page.locator("#codigo").inner_text().strip())
