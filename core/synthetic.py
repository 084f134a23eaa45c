"""The registry behind ``manage.py synthetic``: a clearly labelled data set of
any size, for load tests, benchmarks and trying the pages with realistic volumes.

Each app adds its share by registering a ``Generator`` from its
``AppConfig.ready()``::

    from core import synthetic

    def add_arguments(parser):
        parser.add_argument("--proposals", type=int, default=0, help="Per synthetic plan.")

    def generate(options, seed):
        rng = random.Random(seed)  # your own generator: others do not shift your data
        ...  # attach rows to ActionPlan.objects.filter(origin=Origin.SYNTHETIC) only
        return {"proposals": created}

    def clear():
        deleted, _ = Proposal.objects.filter(plan__origin=Origin.SYNTHETIC).delete()
        return {"proposals": deleted}

    synthetic.register(synthetic.Generator("proposals", add_arguments, generate, clear))

Generators run in registration order, which is the order of INSTALLED_APPS
(plans first, so later ones find the synthetic plans), and clear in reverse
order (rows that point at plans go before the plans). A generator asked for
nothing (its counts are zero) does nothing. Everything made is marked
``Origin.SYNTHETIC`` and never mixes with the official record.
"""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from . import cache

Summary = dict[str, int]


@dataclass(frozen=True)
class Generator:
    name: str
    add_arguments: Callable[[ArgumentParser], None]
    generate: Callable[[dict, int], Summary]  # (command options, seed) -> counts
    clear: Callable[[], Summary]  # -> counts deleted


GENERATORS: list[Generator] = []


def register(generator: Generator) -> None:
    """Add a generator; registering the same name again replaces it in place."""
    for index, existing in enumerate(GENERATORS):
        if existing.name == generator.name:
            GENERATORS[index] = generator
            return
    GENERATORS.append(generator)


@transaction.atomic
def generate_all(options: dict, seed: int = 0) -> Summary:
    summary: Summary = {}
    for generator in GENERATORS:
        summary.update(generator.generate(options, seed))
    cache.bump()  # bulk inserts send no signals
    return summary


@transaction.atomic
def clear_all() -> Summary:
    summary: Summary = {}
    for generator in reversed(GENERATORS):
        summary.update(generator.clear())
    cache.bump()
    return summary
