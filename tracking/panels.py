"""The follow-up's parts of pages other apps own (see core/panels.py): the
progress timeline on a commitment's page, and a link to the plan's dashboard
on the plan's page."""

from __future__ import annotations

from django.utils import timezone

from core import panels

from . import selectors


@panels.register("commitment", order=30, template="tracking/panels/commitment.html")
def commitment_progress(request, commitment) -> dict:
    return selectors.timeline(commitment, timezone.localdate())


@panels.register("plan", order=30, template="tracking/panels/plan.html")
def plan_progress(request, plan) -> dict | None:
    if not getattr(plan, "loaded_commitments", True):
        return None  # nothing to follow yet
    return {}
