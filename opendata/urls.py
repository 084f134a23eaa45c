from __future__ import annotations

from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("datos-abiertos/", views.index, name="index"),
    path("datos-abiertos/catalogo.jsonld", views.catalogue_view, name="catalogue"),
    path("datos-abiertos/novedades/<slug:slug>.atom", views.feed, name="feed"),
    path("datos-abiertos/<slug:slug>/", views.dataset_page, name="dataset"),
    path("datos-abiertos/<slug:slug>.<str:fmt>", views.download, name="download"),
]
