"""What the calendar engine does to proposals at a stage's edges."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from ogp_portal.mail import Email, queue_many
from plans.effects import NOTIFIED_ORIGINS, forum_member_emails
from plans.engine import on_edge
from plans.models import Edge, Stage, StageEvent, StageKind

from .models import Proposal
from .selectors import status_counts


@on_edge(Edge.END, StageKind.RECEPTION)
def send_reception_summary(stage: Stage, event: StageEvent) -> str:
    """When reception closes the form closes by itself (the view asks the
    engine); the forum's members get the numbers and a link to the queue."""
    if stage.plan.origin not in NOTIFIED_ORIGINS:
        return "no e-mails: not an official or demonstration plan"
    counts = status_counts(Proposal.objects.filter(plan=stage.plan))
    context = {
        "plan_title": stage.plan.title,
        "received": sum(counts.values()),
        "pending": counts["received"],
        "queue_url": settings.SITE_URL + reverse("proposals:queue"),
    }
    count = queue_many(
        Email(
            key=f"reception-summary:{event.pk}:user-{user_id}",
            to=email,
            template="reception_summary",
            context=context,
            language=settings.LANGUAGE_CODE,
        )
        for user_id, email in forum_member_emails()
    )
    return f"queued {count} e-mails ({context['received']} proposals received)"
