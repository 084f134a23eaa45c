"""Schemathesis reads /api/schema/ and sends each operation generated
requests (valid and invalid filters, ids, cursors, page sizes) through the
WSGI application, against a database with one of every public record. The
test fails on any 5xx, and on any answer the schema does not describe (status
code, content type, headers or body). Bounded to a few examples per operation
so the whole file runs in well under a minute."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from ogp_portal.wsgi import application

pytestmark = pytest.mark.django_db

# Read from the portal itself, as a client would: the schema no request changes.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture(autouse=True)
def _unthrottled(settings):
    settings.API_RATE_LIMIT = "100000/minute"  # the fuzzing itself must not be throttled


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    """Requests go straight to the WSGI application, not through Django's test
    client, which is what normally stops the end of each request from closing
    the connection that holds the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_schema(case, world):
    # Every check but "a schema-valid request is accepted": the schema types a
    # cursor or an OGP id as any string, and a forged cursor or a NUL byte is
    # rightly refused with a 400 and a message, which is not a fault.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
