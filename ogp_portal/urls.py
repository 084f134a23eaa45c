from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import site_files
from .health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("manifest.webmanifest", site_files.manifest, name="manifest"),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("plans.urls")),
    path("", include("proposals.urls")),
    prefix_default_language=False,
)

admin.site.site_header = _("Open Government · Administration")
admin.site.site_title = _("Open Government")
