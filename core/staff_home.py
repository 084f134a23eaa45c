"""Core's share of the staff area: its pages in the staff navigation, and the
failed e-mails on the start page (panels slot "staff_home", see
core/panels.py: each app adds what it has pending)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import panels, staff_nav
from .models import OutboundEmail

PENDING = "core/staff/pending_item.html"

staff_nav.register("core:staff_home", gettext_lazy("Start"), order=0, icon="house")
staff_nav.register(
    "core:outbox",
    gettext_lazy("E-mails"),
    order=60,
    permission="core.view_outboundemail",
    icon="envelope",
)
staff_nav.register("core:components", gettext_lazy("Components"), order=80, icon="grid-3x3-gap")
staff_nav.register("admin:index", gettext_lazy("Administration"), order=90, icon="pencil-square")


@panels.register("staff_home", order=60, template=PENDING)
def failed_emails(request, obj) -> dict | None:
    if not request.user.has_perm("core.view_outboundemail"):
        return None
    count = OutboundEmail.objects.filter(status=OutboundEmail.Status.FAILED).count()
    return {
        "count": count,
        "label": ngettext("e-mail failed", "e-mails failed", count),
        "url": reverse("core:outbox"),
        "link_label": _("See the e-mails and send them again"),
        "icon": "envelope-exclamation",
        "attention": True,
    }
