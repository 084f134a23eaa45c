from __future__ import annotations

import json
import re

import pytest
from django.utils.html import escape

from tests.helpers import create_demo_process
from tests.plans.factories import CommitmentFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/planes/",
    "/planes/plan-1-2012-2013/",
    "/planes/plan-4-2018-2020/",
    "/planes/plan-5-2020-2022/",
    "/planes/plan-4-2018-2020/compromisos/3/",
    "/planes/plan-5-2020-2022/compromisos/6/",
    "/planes/proceso-de-demostracion/",
    "/mesa-de-gobierno-abierto/",
]


@pytest.fixture
def portal(seeded):
    create_demo_process()


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_opens_in_spanish_for_anyone(client, portal, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Language"] == "es-cl"
    assert '<html lang="es-cl">' in response.content.decode()
    assert "Ir al contenido principal" in response.content.decode()


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_opens_in_english(client, portal, path):
    response = client.get("/en" + path)
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert "Skip to main content" in response.content.decode()


def test_the_home_page_shows_the_open_stage_of_the_demonstration(client, portal):
    page = client.get("/").content.decode()
    assert "Proceso de demostración" in page
    assert "es ficticio" in page or "demostración" in page
    assert "Abierta ahora" in page
    assert "Recepción de propuestas" in page
    assert "Quinto Plan de Acción de Gobierno Abierto" in page


def language_links(page: str) -> dict[str, str]:
    """The language switch's links: {language: address}."""
    switch = page[page.index('class="d-flex align-items-center gap-2 language-switch"') :]
    switch = switch[: switch.index("</div>")]
    return {
        lang: href
        for href, lang, hreflang in re.findall(
            r'<a href="([^"]*)" [^>]*lang="([^"]+)" hreflang="([^"]+)"', switch
        )
        if lang == hreflang
    }


@pytest.mark.parametrize(
    ("spanish", "english"),
    [
        ("/propuestas/", "/en/propuestas/"),
        ("/planes/plan-4-2018-2020/compromisos/3/", "/en/planes/plan-4-2018-2020/compromisos/3/"),
        ("/propuestas/?q=agua&amp;pagina=2", "/en/propuestas/?q=agua&amp;pagina=2"),
    ],
)
def test_the_language_switch_links_to_the_same_page_in_the_other_language(
    client, portal, spanish, english
):
    page = client.get(spanish.replace("&amp;", "&")).content.decode()
    assert language_links(page) == {"en": english}
    back = client.get(english.replace("&amp;", "&")).content.decode()
    assert language_links(back) == {"es-cl": spanish}
    assert "<form" not in back[back.index("<header") : back.index("</header>")]


def test_the_language_switch_on_a_missing_page_goes_to_the_other_home_page(client, portal):
    for path, other in [
        ("/planes/no-existe/", {"en": "/en/"}),
        ("/en/no-hay-nada/", {"es-cl": "/"}),
    ]:
        response = client.get(path)
        assert response.status_code == 404
        assert language_links(response.content.decode()) == other


def test_every_page_names_its_other_language_versions(client, portal):
    page = client.get("/en/planes/").content.decode()
    assert '<link rel="alternate" hreflang="es-cl" href="http://testserver/planes/">' in page
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/planes/">' in page


def test_the_old_language_form_address_is_gone(client, portal):
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 404


def test_a_plan_without_loaded_commitments_says_so(client, portal):
    page = client.get("/planes/plan-1-2012-2013/").content.decode()
    assert "19 compromisos publicados" in page
    assert "aún no se han cargado" in page


def test_a_partly_loaded_plan_says_how_many_are_loaded(client, portal):
    page = client.get("/planes/plan-4-2018-2020/").content.decode()
    assert "2 de 12 compromisos cargados" in page
    assert "Justicia Abierta" in page


def test_the_fifth_plan_shows_and_downloads_the_commitments_confirmed_by_ogp(client, portal):
    page = client.get("/planes/plan-5-2020-2022/").content.decode()
    assert "5 de 10 compromisos cargados" in page
    assert "aún no se han cargado" not in page
    for ogp_id in ["CL0063", "CL0068", "CL0069", "CL0070", "CL0072"]:
        assert ogp_id in page
    assert "Open Justice in the Judiciary" in page
    csv = b"".join(client.get("/planes/plan-5-2020-2022/compromisos.csv").streaming_content)
    lines = csv.decode().splitlines()
    assert [line.split(",")[2] for line in lines[1:]] == [
        "CL0063",
        "CL0068",
        "CL0069",
        "CL0070",
        "CL0072",
    ]
    response = client.get("/planes/plan-5-2020-2022/compromisos.json")
    document = json.loads(b"".join(response.streaming_content))
    assert [c["commitment_number"] for c in document["commitments"]] == [1, 6, 7, 8, 10]


def test_a_commitment_loaded_from_ogp_names_its_source_and_what_is_missing(client, portal):
    page = client.get("/planes/plan-5-2020-2022/compromisos/6/").content.decode()
    assert "Open Justice in the Judiciary" in page
    assert "Corte Suprema de Justicia" in page
    assert "CL0068" in page
    source = "https://www.opengovpartnership.org/members/chile/commitments/CL0068/"
    assert f'href="{source}"' in page
    assert "Su texto completo aún no se ha cargado en el portal." in page


def test_the_plan_page_shows_the_2020_calendar_in_santiago_time(client, portal):
    page = client.get("/planes/plan-5-2020-2022/").content.decode()
    assert "Del 10 de agosto de 2020 al 24 de agosto de 2020" in page
    assert "Del 1 de diciembre de 2020 al 31 de diciembre de 2020" in page


def test_the_commitment_page_shows_every_field(client, portal):
    milestone = MilestoneFactory(
        commitment__ogp_id="CL0099",
        commitment__expected_results="Resultados esperados visibles",
        commitment__completion="limited",
        deliverable="Informe publicado en el portal",
    )
    commitment = milestone.commitment
    page = client.get(commitment.get_absolute_url()).content.decode()
    for text in [
        commitment.title,
        "CL0099",
        commitment.problem,
        commitment.description,
        "Resultados esperados visibles",
        commitment.responsible_institution.name,
        "Transparencia",
        "Limitado",
        milestone.title,
        "Informe publicado en el portal",
        "01/03/2030",
    ]:
        assert text in page, text


def test_the_commitment_page_groups_actors_by_sector(client, portal):
    page = client.get("/planes/plan-4-2018-2020/compromisos/3/").content.decode()
    assert page.index("Gobierno") < page.index("Poder Judicial")
    assert page.index("Sociedad civil") < page.index("Consejo de la Sociedad Civil")


def test_text_from_the_database_is_escaped(client, portal):
    hostile = '<script>alert("x")</script>'
    commitment = CommitmentFactory(title=hostile, problem=hostile)
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert hostile not in page
    assert escape(hostile) in page


@pytest.mark.parametrize(
    "path",
    ["/planes/no-existe/", "/planes/plan-4-2018-2020/compromisos/99/", "/planes/x/compromisos.csv"],
)
def test_unknown_addresses_answer_not_found(client, portal, path):
    assert client.get(path).status_code == 404


def test_the_commitments_download_as_csv(client, portal):
    response = client.get("/planes/plan-4-2018-2020/compromisos.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("plan_number,commitment_number,ogp_id,title")
    assert len(lines) == 1 + 5 + 3  # one row per milestone


def test_the_commitments_download_as_json(client, portal):
    response = client.get("/planes/plan-4-2018-2020/compromisos.json")
    document = json.loads(b"".join(response.streaming_content))
    assert document["format"] == "ogp-portal-commitments"
    assert [c["commitment_number"] for c in document["commitments"]] == [3, 10]
    assert len(document["commitments"][0]["milestones"]) == 5
