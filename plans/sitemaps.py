"""Sitemap sections for the official plans and their commitments. Only the
official record: demonstration and synthetic processes are never listed."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from .models import ActionPlan, Commitment, Origin


class PlanSitemap(Sitemap):
    # No lastmod: a plan records no date of change that would mean anything.
    def items(self) -> QuerySet[ActionPlan]:
        return ActionPlan.objects.filter(origin=Origin.OFFICIAL).only("slug").order_by("pk")


class CommitmentSitemap(Sitemap):
    def items(self) -> QuerySet[Commitment]:
        return (
            Commitment.objects.filter(plan__origin=Origin.OFFICIAL)
            .select_related("plan")
            .only("number", "plan__slug")
            .order_by("pk")
        )
