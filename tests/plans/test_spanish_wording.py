"""Spanish as Chileans read it on the plans' pages: words that agree with what
they describe, and whole sentences (each one a single catalogue entry, so the
translation can put the number or the name where Spanish needs it)."""

from __future__ import annotations

import gettext as gettext_module
import re

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, pgettext

pytestmark = pytest.mark.django_db


def es(msgid: str, context: str | None = None, **values) -> str:
    """The Spanish catalogue's sentence, refusing one that is not translated."""
    with translation.override("es-cl"):
        text = pgettext(context, msgid) if context else gettext(msgid)
    assert text != msgid, f"not in the Spanish catalogue: {msgid!r}"
    return text % values if values else text


def test_a_finished_plan_is_finalizado_and_a_finished_stage_finalizada(client, seeded):
    page = client.get("/planes/plan-5-2020-2022/").content.decode()
    # The plan's status chip: a plan is masculine in Spanish.
    assert re.search(r'data-status="finished">(<svg.*?</svg>)?Finalizado</span>', page)
    assert es("Finished", "state of a calendar stage") == "Finalizada"
    assert page.count("Finalizada") == 7  # every stage of the 2020 calendar


def test_commitment_numbers_read_n_dot_o_and_only_so(client, seeded):
    page = client.get("/planes/plan-4-2018-2020/compromisos/3/").content.decode()
    assert es("No. %(number)s", "commitment number", number=3) == "N.º 3"
    assert es("Commitment No. %(number)s", number=3) == "Compromiso n.º 3"
    assert '<li class="breadcrumb-item active" aria-current="page">N.º 3</li>' in page
    assert es("Commitment No. %(number)s", number=3) in page
    assert f'<th scope="col">{es("No.", "column: milestone number")}</th>' in page
    plan = client.get("/planes/plan-4-2018-2020/").content.decode()
    assert (
        es(
            "No. %(number)s: %(title)s",
            "commitment number and title",
            number=3,
            title="Justicia Abierta",
        )
        in plan
    )


def test_the_ogp_identifier_is_one_phrase(client, seeded):
    page = client.get("/planes/plan-5-2020-2022/compromisos/1/").content.decode()
    assert es("OGP identifier %(ogp_id)s", ogp_id="CL0063") == "Identificador OGP CL0063"
    assert "Identificador OGP CL0063" in page


def test_the_forum_says_how_it_was_created_in_one_sentence(client, seeded):
    page = client.get("/mesa-de-gobierno-abierto/").content.decode()
    sentence = es("Created by %(legal_basis)s.", legal_basis="Resolución Exenta n.º 852")
    assert sentence.startswith("Se creó mediante Resolución Exenta n.º 852")
    assert "Se creó mediante Resolución Exenta n.º 852, de 31 de julio de 2017" in page


def test_numbers_are_written_one_way_in_the_catalogue():
    """ "N°", "Nº" and "No." are all around; the portal writes "n.º" (RAE),
    "N.º" at the start of a sentence or a column."""
    with (settings.BASE_DIR / "locale/es_CL/LC_MESSAGES/django.mo").open("rb") as compiled:
        catalogue = gettext_module.GNUTranslations(compiled)._catalog
    texts = [text for text in catalogue.values() if isinstance(text, str)]
    assert not [text for text in texts if re.search(r"\bN[°º]|\bNo\. ", text)]
    assert sum("n.º" in text or "N.º" in text for text in texts) >= 8


def test_the_forum_gives_its_purpose_a_heading_and_roles_once(client, seeded):
    page = client.get("/mesa-de-gobierno-abierto/").content.decode()
    heading = page.index(">Para qué existe</h2>")
    assert heading < page.index("Servir como instancia de participación")
    assert "Representante de CEPAL" in page
    assert "(observador)" not in page  # the role is said once, beside the position


def test_the_plan_list_does_not_say_every_plan_lasts_two_years(client, seeded):
    page = client.get("/planes/").content.decode()
    assert "Cada plan dura dos años" not in page
    assert "suele durar dos años" in page
