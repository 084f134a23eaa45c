"""The work tables' parts of pages other apps own (see core/panels.py)."""

from __future__ import annotations

from core import panels
from proposals.models import Status

from . import selectors
from .forms import AssignForm
from .models import TableAssignment

ASSIGNABLE = {Status.PUBLISHED, Status.ASSIGNED}


@panels.register("moderation", order=10, template="worktables/panels/moderation.html")
def assign_to_table(request, proposal) -> dict | None:
    if proposal.status not in ASSIGNABLE:
        return None
    current = TableAssignment.objects.filter(proposal=proposal).select_related("table").first()
    form = AssignForm(
        plan_id=proposal.plan_id,
        initial={"expected_status": proposal.status, "table": current and current.table_id},
    )
    return {"assign_form": form, "assignment": current}


@panels.register("plan", order=40, template="worktables/panels/plan.html")
def plan_sessions_and_tables(request, plan) -> dict | None:
    """The next sessions, the work tables and their published drafts."""
    panel = selectors.plan_panel(plan)
    return None if panel is None else {"panel": panel}
