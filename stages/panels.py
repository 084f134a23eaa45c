"""The calendar's parts of pages other apps own (see core/panels.py)."""

from __future__ import annotations

from core import panels

from . import selectors


@panels.register("home", order=10, template="stages/panels/home.html")
def home_process(request, _obj) -> dict:
    process = selectors.current_process()
    return {"process": process, "calendar": selectors.calendar(process) if process else []}


@panels.register("plan", order=50, template="stages/panels/plan.html")
def plan_calendar(request, plan) -> dict:
    return {"calendar": selectors.calendar(plan)}
