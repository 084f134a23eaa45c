"""Proposals in the staff area: the moderation queue in the staff navigation,
and the proposals waiting for a decision on the start page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import panels, staff_nav

from .models import Proposal, Status

PERMISSION = "proposals.moderate_proposal"

staff_nav.register(
    "proposals:queue",
    gettext_lazy("Moderation"),
    order=20,
    permission=PERMISSION,
    icon="list-check",
)


@panels.register("staff_home", order=20, template="core/staff/pending_item.html")
def to_moderate(request, obj) -> dict | None:
    if not request.user.has_perm(PERMISSION):
        return None
    count = Proposal.objects.filter(status=Status.RECEIVED).count()
    return {
        "count": count,
        "label": ngettext("proposal to moderate", "proposals to moderate", count),
        "url": reverse("proposals:queue") + f"?estado={Status.RECEIVED.value}",
        "link_label": _("Open the moderation queue"),
        "icon": "inbox",
    }
