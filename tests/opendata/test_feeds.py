"""Atom feeds of new proposals, the work tables' results, published plans and
progress updates: valid Atom, official record only, one id per entry."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, slug: str) -> list[dict]:
    response = client.get(f"/datos-abiertos/novedades/{slug}.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314  (our own feed)
    assert feed.tag == f"{ATOM}feed"
    found = [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "id": entry.findtext(f"{ATOM}id"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "updated": entry.findtext(f"{ATOM}updated"),
        }
        for entry in feed.iter(f"{ATOM}entry")
    ]
    assert len({e["id"] for e in found}) == len(found)
    return found


def test_the_proposals_feed_has_the_published_proposals_of_the_official_record(client, world):
    titles = [e["title"] for e in entries(client, "propuestas")]
    assert sorted(titles) == sorted(
        f"{p.tracking_code} · {p.title}" for p in (world["hidden"], world["shown"])
    )


def test_the_results_feed_has_the_published_drafts_and_minutes(client, world):
    titles = [e["title"] for e in entries(client, "resultados")]
    assert any(world["draft"].title in title for title in titles)
    assert any(world["session"].title in title for title in titles)
    assert not any("Borrador sin publicar" in title for title in titles)


def test_the_plans_feed_has_the_plans_once_published(client, world):
    assert [e["title"] for e in entries(client, "planes")] == [
        f"{world['plan'].title} ({world['plan'].period})"
    ]


def test_the_progress_feed_has_the_public_updates_newest_first(client, world):
    found = entries(client, "avances")
    assert len(found) == 2  # not the withdrawn one
    assert found[0]["link"].endswith("/planes/plan-7-2030-2032/compromisos/1/")


def test_an_unknown_feed_is_a_404(client):
    assert client.get("/datos-abiertos/novedades/nada.atom").status_code == 404
