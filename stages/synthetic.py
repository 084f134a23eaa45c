"""Synthetic calendars: every synthetic plan gets the seven stages, early in its
first year (see core/synthetic.py)."""

from __future__ import annotations

import datetime as dt
import random
from argparse import ArgumentParser

from core.synthetic import Generator, Summary
from plans.models import ActionPlan, Origin

from .models import Stage, StageKind
from .services import stage_bounds

LABEL = "[Sintético]"
BATCH_SIZE = 2000

# When each stage runs, in days from the first one. A calendar starts between
# 1 March and 28 June and lasts 126 days, so it is over by 31 October, before
# the synthetic milestones start (plans/synthetic.py).
CALENDAR = [
    (StageKind.AWARENESS, 0, 30),
    (StageKind.RECEPTION, 10, 24),
    (StageKind.WORKTABLES, 31, 60),
    (StageKind.RESULTS, 61, 75),
    (StageKind.SELECTION, 76, 95),
    (StageKind.CONSULTATION, 96, 110),
    (StageKind.PUBLICATION, 111, 125),
]


def generate(seed: int) -> Summary:
    """A calendar for each synthetic plan that has none yet."""
    plans = ActionPlan.objects.filter(origin=Origin.SYNTHETIC, stages__isnull=True).order_by("slug")
    stages = []
    for plan in plans:
        rng = random.Random(f"{seed}:{plan.slug}")  # the same plan, the same calendar
        first = dt.date(plan.start_year, rng.randint(3, 6), rng.randint(1, 28))
        for kind, start, end in CALENDAR:
            bounds = stage_bounds(first + dt.timedelta(days=start), first + dt.timedelta(days=end))
            stages.append(
                Stage(plan=plan, kind=kind, description=f"{LABEL} Etapa de prueba.", **bounds)
            )
    return {"stages": len(Stage.objects.bulk_create(stages, batch_size=BATCH_SIZE))}


def clear() -> Summary:
    deleted, _ = Stage.objects.filter(plan__origin=Origin.SYNTHETIC).delete()
    return {"stages": deleted}


def _add_arguments(parser: ArgumentParser) -> None:
    pass  # every synthetic plan gets a calendar: nothing to choose


GENERATOR = Generator("stages", _add_arguments, lambda options, seed: generate(seed), clear)
