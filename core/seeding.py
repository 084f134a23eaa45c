"""The registry behind ``manage.py seed``: Chile's reference data and the
demonstration process, contributed by each app from its ``AppConfig.ready()``::

    seeding.register(seeding.Seeder("stages", reference=seed_calendar, demo=demo_calendar))

``reference()`` loads official data and must be idempotent (running the seed
again changes nothing). ``demo(today)`` (re)creates the app's share of the
labelled demonstration process around ``today``. Seeders run in registration
order, the order of INSTALLED_APPS, so each finds what the apps before it made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from . import cache


@dataclass(frozen=True)
class Seeder:
    name: str
    reference: Callable[[], None] | None = None
    demo: Callable[[dt.date], None] | None = None
    demo_after: tuple[str, ...] = ()  # seeders whose demo must run first


SEEDERS: list[Seeder] = []


def register(seeder: Seeder) -> None:
    for index, existing in enumerate(SEEDERS):
        if existing.name == seeder.name:
            SEEDERS[index] = seeder
            return
    SEEDERS.append(seeder)


@transaction.atomic
def seed_reference() -> None:
    for seeder in SEEDERS:
        if seeder.reference:
            seeder.reference()
    cache.bump()


@transaction.atomic
def seed_demo(today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    for seeder in demo_order():
        if seeder.demo:
            seeder.demo(today)
    cache.bump()


def demo_order() -> list[Seeder]:
    """The registration order, each seeder moved after those it names in
    ``demo_after`` (names no seeder has are ignored)."""
    names = {seeder.name for seeder in SEEDERS}
    ordered: list[Seeder] = []
    pending = list(SEEDERS)
    while pending:
        done = {seeder.name for seeder in ordered}
        ready = next(
            (s for s in pending if all(n in done or n not in names for n in s.demo_after)), None
        )
        if ready is None:
            raise ValueError(f"seeders wait for each other: {[s.name for s in pending]}")
        ordered.append(ready)
        pending.remove(ready)
    return ordered
