"""The forum's record in the staff area: the navigation entry, and on the
start page a warning when the forum has not met in six months (OGP minimum
requirement 1.1)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import panels, staff_nav

from . import selectors

PERMISSION = "plans.keep_forum_record"

staff_nav.register(
    "plans:staff_forum",
    gettext_lazy("Open Government Forum"),
    order=50,
    permission=PERMISSION,
    icon="people",
)


@panels.register("staff_home", order=50, template="core/staff/pending_item.html")
def forum_overdue(request, obj) -> dict | None:
    """Shown only when the forum is overdue for a meeting. One query."""
    if not request.user.has_perm(PERMISSION):
        return None
    today = timezone.localdate()
    last = selectors.last_meeting_date()
    if not selectors.last_meeting_overdue(last, today):
        return None
    months = 0 if last is None else (today.year - last.year) * 12 + today.month - last.month
    return {
        "count": months,
        "label": ngettext(
            "month since the forum last met", "months since the forum last met", months
        )
        if last
        else _("meetings of the forum on record"),
        "url": reverse("plans:staff_forum"),
        "link_label": _("Record the forum's meetings"),
        "icon": "calendar-event",
        "attention": True,
    }
