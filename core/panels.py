"""Panels: how an app adds a piece to a page that another app owns, without the
page's app importing it (the dependency order runs one way: see
docs/ARCHITECTURE.md). The plans app's plan page, for instance, shows the
calendar (stages), the proposals received (proposals) and the work tables
(worktables), each registered by its own app::

    @panels.register("plan", order=20, template="proposals/panels/plan.html")
    def plan_proposals(request, plan):
        return {"counts": selectors.plan_counts(plan)}   # or None: nothing to show

and the page's template renders them all with ``{% panels "plan" plan %}``.
A panel's function runs a fixed number of queries, so the page's query count
does not grow with the data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PanelFunc = Callable[[Any, Any], dict | None]


@dataclass(frozen=True)
class Panel:
    slot: str
    order: int
    template: str
    func: PanelFunc


PANELS: dict[str, list[Panel]] = {}


def register(slot: str, *, order: int, template: str) -> Callable[[PanelFunc], PanelFunc]:
    def add(func: PanelFunc) -> PanelFunc:
        key = (func.__module__, func.__qualname__)
        panels = [
            p for p in PANELS.get(slot, []) if (p.func.__module__, p.func.__qualname__) != key
        ]
        panels.append(Panel(slot, order, template, func))
        PANELS[slot] = sorted(panels, key=lambda p: p.order)
        return func

    return add


def _key(func: PanelFunc) -> tuple[str, str]:
    return func.__module__, func.__qualname__


def collect(slot: str, request, obj) -> list[tuple[str, dict]]:
    """(template, context) of every panel of ``slot`` that has something to show."""
    shown = []
    for panel in PANELS.get(slot, []):
        context = panel.func(request, obj)
        if context is not None:
            shown.append((panel.template, context))
    return shown
