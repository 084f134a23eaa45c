"""Sitemap sections for the sessions, the work tables and their published
drafts of the official record. A draft is listed only once its table's results
are public; demonstration and synthetic processes are never listed."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from plans.models import Origin

from .models import Draft, Event, WorkTable


class EventSitemap(Sitemap):
    def items(self) -> QuerySet[Event]:
        return Event.objects.filter(origin=Origin.OFFICIAL).only("pk").order_by("pk")


class WorkTableSitemap(Sitemap):
    def items(self) -> QuerySet[WorkTable]:
        return WorkTable.objects.filter(plan__origin=Origin.OFFICIAL).only("pk").order_by("pk")


class DraftSitemap(Sitemap):
    def items(self) -> QuerySet[Draft]:
        return (
            Draft.objects.filter(published_at__isnull=False, table__plan__origin=Origin.OFFICIAL)
            .only("pk")
            .order_by("pk")
        )
