"""The proposals' parts of pages other apps own (see core/panels.py): a plan's
numbers with a link to its proposals, and on a commitment's page the
proposals that led to it. One query each."""

from __future__ import annotations

from core import panels

from . import selectors


@panels.register("plan", order=20, template="proposals/panels/plan.html")
def plan_proposals(request, plan) -> dict:
    return {"figures": selectors.plan_figures(plan)}


@panels.register("commitment", order=10, template="proposals/panels/commitment.html")
def commitment_proposals(request, commitment) -> dict | None:
    sources = selectors.commitment_sources(commitment)
    return {"sources": sources} if sources else None
