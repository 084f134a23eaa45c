"""The closing notices say how many hours are left, as the setting says, in
words that agree with the number."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from core.mail import build_message
from core.models import OutboundEmail
from plans.models import ActionPlan, Forum
from stages import engine
from stages.models import StageKind, Subscription
from stages.services import subscribe
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db


def closing_emails(settings, hours: int) -> dict[str, tuple[str, str, str]]:
    """(subject, text, html) of each closing e-mail, by template."""
    settings.CALENDAR_CLOSING_NOTICE_HOURS = hours
    Subscription.objects.create(email="persona@example.cl", confirmed_at=timezone.now())
    member = Forum.objects.get().members.first()
    member.user = UserFactory(email="mesa@example.cl")
    member.save()
    selection = ActionPlan.objects.get(number=5, origin="official").stages.get(
        kind=StageKind.SELECTION
    )
    with time_machine.travel(selection.closing_soon_at + dt.timedelta(minutes=1), tick=False):
        engine.tick(timezone.now())
    emails = {}
    # The consultation closes the same day; its notice is the same template.
    rows = OutboundEmail.objects.filter(
        key__contains="closing:", context__stage_name="Selección de propuestas"
    )
    for row in rows:
        message = build_message(row)
        emails[row.template] = (message.subject, message.body, message.alternatives[0][0])
    return emails


@pytest.mark.parametrize(
    ("hours", "closes_in", "left"),
    [
        (48, "cierra en 48 horas", "Quedan 48 horas"),
        (24, "cierra en 24 horas", "Quedan 24 horas"),
        (1, "cierra en 1 hora", "Queda 1 hora"),
    ],
)
def test_the_closing_notice_says_the_hours_the_setting_gives(
    seeded, settings, hours, closes_in, left
):
    emails = closing_emails(settings, hours)
    subject, text, html = emails["stage_closing"]
    assert subject == f"{left}: Selección de propuestas"
    assert f"Esta etapa del Quinto Plan de Acción de Gobierno Abierto {closes_in}" in text
    assert f"{closes_in}: <strong>Selección de propuestas</strong>" in html
    assert "dos días" not in text + html + subject
    forum_subject = emails["forum_selection_closing"][0]
    assert forum_subject == f"Recordatorio para la Mesa: la selección de propuestas {closes_in}"


def test_the_subscription_says_the_hours_the_setting_gives(client, settings, db):
    settings.CALENDAR_CLOSING_NOTICE_HOURS = 24
    page = client.get("/avisos/").content.decode()
    assert "y otro 24 horas antes de que cierre" in page
    assert "Te escribiremos cuando se abra una etapa del plan de acción y 24 horas antes" in page
    assert "dos días" not in page

    subscribe("nueva@example.cl", "es-cl")
    message = build_message(OutboundEmail.objects.get(template="subscription_confirm"))
    assert "cuando se abre una etapa del plan de acción y 24 horas antes de que cierre" in (
        message.body
    )
    token = Subscription.objects.get().token
    confirmed = client.post(f"/avisos/confirmar/{token}/").content.decode()
    assert "Te escribiremos cuando se abra una etapa y 24 horas antes de que cierre" in confirmed
