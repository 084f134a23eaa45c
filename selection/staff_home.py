"""The selection in the staff area: the navigation entry, and on the start
page the drafts a member has still to score and those waiting for the Mesa's
decision."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import panels, staff_nav

from . import access, selectors

# Shown to every staff account: members of the Mesa need no permission to
# score (their seat says so); the page refuses anyone with neither.
staff_nav.register("selection:staff", gettext_lazy("Selection"), order=35, icon="list-check")


@panels.register("staff_home", order=35, template="core/staff/pending_item.html")
def drafts_to_assess(request, obj) -> dict | None:
    seat = access.seat(request.user)
    if seat is None or seat.is_observer:
        return None
    count, _decide = selectors.undecided_count(seat, decides=False)
    return {
        "count": count,
        "label": ngettext("draft to score", "drafts to score", count),
        "url": reverse("selection:staff"),
        "link_label": _("Score the commitment drafts"),
        "icon": "list-check",
    }


@panels.register("staff_home", order=36, template="core/staff/pending_item.html")
def drafts_to_decide(request, obj) -> dict | None:
    if not access.may_decide(request.user):
        return None
    _assess, count = selectors.undecided_count(None, decides=True)
    return {
        "count": count,
        "label": ngettext(
            "draft waiting for the Mesa's decision", "drafts waiting for the Mesa's decision", count
        ),
        "url": reverse("selection:staff"),
        "link_label": _("Record the Mesa's decisions"),
        "icon": "check2-circle",
    }
