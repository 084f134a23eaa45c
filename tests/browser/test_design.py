"""The design in a real Chromium: the staff pages pass axe-core like the
public ones, the process tracker is a row on a computer and a list on a phone,
and a printed page is its content without the site's navigation."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import (
    VIEWPORTS,
    axe_violations,
    describe,
    horizontal_overflow,
    track_problems,
)

pytestmark = pytest.mark.browser

PASSWORD = "una-clave-larga-de-prueba"
STAFF_PAGES = [
    "/gestion/",
    "/gestion/componentes/",
    "/gestion/propuestas/",
    "/gestion/calendario/",
    "/gestion/correos/",
]


def es(msgid: str, context: str | None = None) -> str:
    with translation.override("es-cl"):
        return translation.pgettext(context, msgid) if context else gettext(msgid)


@pytest.fixture
def staff_account(portal_url) -> str:
    from tests.core.factories import UserFactory
    from tests.proposals.factories import ProposalFactory

    UserFactory(username="mesa-diseno", is_staff=True, is_superuser=True, password=PASSWORD)
    ProposalFactory.create_batch(3)  # something to moderate
    return "mesa-diseno"


def sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/admin/login/?next=/gestion/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(base + "/gestion/")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_staff_page_has_no_axe_violations(
    staff_account, open_page, portal_url, subtests, viewport
):
    page = open_page(VIEWPORTS[viewport])
    problems = track_problems(page)
    sign_in(page, portal_url, staff_account)
    for path in STAFF_PAGES:
        with subtests.test(msg=f"{path} at {viewport} width"):
            problems.clear()
            response = page.goto(portal_url + path)
            assert response is not None and response.status == 200
            violations = axe_violations(page)
            assert not violations, f"{path}\n{describe(violations)}"
            assert not problems, problems
            if viewport == "phone":
                assert horizontal_overflow(page) is None


def test_the_staff_frame_leads_from_the_start_page_to_the_work(
    staff_account, open_page, portal_url
):
    page = open_page(PHONE)
    sign_in(page, portal_url, staff_account)
    pending = page.locator(".pending-card").filter(has_text=es("Open the moderation queue"))
    expect(pending.locator(".pending-card__count")).to_have_text("3")
    pending.get_by_role("link").click()
    expect(page).to_have_url(portal_url + "/gestion/propuestas/?estado=received")
    nav = page.get_by_role("navigation", name=es("Staff pages"))
    expect(nav.get_by_role("link", name=es("Moderation"))).to_have_attribute("aria-current", "page")
    nav.get_by_role("link", name=es("Start")).click()
    expect(page).to_have_url(portal_url + "/gestion/")


def test_the_tracker_is_a_row_on_a_computer_and_a_list_on_a_phone(open_page, portal_url):
    page = open_page(DESKTOP)
    page.goto(portal_url + "/")
    steps = page.locator(".process-tracker .tracker-step")
    expect(steps).to_have_count(7)
    tops = {round(steps.nth(i).bounding_box()["y"]) for i in range(7)}
    assert len(tops) == 1, f"the steps are not in one row: {tops}"
    current = page.locator(".process-tracker [aria-current='step']")
    expect(current.first).to_contain_text(es("Open now"))

    phone = open_page(PHONE)
    phone.goto(portal_url + "/")
    steps = phone.locator(".process-tracker .tracker-step")
    boxes = [steps.nth(i).bounding_box() for i in range(7)]
    pairs = zip(boxes, boxes[1:], strict=False)
    assert all(a["y"] + a["height"] <= b["y"] + 1 for a, b in pairs), boxes
    assert len({round(box["x"]) for box in boxes}) == 1
    assert horizontal_overflow(phone) is None


@pytest.mark.parametrize(
    "path",
    ["/planes/plan-4-2018-2020/", "/planes/plan-4-2018-2020/compromisos/3/"],
)
def test_a_printed_page_is_its_content_and_its_address(open_page, portal_url, path):
    page = open_page(DESKTOP)
    page.goto(portal_url + path)
    expect(page.locator(".print-only")).to_be_hidden()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator(".print-only")).to_be_visible()
    expect(page.locator(".print-only")).to_contain_text(path)
