"""Public pages core owns: the accessibility statement, the privacy page and
the portal's picture for sharing."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from . import retention, share_images
from .cache import public_page

# When the statement was last checked against the portal (update with it).
ACCESSIBILITY_REVIEWED = dt.date(2026, 12, 1)
# When the privacy page was last checked against what the forms ask for.
PRIVACY_REVIEWED = dt.date(2026, 12, 1)
# Law 21.719 (published 13 December 2024) takes full effect 24 months later.
LAW_21719_PUBLISHED = dt.date(2024, 12, 13)
LAW_21719_IN_FORCE = dt.date(2026, 12, 1)


@public_page
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html", {"reviewed": ACCESSIBILITY_REVIEWED})


@public_page
def privacy(request: HttpRequest) -> HttpResponse:
    """Every personal datum the portal keeps, who answers for it, for how long,
    and how to exercise one's rights: the figures come from the settings."""
    return render(
        request,
        "core/privacy.html",
        {
            "controller": {
                "name": settings.DATA_CONTROLLER_NAME,
                "email": settings.DATA_CONTROLLER_EMAIL,
                "address": settings.DATA_CONTROLLER_ADDRESS,
            },
            "retention": retention.in_words(),
            "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
            "draft_period": retention.in_words(settings.PROPOSAL_DRAFT_DAYS),
            "law_published": LAW_21719_PUBLISHED,
            "law_in_force": LAW_21719_IN_FORCE,
            "law_is_in_force": timezone.localdate() >= LAW_21719_IN_FORCE,
            "reviewed": PRIVACY_REVIEWED,
        },
    )


def share_image(request: HttpRequest) -> HttpResponse:
    """The picture of pages that have none of their own."""
    picture = share_images.png(
        _("Build Chile's Open Government action plan with us"),
        kicker=_("Open Government Chile"),
        subtitle=_("Propose, take part and follow every commitment."),
        footer="Mesa de Gobierno Abierto",
    )
    return share_images.response(picture)
