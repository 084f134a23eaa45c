from __future__ import annotations

from django.urls import path

from . import staff_views, views

app_name = "selection"

urlpatterns = [
    path("planes/<slug:slug>/seleccion/", views.report, name="report"),
    path("gestion/seleccion/", staff_views.overview, name="staff"),
    path("gestion/seleccion/borradores/<int:pk>/", staff_views.draft, name="staff_draft"),
    path(
        "gestion/seleccion/borradores/<int:pk>/decision/",
        staff_views.decide,
        name="staff_decide",
    ),
    path("gestion/seleccion/<slug:slug>/publicar/", staff_views.publish, name="staff_publish"),
]
