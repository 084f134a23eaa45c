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
    path("inscripciones/<str:token>/", views.registration, name="registration"),
    path(
        "inscripciones/<str:token>/confirmar/",
        views.registration_confirm,
        name="registration_confirm",
    ),
    path(
        "inscripciones/<str:token>/cancelar/", views.registration_cancel, name="registration_cancel"
    ),
    path("mesas/<int:pk>/", views.table_detail, name="table"),
    path("borradores/<int:pk>/", views.draft_detail, name="draft"),
    path("actas/documentos/<int:pk>/", views.attachment, name="attachment"),
    path(
        "gestion/propuestas/<int:proposal_id>/mesa/",
        staff_views.assign,
        name="assign",
    ),
]
