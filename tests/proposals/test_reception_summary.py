from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from plans.models import Forum, ForumMember
from stages import engine
from stages.models import StageKind
from tests.core.factories import UserFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def test_when_reception_closes_the_forum_gets_the_numbers_once(
    demo, django_capture_on_commit_callbacks
):
    member = ForumMember.objects.filter(forum=Forum.objects.get()).first()
    member.user = UserFactory(email="mesa@example.org")
    member.save()
    ProposalFactory.create_batch(3, plan=demo)
    ProposalFactory(plan=demo, status="published")
    reception = demo.stages.get(kind=StageKind.RECEPTION)
    with django_capture_on_commit_callbacks(execute=True):
        engine.tick(reception.ends_at - dt.timedelta(minutes=1))
        mail.outbox.clear()
        engine.tick(reception.ends_at + dt.timedelta(minutes=1))
        engine.tick(reception.ends_at + dt.timedelta(minutes=2))
    summaries = [m for m in mail.outbox if "Cerró la recepción" in m.subject]
    assert len(summaries) == 1
    assert summaries[0].to == ["mesa@example.org"]
    assert "4 propuestas" in summaries[0].subject
    assert "3 esperan una decisión" in summaries[0].body


def test_and_the_form_is_closed(client, demo, form_data):
    reception = demo.stages.get(kind=StageKind.RECEPTION)
    with time_machine.travel(reception.ends_at + dt.timedelta(seconds=1)):
        response = client.post("/planes/proceso-de-demostracion/proponer/", form_data())
    assert response.status_code == 403
