"""The public list: proposal cards, sorting, and filters that say how many
results each choice leaves with the other active filters (facets), counted in
the database in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from proposals import selectors
from proposals.models import Proposal, Status
from tests.plans.factories import InstitutionFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def facet_counts(page: str, facet: str) -> dict[str, int]:
    """{option value: count} of a facet as the page shows it ("" is "All")."""
    start = page.index(f'data-facet="{facet}"')
    end = min(
        i for i in (page.find("data-facet=", start + 1), page.find("</form>", start)) if i > 0
    )
    options = re.findall(r'value="([^"]*)" data-count="(\d+)"', page[start:end])
    return {value: int(count) for value, count in options}


@pytest.fixture
def listed(official):
    def make(n: int, **fields):
        return ProposalFactory.create_batch(n, plan=official, status=Status.PUBLISHED, **fields)

    make(3, sector="academia", region="biobio", transparency=True)
    make(2, sector="academia", region="maule", transparency=False, technology=True)
    make(4, sector="citizen", region="biobio", transparency=True, accountability=True)
    ProposalFactory(plan=official, status=Status.RECEIVED, sector="academia")  # not public
    return official


def test_each_option_counts_what_it_would_leave_with_the_other_filters(client, listed):
    page = client.get("/propuestas/", {"sector": "academia"}).content.decode()

    assert "5 propuestas" in page
    # The sector facet ignores its own choice: every sector, with the others.
    sector = facet_counts(page, "sector")
    assert sector[""] == 9 and sector["academia"] == 5 and sector["citizen"] == 4
    assert sector["private"] == 0
    # The other facets count within the academia sector.
    region = facet_counts(page, "region")
    assert region[""] == 5 and region["biobio"] == 3 and region["maule"] == 2
    value = facet_counts(page, "value")
    assert value["transparency"] == 3 and value["technology"] == 2
    assert value["accountability"] == 0


def test_two_filters_narrow_each_others_counts(client, listed):
    params = {"region": "biobio", "value": "accountability"}
    page = client.get("/propuestas/", params).content.decode()
    assert "4 propuestas" in page
    assert facet_counts(page, "sector") == {
        "": 4,
        "citizen": 4,
        "civil_society": 0,
        "academia": 0,
        "private": 0,
        "public": 0,
    }
    region = facet_counts(page, "region")
    assert region["biobio"] == 4 and region["maule"] == 0
    assert facet_counts(page, "value")["transparency"] == 7  # with Biobío, any value


def test_the_search_applies_to_every_count(client, listed, official):
    ProposalFactory(
        plan=official,
        status=Status.PUBLISHED,
        title="Minería abierta",
        sector="private",
        search_document="mineria abierta",
    )
    page = client.get("/propuestas/", {"q": "minería"}).content.decode()
    assert "1 propuesta" in page
    sector = facet_counts(page, "sector")
    assert sector[""] == 1 and sector["private"] == 1 and sector["academia"] == 0


def test_the_institution_filter_lists_the_institutions_with_results(client, listed, official):
    leader = InstitutionFactory(name="Consejo para la Transparencia Prueba")
    other = InstitutionFactory(name="Ministerio Sin Propuestas")
    Proposal.objects.filter(sector="citizen").update(responsible_institution=leader)

    page = client.get("/propuestas/", {"sector": "citizen"}).content.decode()
    assert facet_counts(page, "institution") == {"": 4, str(leader.pk): 4}
    assert other.name not in page

    # A chosen institution stays visible when the other filters leave nothing.
    page = client.get("/propuestas/", {"sector": "academia", "institution": leader.pk})
    assert facet_counts(page.content.decode(), "institution") == {"": 5, str(leader.pk): 0}
    assert "0 propuestas" in page.content.decode()


def test_a_bad_value_drops_that_filter_only(client, listed):
    page = client.get("/propuestas/", {"sector": "academia", "region": "marte", "orden": "x"})
    assert page.status_code == 200
    assert "5 propuestas" in page.content.decode()


def titles(page: str) -> list[str]:
    return re.findall(r'id="propuesta-\d+"><a href="[^"]+">([^<]+)</a>', page)


def test_the_list_sorts_newest_oldest_and_by_title(client, official):
    for title, day in [("Bravo", 3), ("Alfa", 2), ("Charlie", 1)]:
        proposal = ProposalFactory(plan=official, status=Status.PUBLISHED, title=title)
        Proposal.objects.filter(pk=proposal.pk).update(
            created_at=dt.datetime(2020, 8, day, tzinfo=dt.UTC)
        )
    newest = titles(client.get("/propuestas/").content.decode())
    oldest = titles(client.get("/propuestas/", {"orden": "antiguas"}).content.decode())
    by_title = titles(client.get("/propuestas/", {"orden": "titulo"}).content.decode())
    assert newest == ["Bravo", "Alfa", "Charlie"]
    assert oldest == ["Charlie", "Alfa", "Bravo"]
    assert by_title == ["Alfa", "Bravo", "Charlie"]


def test_the_sort_links_keep_the_filters_and_mark_the_current_order(client, listed):
    page = client.get("/propuestas/", {"sector": "academia", "orden": "titulo", "pagina": 1})
    nav = re.search(r'<nav class="sort-links.*?</nav>', page.content.decode(), re.S).group(0)
    links = re.findall(r'<a href="([^"]+)"([^>]*)>([^<]+)</a>', nav)
    assert [(href, label) for href, _attrs, label in links] == [
        ("?sector=academia", "Más recientes"),
        ("?sector=academia&amp;orden=antiguas", "Más antiguas"),
        ("?sector=academia&amp;orden=titulo", "Título"),
    ]
    assert [label for _href, attrs, label in links if "aria-current" in attrs] == ["Título"]
    # The filter form carries the order along.
    assert '<input type="hidden" name="orden" value="titulo">' in page.content.decode()


def test_a_card_shows_the_problem_values_plan_date_and_status(client, official):
    proposal = ProposalFactory(
        plan=official,
        status=Status.SELECTED,
        problem="Los vecinos no saben en qué se gasta el presupuesto municipal. " * 10,
        transparency=True,
        participation=True,
    )
    Proposal.objects.filter(pk=proposal.pk).update(
        created_at=dt.datetime(2020, 8, 12, 15, tzinfo=dt.UTC)
    )
    page = client.get("/propuestas/").content.decode()
    card = re.search(r'<article class="proposal-card.*?</article>', page, re.S).group(0)
    assert "Los vecinos no saben en qué se gasta el presupuesto municipal." in card
    assert proposal.problem not in card  # an excerpt, not the whole text
    assert "Transparencia" in card and "Participación ciudadana" in card
    assert "Rendición de cuentas" not in card
    assert f"{official.title} {official.period}" in card
    assert '<time datetime="2020-08-12T11:00:00-0400">12 de agosto de 2020</time>' in card
    # The status is a chip with its colour class and its name in words.
    assert (
        '<span class="badge proposal-status proposal-status--selected">'
        '<span class="visually-hidden">Estado: </span>Seleccionada</span>'
    ) in card


def _queries(client, params) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        assert client.get("/propuestas/", params).status_code == 200
    return [query["sql"] for query in context.captured_queries]


# The facet counts (one aggregate), the institutions' facet (one GROUP BY), the
# filtered total (a bounded COUNT), the page of proposals, the open process for
# the notice; a chosen institution adds its look-up when the form checks it.
EVERY_FILTER = {
    "q": "presupuesto",
    "value": "transparency",
    "sector": "academia",
    "region": "biobio",
    "status": "published",
    "orden": "titulo",
}


def test_the_facets_cost_the_same_queries_with_10_or_10000_proposals(client, official, monkeypatch):
    # Below the count limit, where every number is exact (test_count_limit.py
    # covers the searches past it).
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 20_000)
    institution = InstitutionFactory()
    ProposalFactory.create_batch(
        10,
        plan=official,
        status=Status.PUBLISHED,
        sector="academia",
        region="biobio",
        responsible_institution=institution,
    )
    params = {**EVERY_FILTER, "institution": institution.pk}
    few = _queries(client, params)
    assert len(few) == 6, "\n".join(few)
    assert "10 propuestas" in client.get("/propuestas/", params).content.decode()
    sectors = ["citizen", "civil_society", "academia", "private", "public"]
    regions = ["maule", "nuble", "biobio", "aysen", "metropolitana"]
    institutions = [InstitutionFactory(name=f"Institución {n}") for n in range(30)]
    Proposal.objects.bulk_create(
        ProposalFactory.build(
            plan=official,
            status=Status.PUBLISHED,
            tracking_code=f"GAF-{n:04d}-BULK",
            sector=sectors[n % 5],
            region=regions[n % 5],
            responsible_institution=institution if n % 2 else institutions[n % 30],
            search_document="presupuesto municipal",
        )
        for n in range(10_000)
    )
    many = _queries(client, params)
    assert len(many) == len(few), "\n".join(many)
    assert "1010 propuestas" in client.get("/propuestas/", params).content.decode()
    page = client.get("/propuestas/", {"q": "presupuesto"}).content.decode()
    assert "10010 propuestas" in page.replace(".", "").replace("\xa0", "")
    assert facet_counts(page, "institution")[str(institutions[0].pk)] == 334
