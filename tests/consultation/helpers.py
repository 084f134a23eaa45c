from __future__ import annotations

import re
import time

from django.core import signing

from consultation.forms import FORM_STAMP_SALT


def started(seconds_ago: float = 60) -> str:
    return signing.dumps(time.time() - seconds_ago, salt=FORM_STAMP_SALT)


def comment_data(**overrides) -> dict:
    return {
        "section": "whole",
        "stance": "improve",
        "text": "Propongo publicar los datos cada mes.",
        "name": "Rosa Pérez",
        "sector": "civil_society",
        "region": "valparaiso",
        "email": "rosa@example.org",
        "consent": "on",
        "website": "",
        "started": started(),
        **overrides,
    }


def confirm_link(address: str) -> str:
    """The path of the confirmation link in the last e-mail queued for
    ``address`` (the outbox's row: delivery happens after commit)."""
    from core.models import OutboundEmail

    email = OutboundEmail.objects.filter(to=address, template="comment_confirm").latest("pk")
    match = re.search(
        r"https?://[^/\s]+(/\S*consulta/confirmar/\S+/)", email.context["confirm_url"]
    )
    assert match, email.context
    return match.group(1)
