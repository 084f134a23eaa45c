from __future__ import annotations

import datetime as dt

import factory

from stages.models import Stage, StageKind
from tests.plans.factories import ActionPlanFactory


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stage

    plan = factory.SubFactory(ActionPlanFactory)
    kind = StageKind.RECEPTION
    starts_at = dt.datetime(2030, 8, 10, 4, 0, tzinfo=dt.UTC)
    ends_at = dt.datetime(2030, 8, 25, 4, 0, tzinfo=dt.UTC)
