"""Every page about proposals offers the form while a reception is open, and
otherwise says when the next one opens or that the last one closed."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

from proposals.models import Status
from tests.helpers import show_thanks_for
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db

SANTIAGO = zoneinfo.ZoneInfo("America/Santiago")
FORM = "/planes/proceso-de-demostracion/proponer/"


@pytest.fixture
def proposal(demo):
    return ProposalFactory(plan=demo, status=Status.PUBLISHED, tracking_code="GAD-7KQ2-M9XD")


def proposal_pages(client, proposal) -> dict[str, str]:
    show_thanks_for(client, proposal.tracking_code)
    paths = {
        "list": "/propuestas/",
        "detail": proposal.get_absolute_url(),
        "track": "/propuestas/seguimiento/",
        "tracked": f"/propuestas/seguimiento/{proposal.tracking_code}/",
        "thanks": "/propuestas/gracias/",
    }
    pages = {}
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, path
        pages[name] = response.content.decode()
    return pages


def main_and_title(page: str) -> tuple[str, str]:
    main = page[page.index("<main") : page.index("</main>")]
    title = page[page.index("<title>") : page.index("</title>")]
    return main, title


def test_every_proposal_page_links_to_the_form_while_reception_is_open(client, proposal):
    for name, page in proposal_pages(client, proposal).items():
        main, title = main_and_title(page)
        assert f'href="{FORM}"' in main, name
        assert "Propón un compromiso" in main, name
        assert "Proceso de demostración" in main, name
        assert "<" not in title.removeprefix("<title>"), f"{name}: markup in the title: {title}"


def test_the_english_pages_link_to_the_english_form(client, proposal):
    page = client.get("/en/propuestas/").content.decode()
    assert f'href="/en{FORM}"' in page
    assert "Propose a commitment" in page


def test_before_reception_opens_the_pages_say_when(client, seeded):
    # 1 August 2020: the awareness sessions are on, reception opens on the 10th.
    with time_machine.travel(dt.datetime(2020, 8, 1, 12, tzinfo=SANTIAGO), tick=False):
        page = client.get("/propuestas/").content.decode()
    assert "recibirá propuestas desde el 10 de agosto de 2020" in page
    assert "/proponer/" not in page


def test_after_reception_closes_the_pages_say_so(client, seeded):
    # 15 September 2020: the work tables are on, reception closed on 24 August.
    with time_machine.travel(dt.datetime(2020, 9, 15, 12, tzinfo=SANTIAGO), tick=False):
        page = client.get("/propuestas/").content.decode()
    assert "cerró el 24 de agosto de 2020" in page
    assert "/proponer/" not in page


def test_with_no_process_under_way_the_pages_say_nothing_is_received(client, seeded):
    page = client.get("/propuestas/").content.decode()
    assert "No se están recibiendo propuestas en este momento." in page
    assert 'href="/avisos/"' in page
    assert "/proponer/" not in page
