from __future__ import annotations

from django.urls import path

from . import staff_views

app_name = "worktables"

urlpatterns = [
    path(
        "gestion/propuestas/<int:proposal_id>/mesa/",
        staff_views.assign,
        name="assign",
    ),
]
