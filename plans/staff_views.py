"""The staff side of the plans app: what the calendar engine did and will do."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import engine
from .models import StageEvent


@staff_member_required
def calendar_engine(request: HttpRequest) -> HttpResponse:
    events = StageEvent.objects.select_related("stage__plan").order_by("-fired_at", "-id")[:50]
    return render(
        request,
        "plans/staff/calendar_engine.html",
        {"events": events, "upcoming": engine.upcoming_edges(limit=15)},
    )
