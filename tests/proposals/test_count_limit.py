"""Past a count limit the list stops counting: a word found in most of 100 000
proposals must not cost a scan of them all on every new search. The total says
"more than", the filters show no numbers, and a search ranks the newest
matches the pages reach."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from proposals import selectors
from proposals.models import Status
from tests.proposals.factories import ProposalFactory
from tests.proposals.test_list_facets import facet_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(official):
    ProposalFactory.create_batch(
        6, plan=official, status=Status.PUBLISHED, title="Datos abiertos", sector="academia"
    )
    ProposalFactory.create_batch(2, plan=official, status=Status.PUBLISHED, title="Lobby")
    return official


def test_below_the_limit_every_number_is_exact(client, listed, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 8)
    page = client.get("/propuestas/").content.decode()
    assert "8 propuestas" in page
    assert facet_counts(page, "sector")["academia"] == 6


def test_past_the_limit_the_total_says_more_than_and_filters_show_no_numbers(
    client, listed, monkeypatch
):
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 5)
    page = client.get("/propuestas/").content.decode()
    assert "Más de 5 propuestas" in page
    assert facet_counts(page, "sector") == {}  # no number is a sample's
    assert 'value="academia"' in page  # the filter is still offered
    # The pages reach the limit's rows, not the rest.
    assert "Página 1 de 1" in page or "pagina=2" not in page


def test_a_filter_that_narrows_below_the_limit_counts_exactly(client, listed, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 5)
    page = client.get("/propuestas/", {"q": "lobby"}).content.decode()
    assert "2 propuestas" in page
    assert facet_counts(page, "sector")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranks with PostgreSQL")
def test_a_search_past_the_limit_still_lists_matches_only_in_a_bounded_number_of_queries(
    client, listed, monkeypatch
):
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 3)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/propuestas/", {"q": "datos"}).content.decode()
    assert "Más de 3 propuestas" in page
    assert "Datos abiertos" in page and "Lobby" not in page
    # The capped counts read at most the limit's rows: every scan has a LIMIT.
    counting = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert counting and all("LIMIT 4" in sql for sql in counting)
