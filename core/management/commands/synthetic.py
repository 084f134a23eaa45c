from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from core import synthetic


class Command(BaseCommand):
    help = (
        "Add a labelled synthetic data set of any size (origin 'synthetic', titles "
        "starting with [Sintético]) for load tests, or delete it with --clear. "
        "Official and demonstration data are never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--clear",
            action="store_true",
            help="Delete the synthetic data first (only synthetic rows).",
        )
        parser.add_argument("--seed", type=int, default=0, help="Same seed, same data (default 0).")
        # Each app that makes synthetic data adds its own options (see plans/synthetic.py).
        for generator in synthetic.GENERATORS:
            generator.add_arguments(parser)

    def handle(self, *args, clear: bool, seed: int, **options):
        if clear:
            self._report("Deleted", synthetic.clear_all())
        started = time.perf_counter()
        created = synthetic.generate_all(options, seed)
        if any(created.values()):
            self._report("Created", created, time.perf_counter() - started)
        elif not clear:
            self.stdout.write("Nothing to do: say how much to create (e.g. --plans 5) or --clear.")

    def _report(self, verb: str, counts: dict[str, int], seconds: float | None = None) -> None:
        figures = ", ".join(f"{count} {name}" for name, count in counts.items())
        took = f" in {seconds:.1f} s" if seconds is not None else ""
        self.stdout.write(self.style.SUCCESS(f"{verb} synthetic data{took}: {figures}."))
