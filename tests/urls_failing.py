"""The portal's addresses plus ones that fail, so a test can see the 500 and
503 pages the way a visitor does: through every middleware and the handler500."""

from __future__ import annotations

from django.db import InterfaceError, OperationalError
from django.urls import path

from ogp_portal.urls import handler500  # noqa: F401 (the portal's, as in production)
from ogp_portal.urls import urlpatterns as portal_urlpatterns

FAILING_PATH = "/prueba-de-error/"
# What psycopg says while PostgreSQL restarts: refused, then a connection lost.
DATABASE_DOWN_PATH = "/prueba-de-base-caida/"
CONNECTION_LOST_PATH = "/prueba-de-conexion-perdida/"


def fail(request):
    raise RuntimeError("a deliberate failure, to show the 500 page")


def database_down(request):
    raise OperationalError(
        'connection failed: connection to server at "127.0.0.1", port 5432 failed: '
        "Connection refused"
    )


def connection_lost(request):
    raise InterfaceError("connection already closed")


urlpatterns = [
    path(FAILING_PATH.strip("/") + "/", fail),
    path(DATABASE_DOWN_PATH.strip("/") + "/", database_down),
    path(CONNECTION_LOST_PATH.strip("/") + "/", connection_lost),
    *portal_urlpatterns,
]
