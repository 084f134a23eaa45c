"""The portal's addresses plus one that fails, so a test can see the 500 page
the way a visitor does: through every middleware and Django's handler500."""

from __future__ import annotations

from django.urls import path

from ogp_portal.urls import urlpatterns as portal_urlpatterns

FAILING_PATH = "/prueba-de-error/"


def fail(request):
    raise RuntimeError("a deliberate failure, to show the 500 page")


urlpatterns = [path(FAILING_PATH.strip("/") + "/", fail), *portal_urlpatterns]
