from __future__ import annotations

from django.urls import path

from . import feeds, staff_views, subscriptions, views

app_name = "plans"

urlpatterns = [
    path("", views.home, name="home"),
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
    path("planes/<slug:slug>/calendario.ics", feeds.plan_calendar_ics, name="plan_calendar_ics"),
    path(
        "planes/<slug:slug>/compromisos/<int:number>/",
        views.commitment_detail,
        name="commitment_detail",
    ),
    path("mesa-de-gobierno-abierto/", views.forum, name="forum"),
    path("gestion/calendario/", staff_views.calendar_engine, name="staff_calendar_engine"),
    path("gestion/correos/reintentar/", staff_views.retry_emails, name="staff_retry_emails"),
    path("avisos/", subscriptions.subscribe_view, name="subscribe"),
    path("avisos/enviado/", subscriptions.subscription_sent, name="subscription_sent"),
    path(
        "avisos/confirmar/<str:token>/",
        subscriptions.confirm_view,
        name="subscription_confirm",
    ),
    path("avisos/baja/<str:token>/", subscriptions.unsubscribe_view, name="unsubscribe"),
]
