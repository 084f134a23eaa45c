from __future__ import annotations

from django.urls import path

from . import staff_views, views

app_name = "tracking"

urlpatterns = [
    path("avance/", views.dashboard, name="dashboard"),
    path("planes/<slug:slug>/avance/", views.plan_dashboard, name="plan_dashboard"),
    path("repositorio/", views.repository, name="repository"),
    path("repositorio/evidencia/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("gestion/avance/", staff_views.commitments, name="staff_commitments"),
    path("gestion/avance/hitos/<int:pk>/", staff_views.milestone, name="staff_milestone"),
    path(
        "gestion/avance/actualizaciones/<int:pk>/disputar/",
        staff_views.dispute,
        name="dispute",
    ),
    path(
        "gestion/avance/actualizaciones/<int:pk>/retirar/",
        staff_views.withdraw,
        name="withdraw",
    ),
]
