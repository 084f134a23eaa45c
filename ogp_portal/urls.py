from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core.health import healthz
from plans.sitemaps import CommitmentSitemap, PlanSitemap
from proposals.sitemaps import ProposalSitemap
from worktables.sitemaps import DraftSitemap, EventSitemap, WorkTableSitemap

from . import site_files

# One section per kind of page; Django splits a section into pages of
# Sitemap.limit (50 000) URLs, each listed in the index.
SITEMAPS = {
    "planes": PlanSitemap,
    "compromisos": CommitmentSitemap,
    "propuestas": ProposalSitemap,
    "jornadas": EventSitemap,
    "mesas": WorkTableSitemap,
    "borradores": DraftSitemap,
}

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # The API is the same in every language: no /en/ prefix.
    path("api/", include("api.urls")),
    path("manifest.webmanifest", site_files.manifest, name="manifest"),
    path("robots.txt", site_files.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap_index",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("core.urls")),
    path("", include("plans.urls")),
    path("", include("stages.urls")),
    path("", include("proposals.urls")),
    path("", include("worktables.urls")),
    path("", include("selection.urls")),
    path("", include("consultation.urls")),
    path("", include("tracking.urls")),
    path("", include("opendata.urls")),
    prefix_default_language=False,
)

# A database outage answers 503 with a page saying to try again in a minute;
# any other failure, Django's 500 page (core/errors.py).
handler500 = "core.errors.server_error"

admin.site.site_header = _("Open Government · Administration")
admin.site.site_title = _("Open Government")
