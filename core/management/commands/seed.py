from __future__ import annotations

from django.core.management.base import BaseCommand

from core import seeding


class Command(BaseCommand):
    help = (
        "Load Chile's reference data (plans 1-5, the 2020 calendar, the Mesa de "
        "Gobierno Abierto). Safe to run again: it changes nothing the second time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Also create the demonstration process, with its calendar shifted to today.",
        )

    def handle(self, *args, demo: bool = False, **options):
        seeding.seed_reference()
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
        if demo:
            seeding.seed_demo()
            self.stdout.write(self.style.SUCCESS("Demonstration process ready."))
