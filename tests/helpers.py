"""Small helpers the tests of several apps share."""

from __future__ import annotations

import datetime as dt

from core import seeding
from plans.models import ActionPlan
from plans.services import demo_plan


def create_demo_process(today: dt.date | None = None) -> ActionPlan:
    """The demonstration process, as `manage.py seed --demo` makes it."""
    seeding.seed_demo(today)
    return demo_plan()


def show_thanks_for(client, tracking_code: str) -> None:
    """What a submission leaves in the browser for the thanks page."""
    from django.core import signing

    from proposals.views import THANKS_COOKIE, THANKS_SALT

    signer = signing.get_cookie_signer(salt=THANKS_COOKIE + THANKS_SALT)
    client.cookies[THANKS_COOKIE] = signer.sign(tracking_code)
