"""``{% reception_notice %}``: on every page about proposals, the way to the
form while a reception is open, and otherwise when it opens or that it closed.

It reads the same process as the home page (``stages.selectors.current_process``,
one query) and asks the calendar engine whether its reception is open, so the
notice and the form never disagree.
"""

from __future__ import annotations

from django import template

from stages import engine, selectors
from stages.models import StageKind

register = template.Library()


@register.inclusion_tag("proposals/includes/reception_notice.html")
def reception_notice() -> dict:
    process = selectors.current_process()
    calendar = selectors.calendar(process) if process is not None else []
    reception = next((item for item in calendar if item.stage.kind == StageKind.RECEPTION), None)
    return {
        "process": process,
        "reception": reception,
        "is_open": reception is not None and engine.is_open(process, StageKind.RECEPTION),
    }
