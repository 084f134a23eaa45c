"""How long personal data is kept: ``manage.py prune`` (and beat, daily) asks
every app to erase the personal data it no longer needs.

An app registers a pruner from its ``AppConfig.ready()``::

    retention.register(retention.Pruner("proposals", prune_closed_processes))

``prune(cutoff)`` erases personal data of records whose reason to keep it ended
before ``cutoff`` (now minus ``PERSONAL_DATA_RETENTION_DAYS``) and returns the
counts. It keeps the public record intact and must be idempotent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import cache

Summary = dict[str, int]


@dataclass(frozen=True)
class Pruner:
    name: str
    prune: Callable[[dt.datetime], Summary]


PRUNERS: list[Pruner] = []


def register(pruner: Pruner) -> None:
    for index, existing in enumerate(PRUNERS):
        if existing.name == pruner.name:
            PRUNERS[index] = pruner
            return
    PRUNERS.append(pruner)


def cutoff(now: dt.datetime | None = None) -> dt.datetime:
    now = now or timezone.now()
    return now - dt.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)


@transaction.atomic
def prune_all(now: dt.datetime | None = None) -> Summary:
    limit = cutoff(now)
    summary: Summary = {}
    for pruner in PRUNERS:
        summary.update(pruner.prune(limit))
    cache.bump()  # erased names leave public pages
    return summary
