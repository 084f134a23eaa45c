from __future__ import annotations

from django.core.management.base import BaseCommand

from core.models import Origin
from plans.commitment_io import commitments_for_export, iter_csv, iter_json
from plans.models import ActionPlan


class Command(BaseCommand):
    help = "Write the official plans' commitments to standard output as CSV or JSON."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--plan", type=int, help="Only this plan number.")

    def handle(self, *args, format: str, plan: int | None = None, **options):
        plans = ActionPlan.objects.filter(origin=Origin.OFFICIAL)
        if plan is not None:
            plans = plans.filter(number=plan)
        commitments = commitments_for_export(plans).iterator(chunk_size=500)
        chunks = iter_json(commitments) if format == "json" else iter_csv(commitments)
        for chunk in chunks:
            self.stdout.write(chunk, ending="")
