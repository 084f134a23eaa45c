from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"


class Router(DefaultRouter):
    include_format_suffixes = False  # JSON only: no .json twins of every address


router = Router()
router.register("plans", views.PlanViewSet, basename="plan")
router.register("stages", views.StageViewSet, basename="stage")
router.register("institutions", views.InstitutionViewSet, basename="institution")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("proposals", views.ProposalViewSet, basename="proposal")
router.register("events", views.EventViewSet, basename="event")
router.register("drafts", views.DraftViewSet, basename="draft")
router.register("progress-updates", views.ProgressUpdateViewSet, basename="progress-update")


class Docs(SpectacularSwaggerSplitView):
    """Swagger UI, from the drf-spectacular-sidecar package (served by the
    portal: no CDN), in a page with a language, a heading and landmarks."""

    template_name = "api/docs.html"
    url_name = "api:schema"


urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", Docs.as_view(), name="docs"),
]
