"""What the calendar engine does for the work tables: when a plan's results
stage opens, every table's drafts and minutes become public (stage 4)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stages.engine import on_edge
from stages.models import Edge, Stage, StageEvent, StageKind

from . import services


@on_edge(
    Edge.START,
    StageKind.RESULTS,
    label=_("Publish the work tables' commitment drafts and minutes"),
)
def publish_results(stage: Stage, event: StageEvent) -> str:
    """Idempotent: a table published early, or a second run, adds nothing."""
    result = services.publish_plan_results(stage.plan)
    return " ".join(
        [
            ngettext("%(count)d draft published.", "%(count)d drafts published.", result.drafts)
            % {"count": result.drafts},
            ngettext("%(count)d minutes published.", "%(count)d minutes published.", result.minutes)
            % {"count": result.minutes},
            ngettext(
                "%(count)d proposal integrated.",
                "%(count)d proposals integrated.",
                result.integrated,
            )
            % {"count": result.integrated},
        ]
    )
