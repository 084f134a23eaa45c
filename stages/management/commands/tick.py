from __future__ import annotations

from django.core.management.base import BaseCommand

from stages import engine


class Command(BaseCommand):
    help = (
        "Handle every calendar edge (stage opens, closes soon, closes) whose time "
        "has come. Celery beat does this every minute; this command does it now."
    )

    def handle(self, *args, **options):
        for event in engine.tick():
            self.stdout.write(f"{event} [{event.get_result_display()}]")
