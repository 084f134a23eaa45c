"""HTTP around the API: 304 for a client that already has the data (ETag or
date), a fresh answer as soon as anything public changes, CORS for reading
from any site, and a rate limit per client."""

from __future__ import annotations

import pytest
from django.test import Client

from proposals.models import Status
from proposals.services import Change, transition
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def test_the_same_etag_back_gets_304_without_a_query(client, world, django_assert_num_queries):
    first = client.get("/api/v1/proposals/")
    assert first.status_code == 200
    assert first["Cache-Control"] == "no-cache"
    with django_assert_num_queries(0):
        again = client.get("/api/v1/proposals/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_the_date_back_gets_304(client, world):
    first = client.get("/api/v1/plans/")
    again = client.get("/api/v1/plans/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_any_public_change_gives_a_new_etag_and_the_new_data(client, world):
    first = client.get("/api/v1/proposals/")
    proposal = ProposalFactory(plan=world["plan"], title="Recién publicada")
    transition(proposal.pk, Change(Status.PUBLISHED))
    again = client.get("/api/v1/proposals/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "Recién publicada" in again.content.decode()


def test_each_address_has_its_own_etag(client, world):
    one = client.get("/api/v1/proposals/")["ETag"]
    other = client.get("/api/v1/proposals/?status=published")["ETag"]
    assert one != other
    assert client.get("/api/v1/proposals/", HTTP_IF_NONE_MATCH=other).status_code == 200


def test_a_repeated_request_is_answered_from_the_cache(client, world, django_assert_num_queries):
    first = client.get("/api/v1/commitments/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/api/v1/commitments/")
    assert second["X-Page-Cache"] == "hit"
    assert second.json() == first.json()


def test_an_error_carries_no_etag(client, world):
    response = client.get("/api/v1/proposals/?status=nada")
    assert response.status_code == 400
    assert "ETag" not in response


def test_any_site_may_read_the_api_from_a_browser(client, world):
    response = client.get("/api/v1/plans/", HTTP_ORIGIN="https://datos.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response


def test_a_preflight_allows_get_only(client):
    response = client.options(
        "/api/v1/plans/",
        HTTP_ORIGIN="https://datos.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 200
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "if-none-match" in response["Access-Control-Allow-Headers"]


def test_the_portals_pages_send_no_cors_headers(client, seeded):
    response = client.get("/planes/", HTTP_ORIGIN="https://datos.example.org")
    assert "Access-Control-Allow-Origin" not in response


def test_a_client_past_the_limit_gets_429_and_others_do_not(world, settings):
    settings.API_RATE_LIMIT = "3/minute"
    greedy, other = Client(REMOTE_ADDR="203.0.113.7"), Client(REMOTE_ADDR="203.0.113.8")
    statuses = [greedy.get("/api/v1/plans/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = greedy.get("/api/v1/plans/")
    assert int(refused["Retry-After"]) > 0
    assert other.get("/api/v1/plans/").status_code == 200


def test_the_limit_counts_the_address_the_proxy_saw(world, settings):
    settings.API_RATE_LIMIT = "2/minute"
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(2):
        assert proxy.get("/api/v1/plans/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    assert proxy.get("/api/v1/plans/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert proxy.get("/api/v1/plans/", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200
