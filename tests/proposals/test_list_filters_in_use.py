"""The list's filters as a journalist uses them: the plan among the filters,
the filters in use as chips that each remove one, "Clear filters", a
``?plan=`` link that names its plan, and downloads of exactly what the list
shows (on SQLite by Python, on PostgreSQL by COPY)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from proposals.models import Proposal, Status
from tests.plans.factories import ActionPlanFactory, InstitutionFactory
from tests.proposals.factories import ProposalFactory
from tests.proposals.test_list_facets import facet_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(official):
    """The 5th plan and the 4th, proposals of both in two regions."""
    from plans.models import ActionPlan

    fourth = ActionPlan.objects.get(number=4, origin="official")

    def make(n: int, plan, region: str, **fields):
        return ProposalFactory.create_batch(
            n,
            plan=plan,
            status=Status.PUBLISHED,
            region=region,
            search_document="datos abiertos municipales",
            **fields,
        )

    make(3, official, "valparaiso", sector="academia")
    make(2, official, "biobio")
    make(4, fourth, "valparaiso")
    ProposalFactory(plan=official, status=Status.RECEIVED, region="valparaiso")  # not public
    return official, fourth


def chips(page: str) -> list[tuple[str, str]]:
    """(what a screen reader hears, the address) of each chip that removes a filter."""
    found = re.findall(r'<a class="filter-chip" href="([^"]*)">(.*?)</a>', page, re.S)
    return [(_name(text), href) for href, text in found]


def _name(markup: str) -> str:
    heard = re.sub(r'<span[^>]*aria-hidden="true"[^>]*>.*?</span>', "", markup)
    return html.unescape(re.sub(r"<[^>]+>", "", heard)).strip()


def params_of(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(html.unescape(href)).query)


def card_ids(page: str) -> list[int]:
    return [
        int(pk)
        for pk in re.findall(
            r'<article class="proposal-card.*?aria-labelledby="propuesta-(\d+)"', page
        )
    ]


def narrowed(client, plan) -> str:
    """The list searched, narrowed to a plan and a region, sorted, on its first page."""
    params = {"q": "datos", "region": "valparaiso", "plan": plan.slug, "orden": "titulo"}
    return client.get("/propuestas/", {**params, "pagina": 1}).content.decode()


def test_each_filter_in_use_is_a_chip_that_removes_only_itself(client, listed):
    official, _fourth = listed
    page = narrowed(client, official)

    found = dict(chips(page))
    plan_name = f"{official.title} {official.period}"
    assert set(found) == {
        "Quitar filtro: Búsqueda: «datos»",
        f"Quitar filtro: Plan de acción: {plan_name}",
        "Quitar filtro: Región: Valparaíso",
    }
    # Each link keeps the other filters and the order, and goes back to page 1.
    assert params_of(found["Quitar filtro: Región: Valparaíso"]) == {
        "q": ["datos"],
        "plan": [official.slug],
        "orden": ["titulo"],
    }
    assert params_of(found[f"Quitar filtro: Plan de acción: {plan_name}"]) == {
        "q": ["datos"],
        "region": ["valparaiso"],
        "orden": ["titulo"],
    }
    assert "q" not in params_of(found["Quitar filtro: Búsqueda: «datos»"])
    # "Clear filters" keeps only the order.
    assert (
        '<a class="filter-chips__clear" href="/propuestas/?orden=titulo">Limpiar filtros</a>'
        in page
    )
    # Following a chip's link really drops that filter: 3 in Valparaíso, 5 in the plan.
    assert "3 propuestas" in page
    wider = client.get(html.unescape(found["Quitar filtro: Región: Valparaíso"]))
    assert "5 propuestas" in wider.content.decode()


def test_without_filters_there_are_no_chips(client, listed):
    page = client.get("/propuestas/", {"orden": "titulo"}).content.decode()
    assert chips(page) == []
    assert "Limpiar filtros" not in page


def test_the_plan_is_a_filter_with_counts_and_a_plan_link_names_it(client, listed):
    official, fourth = listed
    page = client.get("/propuestas/", {"region": "valparaiso"}).content.decode()
    # Every official plan with results, newest first, counted with the other filters.
    assert facet_counts(page, "plan") == {"": 7, official.slug: 3, fourth.slug: 4}
    assert page.index(f'value="{official.slug}"') < page.index(f'value="{fourth.slug}"')

    page = client.get("/propuestas/", {"plan": fourth.slug}).content.decode()
    heading = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    assert fourth.title in heading and fourth.period in heading
    assert card_ids(page) and set(card_ids(page)) == set(
        Proposal.objects.filter(plan=fourth).values_list("pk", flat=True)
    )
    assert re.search(rf'value="{fourth.slug}" data-count="4" checked', page)


def test_a_demonstration_plan_is_named_and_chosen_though_not_in_the_official_counts(client, listed):
    demo = ActionPlanFactory(origin="demo", slug="plan-de-muestra", title="Plan de muestra")
    ProposalFactory.create_batch(2, plan=demo, status=Status.PUBLISHED)
    page = client.get("/propuestas/", {"plan": demo.slug}).content.decode()
    assert "2 propuestas" in page
    counts = facet_counts(page, "plan")
    assert counts[demo.slug] == 2 and counts[""] == 9  # "All": the official record
    assert f"Quitar filtro: Plan de acción: Plan de muestra {demo.period}" in dict(chips(page))


def test_an_unknown_plan_is_dropped_like_any_bad_value(client, listed):
    page = client.get("/propuestas/", {"plan": "no-existe", "region": "biobio"}).content.decode()
    assert "2 propuestas" in page
    assert [text for text, _href in chips(page)] == ["Quitar filtro: Región: Biobío"]


def test_the_plan_filter_costs_one_look_up_whatever_the_number_of_plans(client, listed):
    official, _fourth = listed

    def queries(params) -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/propuestas/", params).status_code == 200
        return len(context)

    # The list's five (tests/proposals/test_public.py) and the chosen plan's look-up.
    params = {"q": "datos", "value": "transparency", "plan": official.slug}
    few = queries(params)
    assert few == 6
    for number in range(20):
        plan = ActionPlanFactory(origin="official", number=100 + number)
        ProposalFactory(plan=plan, status=Status.PUBLISHED, search_document="datos")
    assert queries(params) == few
    assert (
        len(facet_counts(client.get("/propuestas/", {"q": "datos"}).content.decode(), "plan")) == 23
    )


def test_the_download_links_carry_the_lists_filters(client, listed):
    official, _fourth = listed
    page = narrowed(client, official)
    links = re.findall(r'href="(/propuestas/propuestas\.(?:csv|json)[^"]*)"', page)
    assert len(links) == 2
    for link in links:
        assert params_of(link) == {
            "q": ["datos"],
            "region": ["valparaiso"],
            "plan": [official.slug],
        }
    assert "Descargar estos resultados" in page


def download(client, href: str) -> bytes:
    response = client.get(html.unescape(href))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(
    "params",
    [
        {"region": "valparaiso"},
        {"region": "valparaiso", "sector": "academia"},
        {"q": "datos", "plan": "plan-4-2018-2020"},
        {"status": "published", "region": "biobio", "orden": "titulo"},
    ],
)
def test_the_downloaded_rows_are_the_lists_results(client, listed, params):
    """Whatever the database: on PostgreSQL the file comes out of COPY."""
    page = client.get("/propuestas/", params).content.decode()
    shown = card_ids(page)
    assert shown  # the filter leaves something to compare
    csv_href, json_href = re.findall(r'href="(/propuestas/propuestas\.(?:csv|json)[^"]*)"', page)

    content = download(client, csv_href)
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM, first, on both writers
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert sorted(int(row["id"]) for row in rows) == sorted(shown)

    records = json.loads(download(client, json_href))["proposals"]
    assert sorted(record["id"] for record in records) == sorted(shown)


def test_a_filtered_download_still_names_nothing_personal(client, listed):
    institution = InstitutionFactory(name="Municipalidad de Prueba")
    proposal = ProposalFactory(
        plan=listed[0],
        status=Status.PUBLISHED,
        region="valparaiso",
        name="Ximena Confidencial",
        email="ximena.confidencial@example.org",
        organisation="Junta Vecinal Secreta",
        show_name=False,
        responsible_institution=institution,
    )
    everything = b"".join(
        download(
            client, f"/propuestas/propuestas.{fmt}?region=valparaiso&institution={institution.pk}"
        )
        for fmt in ("csv", "json")
    ).decode()
    assert proposal.tracking_code in everything
    for secret in ("Ximena", "ximena.confidencial", "Junta Vecinal Secreta"):
        assert secret not in everything
