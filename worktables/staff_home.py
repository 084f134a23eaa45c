"""Sessions and work tables in the staff area: the navigation entry, and the
sessions of this week on the start page."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import panels, staff_nav

from .models import Event

PERMISSION = "worktables.run_worktables"

staff_nav.register(
    "worktables:staff",
    gettext_lazy("Sessions and work tables"),
    order=30,
    permission=PERMISSION,
    icon="people",
)


@panels.register("staff_home", order=30, template="core/staff/pending_item.html")
def sessions_this_week(request, obj) -> dict | None:
    if not request.user.has_perm(PERMISSION):
        return None
    now = timezone.now()
    count = Event.objects.filter(
        starts_at__gte=now, starts_at__lt=now + dt.timedelta(days=7)
    ).count()
    return {
        "count": count,
        "label": ngettext(
            "session in the next seven days", "sessions in the next seven days", count
        ),
        "url": reverse("worktables:staff"),
        "link_label": _("Open the sessions and work tables"),
        "icon": "calendar-event",
    }
