from __future__ import annotations

from django.urls import path

from . import views

app_name = "tracking"

urlpatterns = [
    path("avance/", views.dashboard, name="dashboard"),
    path("planes/<slug:slug>/avance/", views.plan_dashboard, name="plan_dashboard"),
    path("repositorio/", views.repository, name="repository"),
    path("repositorio/evidencia/<int:pk>/", views.evidence_file, name="evidence_file"),
]
