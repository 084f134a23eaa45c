"""The calendar in the staff area: its page in the staff navigation, and the
calendar actions that failed on the start page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import panels, staff_nav

from .models import EffectRun

staff_nav.register(
    "stages:staff_calendar", gettext_lazy("Process calendar"), order=40, icon="calendar3"
)


@panels.register("staff_home", order=40, template="core/staff/pending_item.html")
def failed_actions(request, obj) -> dict:
    count = EffectRun.objects.filter(status=EffectRun.Status.FAILED).count()
    return {
        "count": count,
        "label": ngettext("calendar action failed", "calendar actions failed", count),
        "url": reverse("stages:staff_calendar"),
        "link_label": _("See the calendar and run them again"),
        "icon": "exclamation-triangle-fill",
        "attention": True,
    }
