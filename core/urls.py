from __future__ import annotations

from django.urls import path

from . import staff_views

app_name = "core"

urlpatterns = [
    path("gestion/correos/", staff_views.outbox, name="outbox"),
    path("gestion/correos/reintentar/", staff_views.retry_emails, name="retry_emails"),
]
