"""Sessions and work tables in a real Chromium on a 360px phone: a person
registers for a session, confirms the e-mail, gets an invitation a real
iCalendar library reads in Chile's time zone, and cancels; the first person
waiting is promoted and told by e-mail. Every new public page passes axe-core
at a phone's width and a desktop's.

As tests/browser/conftest.py explains, the test thread writes the database
only before the browser opens. The e-mails the live server sends (the outbox
delivers them in-process, after each commit) land in Django's in-memory
``mail.outbox``, which the test reads without touching the database."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext
from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import VIEWPORTS, track_problems
from tests.browser.test_proposals import PASSWORD, assert_accessible, log_in

pytestmark = pytest.mark.browser

DEMO = "proceso-de-demostracion"
SANTIAGO = zoneinfo.ZoneInfo("America/Santiago")


def es(text: str) -> str:
    with translation.override("es-cl"):
        return gettext(text)


@dataclass(frozen=True)
class Sample:
    event_pk: int
    event_title: str
    starts_at: dt.datetime
    full_pk: int
    past_pk: int
    table_pk: int
    draft_pk: int
    pending_token: str
    waiting_token: str
    facilitator: str


@pytest.fixture
def sample(portal_url, settings) -> Sample:
    """Written before the browser opens: a session with one seat, and the ids
    of the demonstration's sessions, table and draft."""
    from django.contrib.auth.models import Permission
    from django.utils import timezone

    from plans.models import ActionPlan
    from tests.core.factories import UserFactory
    from tests.worktables.factories import EventFactory, RegistrationFactory
    from worktables.models import Draft, Event

    settings.SITE_URL = portal_url  # the links in the e-mails lead to the live server
    plan = ActionPlan.objects.get(slug=DEMO)
    day = timezone.localdate() + dt.timedelta(days=5)
    starts_at = dt.datetime.combine(day, dt.time(18, 30), tzinfo=SANTIAGO)
    event = EventFactory(
        plan=plan,
        title="Jornada de prueba: el último cupo",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),
        capacity=1,
        waiting_list_size=2,
    )
    other = EventFactory(plan=plan, title="Otra jornada")
    draft = Draft.objects.filter(table__plan=plan, published_at__isnull=False).first()
    awareness = Event.objects.filter(plan=plan, kind="awareness", table=None)
    return Sample(
        event_pk=event.pk,
        event_title=event.title,
        starts_at=starts_at,
        full_pk=awareness.get(capacity=3).pk,
        past_pk=awareness.filter(ends_at__lt=timezone.now()).get().pk,
        table_pk=draft.table_id,
        draft_pk=draft.pk,
        pending_token=RegistrationFactory(
            event=other, status="pending", confirmed_at=None, seat_at=None
        ).token,
        waiting_token=RegistrationFactory(event=other, status="waiting", seat_at=None).token,
        facilitator=_facilitator(UserFactory, Permission),
    )


def _facilitator(UserFactory, Permission) -> str:
    user = UserFactory(username="facilitadora-mga", is_staff=True, password=PASSWORD)
    user.user_permissions.add(Permission.objects.get(codename="run_worktables"))
    return user.username


@pytest.fixture
def pages(sample, open_page):
    return open_page


def sent_to(address: str, subject_start: str):
    """The last e-mail the portal sent to ``address`` whose subject starts so."""
    found = [m for m in mail.outbox if address in m.to and m.subject.startswith(subject_start)]
    assert found, [(m.to, m.subject) for m in mail.outbox]
    return found[-1]


def link_in(message, path_start: str) -> str:
    match = re.search(rf"https?://\S+{re.escape(path_start)}\S*", message.body)
    assert match, message.body
    return match.group(0)


def invitation(message) -> tuple[str, Calendar]:
    [part] = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    return part.get_param("method"), Calendar.from_ical(part.get_payload(decode=True))


