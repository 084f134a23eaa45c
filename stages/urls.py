from __future__ import annotations

from django.urls import path

from . import feeds, staff_views, views

app_name = "stages"

urlpatterns = [
    path("", views.home, name="home"),
    path("planes/<slug:slug>/calendario.ics", feeds.plan_calendar_ics, name="plan_calendar_ics"),
    path("avisos/", views.subscribe_view, name="subscribe"),
    path("avisos/enviado/", views.subscription_sent, name="subscription_sent"),
    path("avisos/confirmar/<slug:token>/", views.confirm_view, name="subscription_confirm"),
    path("avisos/baja/<slug:token>/", views.unsubscribe_view, name="unsubscribe"),
    path("gestion/calendario/", staff_views.calendar_page, name="staff_calendar"),
    path(
        "gestion/calendario/reintentar/<int:run_id>/",
        staff_views.retry_effect,
        name="staff_retry_effect",
    ),
]
