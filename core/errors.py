"""What a visitor gets when the portal itself fails (``handler500``).

A database that cannot be reached (PostgreSQL restarting, a fail-over, no
connection left) is not a bug in the page: the answer is 503 with
``Retry-After`` and a page that says to come back in a minute, rather than
the 500 page. Each write runs in one transaction, so a request cut off by the
outage saved nothing half-way. Any other failure keeps Django's 500 page.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views import defaults

# Connection refused or lost, server shutting down, too many connections, and
# the transient ones a retry clears (deadlock, serialization failure).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request, template_name)
