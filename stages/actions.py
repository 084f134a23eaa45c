"""What a person can do while each kind of stage is open: the button the home
page shows first ("what can I do now?"). One place to change when an app
builds the page where an action happens (registrations for the work tables,
comments on the draft plan): until then the action leads to the plan's page,
where the stage is explained.

Each URL name is reversed with the plan's slug; no app is imported, so the
calendar stays to the left of the apps that own those pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from plans.models import ActionPlan

from .models import StageKind

ACTIONS: dict[str, tuple[Promise, str]] = {
    StageKind.AWARENESS: (_("Register for a session"), "worktables:plan_events"),
    StageKind.RECEPTION: (_("Propose a commitment"), "proposals:submit"),
    StageKind.WORKTABLES: (_("Register for a session"), "worktables:plan_events"),
    StageKind.RESULTS: (_("See the work tables' results"), "plans:plan_detail"),
    StageKind.SELECTION: (_("Follow the selection"), "selection:report"),
    StageKind.CONSULTATION: (_("Comment on the draft plan"), "consultation:plan"),
    StageKind.PUBLICATION: (_("Read the action plan"), "consultation:published_plan"),
}


@dataclass(frozen=True)
class Action:
    label: str
    url: str


def action_for(kind: str, plan: ActionPlan) -> Action:
    label, url_name = ACTIONS[kind]
    return Action(label=str(label), url=reverse(url_name, args=[plan.slug]))
