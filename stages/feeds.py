"""The co-creation calendar as iCalendar, for calendar apps to subscribe to."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from core.cache import public_page

from . import selectors


@public_page
def plan_calendar_ics(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.plan_with_stages(slug)
    if not plan.stages.all():
        raise Http404  # a plan without a calendar has nothing to subscribe to
    calendar = Calendar()
    calendar.add("prodid", "-//Gobierno Abierto Chile//Portal//ES")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{plan.title} {plan.period}")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    page = request.build_absolute_uri(plan.get_absolute_url())
    host = request.get_host().split(":")[0]
    for stage in plan.stages.all():
        event = Event()
        event.add("uid", f"stage-{stage.pk}@{host}")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", stage.starts_at)
        event.add("dtend", stage.ends_at)
        event.add("summary", f"{stage.get_kind_display()} · {plan.title}")
        if stage.description:
            event.add("description", stage.description)
        event.add("url", page)
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="calendario-{plan.slug}.ics"'
    return response
