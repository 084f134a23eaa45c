"""Atom feeds (Django's syndication framework) of what the official record
gains: proposals as they are published, the work tables' results, plans as
they are published, and progress updates. The newest 50 of each, public
columns only."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import public
from core.models import Origin
from plans.models import ActionPlan
from proposals import selectors as proposal_selectors
from proposals.models import ProposalEvent, Status
from stages.models import Stage, StageKind
from tracking.models import ProgressUpdate
from worktables.models import Draft, Minutes

LATEST = 50


class _Feed(Feed):
    feed_type = Atom1Feed
    title_text = ""
    subtitle_text = ""

    def title(self) -> str:
        return str(self.title_text)

    def subtitle(self) -> str:
        return str(self.subtitle_text)

    def link(self) -> str:
        return reverse("opendata:index")

    def item_description(self, item) -> str:
        return Truncator(self.item_text(item)).chars(500)

    def item_text(self, item) -> str:
        return ""


class ProposalsFeed(_Feed):
    title_text = gettext_lazy("Published proposals")
    subtitle_text = gettext_lazy("Citizen proposals for commitments, as they are published.")

    def items(self):
        published = ProposalEvent.objects.filter(
            proposal=OuterRef("pk"), to_status=Status.PUBLISHED, is_public=True
        ).order_by("at")
        return (
            proposal_selectors.public_proposals()
            .annotate(published_at=Subquery(published.values("at")[:1]))
            .order_by("-published_at", "-id")[:LATEST]
        )

    def item_title(self, proposal) -> str:
        return f"{proposal.tracking_code} · {proposal.title}"

    def item_text(self, proposal) -> str:
        return proposal.problem

    def item_pubdate(self, proposal) -> dt.datetime:
        return proposal.published_at or proposal.created_at


class ResultsFeed(_Feed):
    title_text = gettext_lazy("Results of the work tables")
    subtitle_text = gettext_lazy("Commitment drafts and minutes, as they are published.")

    def items(self):
        drafts = public.only(
            Draft.objects.filter(
                published_at__isnull=False, table__plan__origin=Origin.OFFICIAL
            ).order_by("-published_at", "-id"),
            "table",
        )[:LATEST]
        minutes = public.only(
            Minutes.objects.filter(
                published_at__isnull=False, event__origin=Origin.OFFICIAL
            ).order_by("-published_at", "-id"),
            "event",
        )[:LATEST]
        items = [*drafts, *minutes]
        items.sort(key=lambda item: item.published_at, reverse=True)
        return items[:LATEST]

    def item_title(self, item) -> str:
        if isinstance(item, Draft):
            return _("Commitment draft: %(title)s") % {"title": item.title}
        return _("Minutes: %(title)s") % {"title": item.event.title}

    def item_link(self, item) -> str:
        return item.get_absolute_url() if isinstance(item, Draft) else item.event.get_absolute_url()

    def item_guid(self, item) -> str:
        return f"tag:gobiernoabierto,2020:{type(item).__name__.lower()}:{item.pk}"

    item_guid_is_permalink = False

    def item_text(self, item) -> str:
        return item.description if isinstance(item, Draft) else item.text

    def item_pubdate(self, item) -> dt.datetime:
        return item.published_at


class PlansFeed(_Feed):
    title_text = gettext_lazy("Published action plans")
    subtitle_text = gettext_lazy("Chile's national Open Government action plans, once published.")

    def items(self):
        publication = Stage.objects.filter(plan=OuterRef("pk"), kind=StageKind.PUBLICATION)
        return list(
            public.only(
                ActionPlan.objects.filter(origin=Origin.OFFICIAL).exclude(
                    status=ActionPlan.Status.COCREATION
                )
            )
            .annotate(published_at=Subquery(publication.values("starts_at")[:1]))
            .order_by("-start_year", "-id")[:LATEST]
        )

    def item_title(self, plan) -> str:
        return f"{plan.title} ({plan.period})"

    def item_text(self, plan) -> str:
        return plan.summary

    def item_pubdate(self, plan) -> dt.datetime:
        if plan.published_at:
            return plan.published_at
        return timezone.make_aware(dt.datetime(plan.start_year, 1, 1))


class ProgressFeed(_Feed):
    title_text = gettext_lazy("Progress updates")
    subtitle_text = gettext_lazy(
        "What the responsible institutions report on their commitments' milestones."
    )

    def items(self):
        return public.only(
            ProgressUpdate.objects.filter(is_public=True, origin=Origin.OFFICIAL).order_by(
                "-reported_at", "-id"
            ),
            "institution",
            "milestone",
            "milestone__commitment",
            "milestone__commitment__plan",
        )[:LATEST]

    def item_title(self, update) -> str:
        milestone = update.milestone
        return _("%(commitment)s · milestone %(number)s: %(status)s") % {
            "commitment": milestone.commitment.title,
            "number": milestone.number,
            "status": update.get_status_display(),
        }

    def item_link(self, update) -> str:
        return update.milestone.commitment.get_absolute_url()

    def item_guid(self, update) -> str:
        return f"tag:gobiernoabierto,2020:progress-update:{update.pk}"

    item_guid_is_permalink = False

    def item_text(self, update) -> str:
        text = f"{update.institution.name}: {update.note}"
        if update.is_disputed:
            text += " " + _("Disputed by the Forum: %(note)s") % {"note": update.dispute_note}
        return text

    def item_pubdate(self, update) -> dt.datetime:
        return update.reported_at


# (slug in the address, feed) in the order the open-data page lists them.
FEEDS = {
    "propuestas": ProposalsFeed,
    "resultados": ResultsFeed,
    "planes": PlansFeed,
    "avances": ProgressFeed,
}
