"""The staff page of the calendar: what the engine did and will do, in words,
and the effects that failed, which staff can run again."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from core.permissions import staff_view

from . import engine, selectors
from .models import Edge, Stage

# What happened, or will happen, to a stage at each edge, in a sentence.
DONE = {
    Edge.START: gettext_lazy("The stage “%(stage)s” (%(plan)s) opened."),
    Edge.CLOSING_SOON: gettext_lazy("The stage “%(stage)s” (%(plan)s) was about to close."),
    Edge.END: gettext_lazy("The stage “%(stage)s” (%(plan)s) closed."),
}
AHEAD = {
    Edge.START: gettext_lazy("The stage “%(stage)s” (%(plan)s) opens."),
    Edge.END: gettext_lazy("The stage “%(stage)s” (%(plan)s) closes."),
}


def moment(stage: Stage, edge: str, *, past: bool) -> str:
    names = {"stage": stage.get_kind_display(), "plan": f"{stage.plan.title} {stage.plan.period}"}
    if past or edge != Edge.CLOSING_SOON:
        return str((DONE if past else AHEAD)[edge]) % names
    hours = settings.CALENDAR_CLOSING_NOTICE_HOURS
    return ngettext(
        "The stage “%(stage)s” (%(plan)s) closes in %(hours)d hour.",
        "The stage “%(stage)s” (%(plan)s) closes in %(hours)d hours.",
        hours,
    ) % {**names, "hours": hours}


@staff_view()
def calendar_page(request: HttpRequest) -> HttpResponse:
    events = list(selectors.recent_events())
    for event in events:
        event.sentence = moment(event.stage, event.edge, past=True)
        event.actions = [(engine.effect_label(run.effect), run) for run in event.runs.all()]
        event.earlier = engine.legacy_log(event.log)
    skipped = selectors.skipped_events()
    for event in skipped:
        event.sentence = moment(event.stage, event.edge, past=True)
    upcoming = [
        {
            "due": due,
            "sentence": moment(due.stage, due.edge, past=False),
            "actions": [str(effect.label) for effect in engine.effects_for(due.stage, due.edge)],
        }
        for due in engine.upcoming_edges(limit=15)
    ]
    return render(
        request,
        "stages/staff_calendar.html",
        {
            "events": events,
            "skipped": skipped,
            "upcoming": upcoming,
            "can_edit": request.user.has_perm("stages.change_stage"),
        },
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
