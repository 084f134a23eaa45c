"""The staff page of the calendar: what the engine did and will do, and the
effects that failed, which staff can run again."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import staff_view

from . import engine, selectors


@staff_view()
def calendar_page(request: HttpRequest) -> HttpResponse:
    events = list(selectors.recent_events())
    for event in events:
        for run in event.runs.all():
            run.label = engine.effect_label(run.effect)
    return render(
        request,
        "stages/staff_calendar.html",
        {"events": events, "upcoming": engine.upcoming_edges(limit=15)},
    )


@staff_view("stages.change_stage")
@require_POST
def retry_effect(request: HttpRequest, run_id: int) -> HttpResponse:
    try:
        run = engine.retry(run_id, request.user)
    except engine.CannotRetry:
        messages.warning(request, _("That action is not pending any more."))
    else:
        if run.status == run.Status.DONE:
            messages.success(request, _("Done: the action ran again without errors."))
        else:
            messages.error(request, _("It failed again: %(error)s") % {"error": run.outcome})
    return redirect("stages:staff_calendar")
