"""Following a plan in a real Chromium: an institution's officer signs in on a
phone, reports a milestone's progress with an evidence file, and the public
commitment page and the dashboard show it; the earlier update stays
readable; another institution's officer gets 403 and an anonymous visitor is
sent to sign in.

As the conftest explains, the database is written only before Playwright
starts (the `world` fixture); the tests then check everything through the
browser."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import (
    axe_violations,
    describe,
    horizontal_overflow,
    track_problems,
)

pytestmark = pytest.mark.browser

PASSWORD = "una-clave-larga-de-prueba"
COMMITMENT = "/planes/plan-4-2018-2020/compromisos/3/"


def es(text: str) -> str:
    with translation.override("es-cl"):
        return gettext(text)


@dataclass(frozen=True)
class World:
    officer: str
    other_officer: str
    milestone_pk: int
    milestone_title: str
    evidence_file: Path


@pytest.fixture
def world(portal_url, settings, tmp_path) -> World:
    """The 4th plan's "Justicia Abierta" (Defensoría Penal Pública), one
    earlier update on its first milestone, an officer of the Defensoría and
    one of another institution: written before the browser opens."""
    from plans.models import Institution, Milestone
    from tests.core.factories import UserFactory
    from tests.tracking.factories import PDF, link, report
    from tracking.models import Officer

    settings.MEDIA_ROOT = tmp_path / "media"
    milestone = Milestone.objects.get(
        commitment__plan__slug="plan-4-2018-2020", commitment__number=3, number=1
    )
    defensoria = milestone.commitment.responsible_institution
    officer = UserFactory(username="encargada-dpp", is_staff=True, password=PASSWORD)
    Officer.objects.create(user=officer, institution=defensoria)
    other = UserFactory(username="encargado-cplt", is_staff=True, password=PASSWORD)
    Officer.objects.create(
        user=other, institution=Institution.objects.exclude(pk=defensoria.pk).first()
    )
    report(
        milestone,
        "limited",
        "Se redactó un primer borrador de la política.",
        author=officer,
        links=[link("https://example.org/borrador.pdf", "Borrador de la política")],
    )
    evidence = tmp_path / "acta-consejo.pdf"
    evidence.write_bytes(PDF)
    return World(officer.username, other.username, milestone.pk, milestone.title, evidence)


@pytest.fixture
def pages(world, open_page):
    """`open_page`, started only after `world` has written the data."""
    return open_page


def sign_in(page: Page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}{next_path}")
    expect(page).to_have_url(re.compile(r"/admin/login/\?next="))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(f"{base}{next_path}")


def assert_accessible(page: Page, what: str, problems: list[str]) -> None:
    violations = axe_violations(page)
    assert not violations, f"{what}\n{describe(violations)}"
    assert not problems, f"{what}: {problems}"
    assert horizontal_overflow(page) is None, f"{what}: {horizontal_overflow(page)}"


def test_an_officer_reports_a_milestone_with_evidence_from_a_phone(pages, portal_url, world):
    officer = pages(PHONE)
    problems = track_problems(officer)
    sign_in(officer, portal_url, world.officer, "/gestion/avance/")
    expect(officer.get_by_role("heading", name=es("Progress reporting"), level=1)).to_be_visible()
    officer.get_by_role("link", name=re.compile(re.escape(world.milestone_title))).click()
    expect(officer).to_have_url(f"{portal_url}/gestion/avance/hitos/{world.milestone_pk}/")
    assert_accessible(officer, "the milestone's staff page", problems)

    officer.get_by_label(es("Substantial"), exact=True).check()
    officer.get_by_label(es("Progress note")).fill(
        "El Consejo aprobó la política de gobierno abierto de la Defensoría."
    )
    officer.get_by_label(es("Evidence files")).set_input_files(world.evidence_file)
    officer.get_by_label(es("Evidence links")).fill(
        "https://example.org/resolucion.pdf Resolución que aprueba la política"
    )
    officer.get_by_role("button", name=es("Publish the update")).click()

    expect(officer.get_by_text(es("Progress update published."))).to_be_visible()
    updates = officer.locator(".timeline-entry")
    expect(updates).to_have_count(2)
    expect(updates.first).to_contain_text("El Consejo aprobó la política")
    expect(updates.last).to_contain_text("Se redactó un primer borrador")
    assert not problems, problems

    # The public commitment page, for anyone: the new update, its evidence, and the earlier one.
    visitor = pages(PHONE)
    problems = track_problems(visitor)
    visitor.goto(portal_url + COMMITMENT)
    timeline = visitor.locator(".progress-timeline")
    expect(timeline.locator("li").first).to_contain_text("El Consejo aprobó la política")
    expect(timeline).to_contain_text("Se redactó un primer borrador de la política.")
    milestone = visitor.locator(".progress-panel tbody tr").filter(has_text=world.milestone_title)
    expect(milestone).to_contain_text(es("Substantial"))
    # The commitment: one of its five milestones substantial (2 of 15 points).
    expect(visitor.locator(".reported-status")).to_have_text(es("Limited"))
    expect(timeline.get_by_role("link", name="Borrador de la política")).to_be_visible()
    expect(
        timeline.get_by_role("link", name="Resolución que aprueba la política")
    ).to_have_attribute("href", "https://example.org/resolucion.pdf")
    with visitor.expect_download() as download:
        timeline.get_by_role("link", name="acta consejo").click()
    assert re.fullmatch(r"evidencia-\d+\.pdf", download.value.suggested_filename)
    assert Path(download.value.path()).read_bytes() == world.evidence_file.read_bytes()
    assert_accessible(visitor, "the commitment page with its timeline", problems)

    # The dashboard shows it too.
    visitor.goto(portal_url + "/avance/?plan=plan-4-2018-2020")
    row = visitor.locator("#grafico-compromisos tbody tr").filter(has_text="Justicia Abierta")
    expect(row).to_contain_text(es("Limited"))  # one of its five milestones is substantial
    expect(row).to_contain_text("13")  # 2 of 15 points: 13 %
    assert_accessible(visitor, "the dashboard", problems)


def test_another_institutions_officer_gets_403_and_visitors_are_sent_to_sign_in(
    pages, portal_url, world
):
    milestone = f"/gestion/avance/hitos/{world.milestone_pk}/"
    other = pages(PHONE)
    sign_in(other, portal_url, world.other_officer, "/gestion/avance/")
    expect(other.get_by_text(world.milestone_title)).to_have_count(0)
    response = other.goto(portal_url + milestone)
    assert response is not None and response.status == 403

    anonymous = pages(PHONE)
    anonymous.goto(portal_url + milestone)
    expect(anonymous).to_have_url(re.compile(r"/admin/login/\?next=/gestion/avance/hitos/"))


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_charts_tables_are_accessible_when_opened(pages, portal_url, world, viewport):
    page = pages(viewport)
    problems = track_problems(page)
    for path in ("/avance/", "/planes/proceso-de-demostracion/avance/"):
        page.goto(portal_url + path)
        details = page.locator("details")
        for index in range(details.count()):
            details.nth(index).locator("summary").click()
        expect(page.locator("details[open]")).to_have_count(details.count())
        assert_accessible(page, f"{path} with every table open", problems)
