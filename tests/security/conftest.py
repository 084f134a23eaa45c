from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client, override_settings

from tests.helpers import show_thanks_for
from tests.security.world import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> World:
    """The populated portal, built once per module inside a transaction that
    is rolled back at the end (each test's own changes roll back too: the
    ``db`` fixture nests a savepoint in it)."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        built = build_world()
        yield built
        transaction.set_rollback(True)


def client_for(world: World, role: str) -> Client:
    """A test client signed in as ``role``; the citizen is a visitor whose
    browser holds the tracking code of the proposal they sent."""
    client = Client(raise_request_exception=False)
    if role == "citizen":
        show_thanks_for(client, world.received.tracking_code)
    elif role != "anonymous":
        client.force_login(world.users[role])
    return client


def fetch(client: Client, path: str, method: str = "get", data=None, **extra):
    """A request whose body is read whole, so that a streamed file is closed
    (the test client closes a response once its stream is consumed; closing
    it here would close the database connection inside the module's
    transaction); the body is on ``response.body`` (decoded, errors replaced)."""
    response = getattr(client, method)(path, data or {}, **extra)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    response.body = body.decode("utf-8", "replace")
    return response


# What the suites tried, printed at the end of the run (pytest hides a test's
# own output unless it fails): the figures CI's log keeps.
FIGURES: dict[str, str] = {}


def report(key: str, line: str) -> None:
    FIGURES[key] = line


def pytest_terminal_summary(terminalreporter) -> None:
    if FIGURES:
        terminalreporter.section("security suites: what they tried")
        for line in FIGURES.values():
            terminalreporter.write_line(line)
