"""The selection's parts of pages other apps own (see core/panels.py): the
SMART check (and, once the report is public, the decision) on a draft's
public page, and a link to the selection report on the plan's page."""

from __future__ import annotations

from core import panels

from . import selectors, smart


@panels.register("draft", order=10, template="selection/panels/draft.html")
def smart_check(request, draft) -> dict:
    """No query for the check (the page loaded the milestones and the plan);
    one for the decision."""
    plan = draft.table.plan
    return {
        "findings": smart.check(draft, plan),
        "decision": selectors.draft_panel(draft),
        "plan": plan,
    }


@panels.register("plan", order=50, template="selection/panels/plan.html")
def selection_report(request, plan) -> dict | None:
    selection = selectors.plan_panel(plan)
    return None if selection is None else {"selection": selection}
