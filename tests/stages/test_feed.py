from __future__ import annotations

import pytest
from icalendar import Calendar

from plans.models import ActionPlan
from tests.helpers import create_demo_process

pytestmark = pytest.mark.django_db


def test_the_ics_feed_parses_and_matches_the_stages(client, seeded):
    plan = ActionPlan.objects.get(number=5, origin="official")
    response = client.get("/planes/plan-5-2020-2022/calendario.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    stages = list(plan.stages.all())
    assert len(events) == len(stages) == 7
    for stage in stages:
        event = events[f"stage-{stage.pk}@testserver"]
        assert event.decoded("dtstart") == stage.starts_at
        assert event.decoded("dtend") == stage.ends_at
        assert stage.get_kind_display() in str(event["summary"])


def test_the_ics_feed_names_stages_in_spanish(client, seeded):
    content = client.get("/planes/plan-5-2020-2022/calendario.ics").content.decode()
    assert "Recepción de propuestas" in Calendar.from_ical(content).walk("VEVENT")[1]["summary"]


def test_the_plan_page_links_to_its_feed_while_its_calendar_has_something_ahead(client, seeded):
    demo = create_demo_process()
    page = client.get(f"/planes/{demo.slug}/").content.decode()
    assert f"/planes/{demo.slug}/calendario.ics" in page


def test_no_feed_is_offered_for_a_calendar_that_is_over_or_missing(client, seeded):
    # The 5th plan's calendar ended in 2020: nothing a calendar app could use.
    assert "calendario.ics" not in client.get("/planes/plan-5-2020-2022/").content.decode()
    # The 1st plan has no calendar at all: no link, and no empty feed either.
    assert "calendario.ics" not in client.get("/planes/plan-1-2012-2013/").content.decode()
    assert client.get("/planes/plan-1-2012-2013/calendario.ics").status_code == 404


def test_an_unknown_plan_has_no_feed(client, seeded):
    assert client.get("/planes/nada/calendario.ics").status_code == 404
