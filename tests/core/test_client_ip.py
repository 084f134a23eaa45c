"""Which address the rate limits count: REMOTE_ADDR, or, behind the number of
proxies that TRUSTED_PROXY_COUNT names, the address the outermost of them saw.
Nothing a visitor writes into X-Forwarded-For can choose it."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from core.ratelimit import client_ip

PROXY = "10.0.0.9"  # REMOTE_ADDR: the last proxy, the one that talks to the portal


def address(forwarded_for: str | None, proxies: int, settings) -> str:
    settings.TRUSTED_PROXY_COUNT = proxies
    headers = {} if forwarded_for is None else {"HTTP_X_FORWARDED_FOR": forwarded_for}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=PROXY, **headers))


@pytest.mark.parametrize(
    "forwarded_for, proxies, expected",
    [
        # No proxies configured (the default): the header is never read.
        ("203.0.113.7", 0, PROXY),
        (None, 0, PROXY),
        # One proxy: it appended the client's address, the last entry.
        ("203.0.113.7", 1, "203.0.113.7"),
        (" 203.0.113.7 ", 1, "203.0.113.7"),
        ("2001:db8::7", 1, "2001:db8::7"),
        ("::ffff:203.0.113.7", 1, "203.0.113.7"),
        # Two proxies: the outer one appended the client, the inner one the outer.
        ("203.0.113.7, 10.0.0.2", 2, "203.0.113.7"),
        ("203.0.113.7,10.0.0.2", 2, "203.0.113.7"),
    ],
)
def test_the_client_is_the_address_the_outermost_trusted_proxy_saw(
    settings, forwarded_for, proxies, expected
):
    assert address(forwarded_for, proxies, settings) == expected


@pytest.mark.parametrize(
    "forwarded_for, proxies",
    [
        # The visitor prepends addresses of its own: they stand left of the
        # trusted entries and are never read.
        ("198.51.100.1, 203.0.113.7", 1),
        ("198.51.100.1, 198.51.100.2, 203.0.113.7", 1),
        ("198.51.100.1, 203.0.113.7, 10.0.0.2", 2),
        ("garbage, <script>, 203.0.113.7", 1),
        ("127.0.0.1, 203.0.113.7", 1),
    ],
)
def test_addresses_a_visitor_prepends_are_ignored(settings, forwarded_for, proxies):
    assert address(forwarded_for, proxies, settings) == "203.0.113.7"


@pytest.mark.parametrize(
    "forwarded_for, proxies",
    [
        # The header is missing: the request did not come through the proxy.
        (None, 1),
        ("", 1),
        # Fewer entries than proxies.
        ("203.0.113.7", 2),
        ("203.0.113.7, 10.0.0.2", 3),
        # Not an IP address where a trusted proxy should have written one.
        ("not-an-address", 1),
        ("203.0.113.7:443", 1),
        ("[2001:db8::7]", 1),
        ("203.0.113.7 198.51.100.1", 1),
        ("999.0.113.7", 1),
        ("203.0.113.7, ", 1),
        ("203.0.113.7, unknown", 2),
        ("unknown, 10.0.0.2", 2),
        ("\x00", 1),
        ("2" * 5000, 1),
    ],
)
def test_a_missing_short_or_malformed_header_falls_back_to_the_connection(
    settings, forwarded_for, proxies
):
    assert address(forwarded_for, proxies, settings) == PROXY


def test_behind_a_proxy_each_visitor_has_a_limit_of_their_own(client, settings, db):
    """The tracking form allows 60 look-ups an hour per address. Behind one
    proxy, a visitor who used them up does not lock out the next one, and
    cannot escape the limit by prepending addresses of its own."""
    settings.TRUSTED_PROXY_COUNT = 1

    def track(forwarded_for: str) -> int:
        return client.get(
            "/propuestas/seguimiento/GA5-2222-2222/",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded_for,
        ).status_code

    for _ in range(60):
        assert track("203.0.113.7") == 404  # no such code, yet counted
    assert track("203.0.113.7") == 429
    assert track("198.51.100.1, 203.0.113.7") == 429
    assert track("198.51.100.8") != 429
