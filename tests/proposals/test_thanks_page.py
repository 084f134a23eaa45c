"""The page after sending a proposal says when the Forum reviews it, from the
plan's calendar: before its work tables begin, or once reception closes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from stages.models import StageKind
from tests.helpers import show_thanks_for
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db
URL = "/propuestas/gracias/"


def review_line(client, proposal) -> str:
    show_thanks_for(client, proposal.tracking_code)
    page = client.get(URL).content.decode()
    start = page.index('<p id="revision">')
    return " ".join(page[start : page.index("</p>", start)].split())


def day(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment), "DATE_FORMAT")


def test_it_says_the_forum_reviews_before_the_work_tables_begin(client, demo):
    proposal = ProposalFactory(plan=demo)
    stages = {stage.kind: stage for stage in demo.stages.all()}
    tables, reception = stages[StageKind.WORKTABLES], stages[StageKind.RECEPTION]
    line = review_line(client, proposal)
    assert f"antes de que comiencen las mesas de trabajo, el {day(tables.starts_at)}" in line
    assert f"Se reciben propuestas hasta el {day(reception.last_moment)}" in line


def test_the_date_follows_the_calendar(client, demo):
    proposal = ProposalFactory(plan=demo)
    tables = demo.stages.get(kind=StageKind.WORKTABLES)
    tables.starts_at += dt.timedelta(days=9)
    tables.save()
    assert f"el {day(tables.starts_at)}" in review_line(client, proposal)


def test_without_work_tables_ahead_it_says_once_reception_closes(client, demo):
    proposal = ProposalFactory(plan=demo)
    demo.stages.filter(kind=StageKind.WORKTABLES).delete()
    reception = demo.stages.get(kind=StageKind.RECEPTION)
    line = review_line(client, proposal)
    assert f"cuando cierra la recepción, el {day(reception.last_moment)}" in line
    assert "mesas de trabajo" not in line


def test_a_plan_without_a_calendar_still_gets_a_plain_answer(client, seeded):
    proposal = ProposalFactory()
    proposal.plan.stages.all().delete()
    assert "revisa cada propuesta" in review_line(client, proposal)
