"""What the calendar engine does to proposals at a stage's edges."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plans.notifications import notify_forum
from stages.effects import NOTIFIED_ORIGINS, not_notified, queued
from stages.engine import on_edge
from stages.models import Edge, Stage, StageEvent, StageKind

from .models import Proposal
from .selectors import status_counts


@on_edge(
    Edge.END,
    StageKind.RECEPTION,
    label=_("Send the Open Government Forum the number of proposals received"),
)
def send_reception_summary(stage: Stage, event: StageEvent) -> str:
    """When reception closes the form closes by itself (the view asks the
    engine); the forum's members get the numbers and a link to the queue."""
    if stage.plan.origin not in NOTIFIED_ORIGINS:
        return not_notified()
    counts = status_counts(Proposal.objects.filter(plan=stage.plan))
    context = {
        "plan_title": stage.plan.title,
        "received": sum(counts.values()),
        "pending": counts["received"],
        "queue_url": settings.SITE_URL + reverse("proposals:queue"),
    }
    return queued(notify_forum(f"reception-summary:{event.pk}", "reception_summary", context))
