"""The consultation in the staff area: the navigation entry, and on the start
page how many comments await a response (core/staff_home.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import panels, staff_nav
from core.models import Origin

from .models import COUNTED, Comment

PERMISSION = "consultation.moderate_comment"

staff_nav.register(
    "consultation:staff",
    gettext_lazy("Public consultation"),
    order=35,
    permission=PERMISSION,
    icon="chat-left-text",
)


@panels.register("staff_home", order=35, template="core/staff/pending_item.html")
def comments_awaiting_response(request, obj) -> dict | None:
    if not request.user.has_perm(PERMISSION):
        return None
    count = (
        Comment.objects.filter(status__in=COUNTED, response__isnull=True)
        .exclude(origin=Origin.SYNTHETIC)
        .count()
    )
    return {
        "count": count,
        "label": ngettext("comment awaiting a response", "comments awaiting a response", count),
        "url": reverse("consultation:staff"),
        "link_label": _("Answer the consultation's comments"),
        "icon": "chat-left-text",
        "attention": False,
    }
