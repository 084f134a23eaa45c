"""No personal data in the API, the open data, the exports or the feeds.

The world (tests/world.py) plants proposers who did not choose to show their
name, attendees of sessions, an officer, a subscriber, an internal note and a
withdrawn update, each with text found nowhere else. Every answer of the API
(every page of every list, every record), every open-data page and file (the
XLSX unzipped), the catalogue, every feed and the older exports are read in
both languages, and none of that text may appear; nor may any query they run
select a column declared personal."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.urls import router
from opendata.datasets import DATASETS
from opendata.feeds import FEEDS
from tests.core.factories import UserFactory
from tests.core.test_privacy import personal_references
from tests.world import ATTENDEE, PROPOSER, SECRETS

pytestmark = pytest.mark.django_db


def read(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK\x03\x04"):  # XLSX: every part of the archive
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(name).decode() for name in archive.namelist())
    return content.decode()


def api_addresses(client) -> list[str]:
    """Every page of every list, and every record they list."""
    addresses = ["/api/v1/", "/api/schema/", "/api/schema/?format=json", "/api/docs/"]
    for prefix, _viewset, _basename in router.registry:
        path = f"/api/v1/{prefix}/?page_size=500"
        while path:
            addresses.append(path)
            page = client.get(path).json()
            addresses += [f"/api/v1/{prefix}/{record['id']}/" for record in page["results"]]
            path = page["next"]
    return addresses


def open_data_addresses(world) -> list[str]:
    plan = world["plan"].slug
    addresses = ["/datos-abiertos/", "/datos-abiertos/catalogo.jsonld"]
    for slug in DATASETS:
        addresses.append(f"/datos-abiertos/{slug}/")
        addresses += [f"/datos-abiertos/{slug}.{fmt}" for fmt in ("csv", "json", "xlsx")]
    addresses += [f"/datos-abiertos/novedades/{slug}.atom" for slug in FEEDS]
    # The downloads and the feed that were there before.
    addresses += [
        "/propuestas/propuestas.csv",
        "/propuestas/propuestas.json",
        f"/planes/{plan}/compromisos.csv",
        f"/planes/{plan}/compromisos.json",
        f"/planes/{plan}/calendario.ics",
    ]
    return addresses


def test_nothing_personal_in_the_api_the_open_data_the_exports_or_the_feeds(client, world):
    addresses = api_addresses(client) + open_data_addresses(world)
    assert len(addresses) > 60
    for language in ("", "/en"):
        for path in addresses:
            if language and path.startswith("/api/"):
                continue  # the API has no language prefix
            with CaptureQueriesContext(connection) as queries:
                body = read(client, language + path)
            for secret in SECRETS:
                assert secret not in body, (path, secret)
            for query in queries:
                assert not personal_references(query["sql"]), (path, query["sql"])


def test_every_list_of_the_api_and_every_data_set_is_scanned(client, world):
    """The scan reads what exists: each list and each data set has rows."""
    for prefix, _viewset, _basename in router.registry:
        assert client.get(f"/api/v1/{prefix}/").json()["results"], prefix
    for slug in DATASETS:
        assert read(client, f"/datos-abiertos/{slug}.csv").count("\n") > 1, slug


def test_the_scan_would_see_them(client, world):
    """The test above can fail: staff pages do show the planted data."""
    client.force_login(UserFactory(username="revisora", is_staff=True, is_superuser=True))
    moderation = read(client, f"/gestion/propuestas/{world['hidden'].pk}/")
    assert PROPOSER["email"] in moderation
    attendees = read(client, f"/gestion/mesas/sesiones/{world['session'].pk}/inscritos.csv")
    assert ATTENDEE["email"] in attendees


@pytest.mark.parametrize("slug", list(DATASETS))
def test_no_data_set_selects_a_personal_column(world, slug):
    """The files of PostgreSQL's COPY do not pass through Django's query log:
    their SELECT is read here."""
    assert not personal_references(str(DATASETS[slug].rows().query))
