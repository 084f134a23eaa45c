from __future__ import annotations

from django.urls import path

from . import staff_views, views

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
    path(
        "planes/<slug:slug>/documentos/<int:pk>.pdf",
        views.plan_document,
        name="plan_document",
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
    path("mesa-de-gobierno-abierto/reglamento.pdf", views.forum_rules, name="forum_rules"),
    path(
        "mesa-de-gobierno-abierto/sesiones/<int:pk>/acta.pdf",
        views.forum_minutes,
        name="forum_minutes",
    ),
    path("gestion/mesa/", staff_views.forum, name="staff_forum"),
    path("gestion/mesa/integrantes/nuevo/", staff_views.member_create, name="staff_member_create"),
    path("gestion/mesa/integrantes/<int:pk>/", staff_views.member_edit, name="staff_member"),
    path("gestion/mesa/sesiones/nueva/", staff_views.meeting_create, name="staff_meeting_create"),
    path("gestion/mesa/sesiones/<int:pk>/", staff_views.meeting_edit, name="staff_meeting"),
]
