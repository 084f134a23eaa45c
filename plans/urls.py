from __future__ import annotations

from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("planes/", views.plan_list, name="plan_list"),
    path("planes/<slug:slug>/", views.plan_detail, name="plan_detail"),
    path(
        "planes/<slug:slug>/compromisos.csv",
        views.plan_commitments_download,
        {"fmt": "csv"},
        name="plan_commitments_csv",
    ),
    path(
        "planes/<slug:slug>/compromisos.json",
        views.plan_commitments_download,
        {"fmt": "json"},
        name="plan_commitments_json",
    ),
    path("planes/<slug:slug>/compartir.png", views.plan_share_image, name="plan_share_image"),
    path(
        "planes/<slug:slug>/compromisos/<int:number>/compartir.png",
        views.commitment_share_image,
        name="commitment_share_image",
    ),
    path(
        "planes/<slug:slug>/compromisos/<int:number>/",
        views.commitment_detail,
        name="commitment_detail",
    ),
    path("mesa-de-gobierno-abierto/", views.forum, name="forum"),
]
