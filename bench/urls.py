"""The portal's URLs and one trivial view, served through the same middleware:
the ceiling every page is measured against."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from ogp_portal.urls import handler500  # noqa: F401 (the portal's 500 and 503 pages)
from ogp_portal.urls import urlpatterns as portal_urlpatterns


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("__bench__/trivial", trivial), *portal_urlpatterns]
