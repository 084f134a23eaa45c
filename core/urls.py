from __future__ import annotations

from django.urls import path

from . import staff_views, views

app_name = "core"

urlpatterns = [
    path("accesibilidad/", views.accessibility, name="accessibility"),
    path("privacidad/", views.privacy, name="privacy"),
    path("compartir/portal.png", views.share_image, name="share_image"),
    path("gestion/", staff_views.staff_home, name="staff_home"),
    path("gestion/componentes/", staff_views.components, name="components"),
    path("gestion/correos/", staff_views.outbox, name="outbox"),
    path("gestion/correos/reintentar/", staff_views.retry_emails, name="retry_emails"),
]
