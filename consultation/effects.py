"""What the calendar engine does for stages 6 and 7: freeze the draft plan's
text when the consultation opens, and publish the plan when its publication
stage opens. Both are idempotent: staff may run them again."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stages.engine import on_edge
from stages.models import Edge, Stage, StageEvent, StageKind

from . import services


@on_edge(
    Edge.START,
    StageKind.CONSULTATION,
    label=gettext_lazy("Keep the draft plan's text as put to consultation"),
)
def freeze_draft(stage: Stage, event: StageEvent) -> str:
    frozen = services.open_consultation(stage.plan)
    return _("Commitments whose text was kept: %(count)d.") % {"count": frozen}


@on_edge(Edge.START, StageKind.PUBLICATION, label=gettext_lazy("Publish the action plan"))
def publish_plan(stage: Stage, event: StageEvent) -> str:
    if services.publish(stage.plan, event) is None:
        return _("The plan was already published.")
    return _("The plan is published.")
