from __future__ import annotations

from django.urls import path

from . import staff_views, views

app_name = "worktables"

urlpatterns = [
    path("planes/<slug:slug>/jornadas/", views.plan_events, name="plan_events"),
    path("eventos/<int:pk>/", views.event_detail, name="event"),
    path("eventos/<int:pk>/inscripcion/", views.register, name="register"),
    path(
        "eventos/<int:pk>/inscripcion/enviada/", views.registration_sent, name="registration_sent"
    ),
    path("inscripciones/<slug:token>/", views.registration, name="registration"),
    path(
        "inscripciones/<slug:token>/confirmar/",
        views.registration_confirm,
        name="registration_confirm",
    ),
    path(
        "inscripciones/<slug:token>/cancelar/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path("mesas/<int:pk>/", views.table_detail, name="table"),
    path("borradores/<int:pk>/", views.draft_detail, name="draft"),
    path("actas/documentos/<int:pk>/", views.attachment, name="attachment"),
    path(
        "gestion/propuestas/<int:proposal_id>/mesa/",
        staff_views.assign,
        name="assign",
    ),
    path("gestion/mesas/", staff_views.overview, name="staff"),
    path("gestion/mesas/sesiones/nueva/", staff_views.event_create, name="staff_event_create"),
    path("gestion/mesas/sesiones/<int:pk>/", staff_views.event_page, name="staff_event"),
    path(
        "gestion/mesas/sesiones/<int:pk>/editar/", staff_views.event_edit, name="staff_event_edit"
    ),
    path(
        "gestion/mesas/sesiones/<int:pk>/cancelar/",
        staff_views.event_cancel,
        name="staff_event_cancel",
    ),
    path(
        "gestion/mesas/sesiones/<int:pk>/inscritos.csv",
        staff_views.attendees_csv,
        name="staff_attendees_csv",
    ),
    path("gestion/mesas/sesiones/<int:pk>/acta/", staff_views.minutes_edit, name="staff_minutes"),
    path(
        "gestion/mesas/sesiones/<int:pk>/acta/publicar/",
        staff_views.minutes_publish,
        name="staff_minutes_publish",
    ),
    path("gestion/mesas/nueva/", staff_views.table_create, name="staff_table_create"),
    path("gestion/mesas/<int:pk>/", staff_views.table_page, name="staff_table"),
    path("gestion/mesas/<int:pk>/editar/", staff_views.table_edit, name="staff_table_edit"),
    path("gestion/mesas/<int:pk>/apartar/", staff_views.set_aside, name="staff_set_aside"),
    path("gestion/mesas/<int:pk>/publicar/", staff_views.publish, name="staff_publish"),
    path(
        "gestion/mesas/<int:pk>/borradores/nuevo/",
        staff_views.draft_create,
        name="staff_draft_create",
    ),
    path("gestion/mesas/borradores/<int:pk>/", staff_views.draft_edit, name="staff_draft"),
]
