"""The sitemap section of published proposals of the official record."""

from __future__ import annotations

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet

from plans.models import Origin

from .models import PUBLIC_STATUSES, Proposal


class ProposalSitemap(Sitemap):
    def items(self) -> QuerySet[Proposal]:
        return (
            Proposal.objects.filter(status__in=PUBLIC_STATUSES, plan__origin=Origin.OFFICIAL)
            .only("pk", "status_changed_at")
            .order_by("pk")
        )

    def lastmod(self, item: Proposal) -> dt.datetime:
        return item.status_changed_at

    def get_latest_lastmod(self) -> dt.datetime | None:
        # Django's default computes lastmod for every item; one query will do.
        return self.items().aggregate(latest=Max("status_changed_at"))["latest"]
