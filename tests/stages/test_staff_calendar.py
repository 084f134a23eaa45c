from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

from stages import engine
from tests.core.factories import UserFactory
from tests.helpers import create_demo_process

pytestmark = pytest.mark.django_db
URL = "/gestion/calendario/"


def test_staff_see_what_the_engine_did_and_will_do(staff_client, seeded):
    create_demo_process()
    engine.tick()
    page = staff_client.get(URL).content.decode()
    assert "Recepción de propuestas" in page
    assert "Omitido por ser demasiado antiguo" in page  # the 2020 edges
    assert "Proceso de demostración" in page  # upcoming edges of the demo


def test_the_engine_page_is_closed_to_the_public(client, seeded):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_engine_page_is_closed_to_people_who_are_not_staff(client, seeded):
    client.force_login(UserFactory(is_staff=False))
    assert client.get(URL).status_code == 403


def test_the_engine_page_keeps_the_same_query_count_as_events_grow(
    staff_client, seeded, django_assert_max_num_queries
):
    santiago = zoneinfo.ZoneInfo("America/Santiago")
    with time_machine.travel(dt.datetime(2020, 8, 11, tzinfo=santiago), tick=False):
        engine.tick()
    with django_assert_max_num_queries(8):
        staff_client.get(URL)
    engine.tick()
    with django_assert_max_num_queries(8):
        staff_client.get(URL)
