"""Public pages core owns: the accessibility statement and the portal's
picture for sharing."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import share_images
from .cache import public_page

# When the statement was last checked against the portal (update with it).
ACCESSIBILITY_REVIEWED = dt.date(2026, 12, 1)


@public_page
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html", {"reviewed": ACCESSIBILITY_REVIEWED})


def share_image(request: HttpRequest) -> HttpResponse:
    """The picture of pages that have none of their own."""
    picture = share_images.png(
        _("Build Chile's Open Government action plan with us"),
        kicker=_("Open Government Chile"),
        subtitle=_("Propose, take part and follow every commitment."),
        footer="Mesa de Gobierno Abierto",
    )
    return share_images.response(picture)