def register(page: Page, name: str, email: str) -> None:
    page.get_by_label(es("Your name")).fill(name)
    page.get_by_label(es("Your e-mail")).fill(email)
    page.get_by_label(es("You take part as")).select_option("civil_society")
    page.get_by_label(es("Region where you live")).select_option("valparaiso")
    page.get_by_label(es("Do you need anything to take part? (optional)")).fill("Subtítulos")
    page.get_by_label(es("I agree that my personal data is used to organise this session.")).check()
    page.get_by_role("button", name=es("Register")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(es("Check your e-mail"))


def confirm(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name=es("Confirm my registration")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(es("Your registration"))


def test_a_person_registers_confirms_gets_the_invitation_and_cancels_and_the_next_is_promoted(
    pages, portal_url, sample
):
    camila = pages(PHONE)
    problems = track_problems(camila)

    # From the home page's action to the session, as a visitor finds it.
    camila.goto(portal_url + "/")
    camila.get_by_role("link", name=es("Register for a session")).first.click()
    expect(camila).to_have_url(f"{portal_url}/planes/{DEMO}/jornadas/")
    assert_accessible(camila, "the sessions", "phone", problems)
    camila.get_by_role("link", name=sample.event_title).click()
    expect(camila.locator("main")).to_contain_text("18:30")
    expect(camila.locator("main")).to_contain_text(es("(Chile time)"))
    assert_accessible(camila, "the session", "phone", problems)
    camila.get_by_role("link", name=es("Register"), exact=True).click()
    assert_accessible(camila, "the form", "phone", problems)
    register(camila, "Camila Rojas", "camila.rojas@example.org")
    assert_accessible(camila, "check your e-mail", "phone", problems)

    # The e-mail's link confirms; the seat's e-mail brings the invitation.
    asked = sent_to("camila.rojas@example.org", "Confirma tu inscripción")
    confirm(camila, link_in(asked, "/confirmar/"))
    expect(camila.get_by_role("status")).to_contain_text(
        es(
            "Done: your seat is confirmed. "
            "We sent you an e-mail with the invitation for your calendar."
        )
    )
    assert_accessible(camila, "a confirmed registration", "phone", problems)
    seat = sent_to("camila.rojas@example.org", "Tu cupo está confirmado")
    method, calendar = invitation(seat)
    assert method == "REQUEST"
    [entry] = calendar.walk("VEVENT")
    start = entry.decoded("DTSTART")
    assert str(start.tzinfo) == "America/Santiago"
    assert start == sample.starts_at
    assert (start.hour, start.minute) == (18, 30)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Santiago"]
    assert str(entry["SUMMARY"]) == sample.event_title

    # The session is full now: a second person joins the waiting list.
    ignacio = pages(PHONE)
    problems += track_problems(ignacio)
    ignacio.goto(f"{portal_url}/eventos/{sample.event_pk}/")
    ignacio.get_by_role("link", name=es("Join the waiting list")).click()
    register(ignacio, "Ignacio Fuentes", "ignacio.fuentes@example.org")
    confirm(ignacio, link_in(sent_to("ignacio.fuentes@example.org", "Confirma"), "/confirmar/"))
    expect(ignacio.get_by_role("status")).to_contain_text(
        es("Done: your e-mail is confirmed and you are on the waiting list.")
    )
    waiting_mail = sent_to("ignacio.fuentes@example.org", "Estás en la lista de espera")
    assert waiting_mail.attachments == []  # no seat, no invitation

    # Camila cancels from her e-mail's link, in one click on her page.
    camila.goto(link_in(seat, "/inscripciones/"))
    camila.get_by_role("button", name=es("Cancel my registration")).click()
    expect(camila.get_by_role("status")).to_contain_text(
        es(
            "Your registration is cancelled. "
            "Thank you for letting us know: your place goes to someone else."
        )
    )
    assert_accessible(camila, "a cancelled registration", "phone", problems)
    method, _calendar = invitation(sent_to("camila.rojas@example.org", "Tu inscripción se canceló"))
    assert method == "CANCEL"

    # Ignacio, first in line, has the seat and an e-mail with the invitation.
    promoted = sent_to("ignacio.fuentes@example.org", "Se liberó un cupo para ti")
    method, calendar = invitation(promoted)
    assert method == "REQUEST"
    assert calendar.walk("VEVENT")[0].decoded("DTSTART") == sample.starts_at
    ignacio.goto(link_in(promoted, "/inscripciones/"))
    expect(ignacio.locator(".registration-status")).to_have_text(es("Seat confirmed"))
    expect(ignacio.locator("main")).to_contain_text("reunion.example.org")
    assert not problems, problems


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_sessions_and_tables_page_has_no_axe_violations(
    pages, portal_url, sample, subtests, viewport
):
    page = pages(VIEWPORTS[viewport])
    problems = track_problems(page)

    def check(what: str, path: str | None = None, status: int = 200) -> None:
        with subtests.test(msg=f"{what} at {viewport} width"):
            problems.clear()
            if path is not None:
                response = page.goto(portal_url + path)
                assert response is not None
                assert response.status == status, f"{path}: {response.status}"
            assert_accessible(page, what, viewport, problems)

    check("the sessions of a plan", f"/planes/{DEMO}/jornadas/")
    check("the sessions of the 5th plan (none)", "/planes/plan-5-2020-2022/jornadas/")
    check("a session to come", f"/eventos/{sample.event_pk}/")
    check("a full session", f"/eventos/{sample.full_pk}/")
    check("a past session with its minutes", f"/eventos/{sample.past_pk}/")
    check("the registration form", f"/eventos/{sample.event_pk}/inscripcion/")
    page.get_by_role("button", name=es("Register")).click()
    expect(page.locator("#errores")).to_be_visible()
    check("the registration form with errors")
    check("the form of a full session", f"/eventos/{sample.full_pk}/inscripcion/")
    check("check your e-mail", f"/eventos/{sample.event_pk}/inscripcion/enviada/")
    check("the confirmation page", f"/inscripciones/{sample.pending_token}/confirmar/")
    check("a registration waiting", f"/inscripciones/{sample.waiting_token}/")
    check("a work table", f"/mesas/{sample.table_pk}/")
    check("a commitment draft", f"/borradores/{sample.draft_pk}/")
    check("a draft not yet published", "/borradores/999999/", 404)
    check("the demonstration plan with its tables", f"/planes/{DEMO}/")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_staff_pages_have_no_axe_violations(pages, portal_url, sample, subtests, viewport):
    page = pages(VIEWPORTS[viewport])
    problems = track_problems(page)
    log_in(page, portal_url, sample.facilitator, f"/gestion/mesas/?plan={DEMO}")
    for what, path in [
        ("the overview", f"/gestion/mesas/?plan={DEMO}"),
        ("a session and its attendees", f"/gestion/mesas/sesiones/{sample.full_pk}/"),
        ("changing a session", f"/gestion/mesas/sesiones/{sample.event_pk}/editar/"),
        ("the minutes", f"/gestion/mesas/sesiones/{sample.past_pk}/acta/"),
        ("a table", f"/gestion/mesas/{sample.table_pk}/"),
        ("a draft and its versions", f"/gestion/mesas/borradores/{sample.draft_pk}/"),
        ("a new session", f"/gestion/mesas/sesiones/nueva/?plan={DEMO}"),
        ("a new work table", f"/gestion/mesas/nueva/?plan={DEMO}"),
        ("changing a work table", f"/gestion/mesas/{sample.table_pk}/editar/"),
    ]:
        with subtests.test(msg=f"{what} at {viewport} width"):
            problems.clear()
            response = page.goto(portal_url + path)
            assert response is not None and response.status == 200, path
            assert_accessible(page, what, viewport, problems)
