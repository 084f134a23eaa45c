"""While a plan's awareness or work tables stage is open, the home page's
action is to register for a session, linking to the plan's sessions."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

from plans.models import ActionPlan

pytestmark = pytest.mark.django_db

SANTIAGO = zoneinfo.ZoneInfo("America/Santiago")


@pytest.mark.parametrize(
    ("moment", "offered"),
    [
        (dt.datetime(2020, 8, 5, 12, tzinfo=SANTIAGO), True),  # awareness sessions
        (dt.datetime(2020, 9, 15, 9, tzinfo=SANTIAGO), True),  # work tables
        (dt.datetime(2020, 10, 15, 9, tzinfo=SANTIAGO), False),  # results
    ],
)
def test_the_home_page_offers_to_register_while_sessions_run(client, seeded, moment, offered):
    fifth = ActionPlan.objects.get(number=5, origin="official")
    with time_machine.travel(moment, tick=False):
        page = client.get("/").content.decode()
    link = f'href="/planes/{fifth.slug}/jornadas/">Inscríbete en una sesión</a>'
    assert (link in page) == offered
