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
from django.utils.translation import ngettext

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


def in_words(days: int | None = None) -> str:
    """A number of days as people say it ("1 year", "6 months", "45 days");
    the retention period when none is given, for the pages and forms that
    promise it."""
    days = settings.PERSONAL_DATA_RETENTION_DAYS if days is None else days
    if days >= 365 and days % 365 == 0:
        count = days // 365
        return ngettext("%(count)d year", "%(count)d years", count) % {"count": count}
    if days >= 30 and days % 30 == 0:
        count = days // 30
        return ngettext("%(count)d month", "%(count)d months", count) % {"count": count}
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
