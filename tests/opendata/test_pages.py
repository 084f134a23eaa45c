"""/datos-abiertos/ lists every data set with its date, files and dictionary;
each data set's page describes every column; the page answers in a fixed
number of queries whatever the amount of data."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from opendata.datasets import DATASETS
from tests.plans.factories import CommitmentFactory, MilestoneFactory
from tests.tracking.factories import report

pytestmark = pytest.mark.django_db


def test_the_page_lists_every_data_set_with_its_three_files(client, world):
    page = client.get("/datos-abiertos/").content.decode()
    for slug, dataset in DATASETS.items():
        assert str(dataset.title) in page
        for fmt in ("csv", "json", "xlsx"):
            assert f'href="/datos-abiertos/{slug}.{fmt}"' in page
        assert f'href="/datos-abiertos/{slug}/"' in page


def test_the_page_names_the_licence_the_api_the_catalogue_and_the_feeds(client, world):
    page = client.get("/datos-abiertos/").content.decode()
    assert 'rel="license"' in page and "https://creativecommons.org/licenses/by/4.0/" in page
    assert 'href="/api/docs/"' in page
    assert 'href="/datos-abiertos/catalogo.jsonld"' in page
    feeds = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*>', page)
    assert len(feeds) == 4


def test_each_data_set_shows_when_it_last_changed(client, world):
    page = client.get("/datos-abiertos/avances/").content.decode()
    reported = timezone.localtime(world["disputed"].disputed_at)
    assert f"{reported.day} de" in page  # the date of its latest change, in Spanish
    assert "Última actualización" in page


@pytest.mark.parametrize("slug", list(DATASETS))
def test_the_dictionary_describes_every_column(client, world, slug):
    page = client.get(f"/datos-abiertos/{slug}/").content.decode()
    for column in DATASETS[slug].columns:
        assert f"<code>{column.name}</code>" in page
        assert str(column.description) or False
    assert page.count('<th scope="row">') == len(DATASETS[slug].columns)


def test_the_page_is_in_english_too(client, world):
    page = client.get("/en/datos-abiertos/").content.decode()
    assert "Open data" in page and "Licence" in page


def test_the_page_is_served_from_the_page_cache(client, world):
    assert client.get("/datos-abiertos/")["X-Page-Cache"] == "miss"
    assert client.get("/datos-abiertos/")["X-Page-Cache"] == "hit"


def _progress(count: int) -> None:
    for _ in range(count):
        milestone = MilestoneFactory(commitment=CommitmentFactory())
        report(milestone)


@pytest.mark.parametrize("count", [2, 30])
def test_the_page_costs_the_same_queries_whatever_the_data(
    client, settings, django_assert_num_queries, count
):
    settings.PAGE_CACHE_SECONDS = 0
    _progress(count)
    # One aggregate per data set whose rows carry dates.
    with django_assert_num_queries(6):
        assert client.get("/datos-abiertos/").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/datos-abiertos/avances/").status_code == 200


def test_a_data_sets_page_says_how_the_csv_is_encoded(client, world):
    """A journalist opening the file in a spreadsheet needs to know it keeps its
    accents: the page says UTF-8 with a BOM, and the file really starts with one."""
    page = client.get("/datos-abiertos/propuestas/").content.decode()
    assert "UTF-8 con marca de orden de bytes (BOM)" in page
    content = b"".join(client.get("/datos-abiertos/propuestas.csv").streaming_content)
    assert content.startswith(b"\xef\xbb\xbfid,")


def test_the_proposals_dictionary_names_the_reason_and_the_commitment(client, world):
    page = client.get("/datos-abiertos/propuestas/").content.decode()
    for column in ("status_reason", "commitment_id", "commitment_title", "commitment_url"):
        assert f"<code>{column}</code>" in page
    assert "cuando llegó a su estado actual" in page
