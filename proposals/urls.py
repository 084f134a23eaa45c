from __future__ import annotations

from django.urls import path

from . import staff_views, step_views, views

app_name = "proposals"

urlpatterns = [
    path("propuestas/", views.proposal_list, name="list"),
    path("propuestas/nueva/", views.start, name="start"),
    path("propuestas/gracias/", views.thanks, name="thanks"),
    path("propuestas/seguimiento/", views.track, name="track"),
    path("propuestas/seguimiento/<str:code>/", views.track_code, name="track_code"),
    path("propuestas/privacidad/", views.privacy, name="privacy"),
    path("propuestas/privacidad/borrar/", views.erase, name="erase"),
    path("propuestas/propuestas.csv", views.download, {"fmt": "csv"}, name="download_csv"),
    path("propuestas/propuestas.json", views.download, {"fmt": "json"}, name="download_json"),
    path("propuestas/<int:pk>/", views.proposal_detail, name="detail"),
    # The form: in steps (a draft behind a token), or on one page (?un_paso=1).
    path("planes/<slug:slug>/proponer/", step_views.entry, name="submit"),
    path("planes/<slug:slug>/proponer/paso-1/", step_views.begin, name="draft_begin"),
    path(
        "planes/<slug:slug>/proponer/borrador/<slug:token>/",
        step_views.resume,
        name="draft_resume",
    ),
    path(
        "planes/<slug:slug>/proponer/borrador/<slug:token>/paso-<int:number>/",
        step_views.step_page,
        name="draft_step",
    ),
    path(
        "planes/<slug:slug>/proponer/borrador/<slug:token>/revisar/",
        step_views.review,
        name="draft_review",
    ),
    path(
        "planes/<slug:slug>/proponer/borrador/<slug:token>/guardar/",
        step_views.save_link,
        name="draft_save_link",
    ),
    path("gestion/propuestas/", staff_views.queue, name="queue"),
    path("gestion/propuestas/lote/", staff_views.bulk, name="bulk"),
    path("gestion/propuestas/<int:pk>/", staff_views.moderate, name="moderate"),
]
