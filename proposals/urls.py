from __future__ import annotations

from django.urls import path

from . import staff_views, views

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
    path("planes/<slug:slug>/proponer/", views.submit, name="submit"),
    path("gestion/propuestas/", staff_views.queue, name="queue"),
    path("gestion/propuestas/lote/", staff_views.bulk, name="bulk"),
    path("gestion/propuestas/<int:pk>/", staff_views.moderate, name="moderate"),
]
