from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from core import retention


class Command(BaseCommand):
    help = (
        "Erase personal data kept longer than PERSONAL_DATA_RETENTION_DAYS: sent "
        "e-mails' addresses, expired subscriptions, and the proposers' details of "
        "closed processes. The public record stays. Beat runs it daily."
    )

    def handle(self, *args, **options):
        summary = retention.prune_all()
        figures = ", ".join(f"{count} {name}" for name, count in summary.items())
        days = settings.PERSONAL_DATA_RETENTION_DAYS
        self.stdout.write(self.style.SUCCESS(f"Pruned data older than {days} days: {figures}."))
