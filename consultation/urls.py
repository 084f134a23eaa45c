from __future__ import annotations

from django.urls import path

from . import staff_views, views

app_name = "consultation"

urlpatterns = [
    path("planes/<slug:slug>/consulta/", views.plan_page, name="plan"),
    path("planes/<slug:slug>/consulta/comentar/", views.comment_on_plan, name="comment_plan"),
    path("planes/<slug:slug>/consulta/informe/", views.report_page, name="report"),
    path(
        "planes/<slug:slug>/consulta/informe.csv",
        views.report_download,
        {"fmt": "csv"},
        name="report_csv",
    ),
    path(
        "planes/<slug:slug>/consulta/informe.json",
        views.report_download,
        {"fmt": "json"},
        name="report_json",
    ),
    path(
        "planes/<slug:slug>/compromisos/<int:number>/consulta/",
        views.commitment_page,
        name="commitment",
    ),
    path(
        "planes/<slug:slug>/compromisos/<int:number>/consulta/comentar/",
        views.comment_on_commitment,
        name="comment_commitment",
    ),
    path("planes/<slug:slug>/compromisos/<int:number>/cambios/", views.changes, name="changes"),
    path("planes/<slug:slug>/compromisos/<int:number>/origen/", views.lineage, name="lineage"),
    path("planes/<slug:slug>/plan-de-accion/", views.published_plan, name="published_plan"),
    path("planes/<slug:slug>/plan-de-accion.pdf", views.plan_pdf, name="plan_pdf"),
    path("consulta/comentarios/<int:pk>/responder/", views.reply, name="reply"),
    path("consulta/comentarios/<int:pk>/reportar/", views.flag, name="flag"),
    path("consulta/comentario-enviado/", views.sent, name="sent"),
    path("consulta/confirmar/<slug:token>/", views.confirm, name="confirm"),
    # Staff
    path("gestion/consulta/", staff_views.overview, name="staff"),
    path("gestion/consulta/comentarios/", staff_views.queue, name="staff_queue"),
    path("gestion/consulta/comentarios/responder/", staff_views.bulk_respond, name="staff_bulk"),
    path("gestion/consulta/comentarios/<int:pk>/", staff_views.comment_page, name="staff_comment"),
    path(
        "gestion/consulta/comentarios/<int:pk>/moderar/",
        staff_views.moderate,
        name="staff_moderate",
    ),
    path(
        "gestion/consulta/planes/<int:pk>/respondida/",
        staff_views.mark_answered,
        name="staff_answered",
    ),
    path("gestion/consulta/compromisos/<int:pk>/texto/", staff_views.revise, name="staff_revise"),
]
