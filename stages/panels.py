"""The calendar's parts of pages other apps own (see core/panels.py)."""

from __future__ import annotations

from core import panels

from . import selectors


@panels.register("plan", order=50, template="stages/panels/plan.html")
def plan_calendar(request, plan) -> dict:
    calendar = selectors.calendar(plan)
    return {"calendar": calendar, "ahead": any(step.state != "past" for step in calendar)}
