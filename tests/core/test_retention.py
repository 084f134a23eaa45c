"""Personal data has a lifetime: `manage.py prune` erases what is no longer
needed, keeps the public record, and changes nothing the second time."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from core.models import ActivityLog, OutboundEmail
from core.retention import prune_all
from proposals.models import Proposal, Status
from stages.models import Subscription
from tests.plans.factories import ActionPlanFactory
from tests.proposals.factories import ProposalFactory
from tests.stages.factories import StageFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2031, 6, 1, 12, tzinfo=dt.UTC)
LONG_AGO = NOW - dt.timedelta(days=400)
RECENTLY = NOW - dt.timedelta(days=30)


def _email(key, status, created_at):
    return OutboundEmail.objects.create(
        key=key,
        to=f"{key}@example.org",
        template="stage_opened",
        context={"name": "Camila"},
        attachments=[{"filename": "a.ics", "mimetype": "text/calendar", "content": "Camila"}],
        status=status,
        created_at=created_at,
    )


def test_sent_emails_forget_their_recipient_after_the_period(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 365
    old = _email("old", OutboundEmail.Status.SENT, LONG_AGO)
    recent = _email("recent", OutboundEmail.Status.SENT, RECENTLY)
    queued = _email("queued", OutboundEmail.Status.QUEUED, LONG_AGO)
    with time_machine.travel(NOW, tick=False):
        prune_all()
    old.refresh_from_db()
    assert (old.to, old.context, old.key) == ("", {}, "old")  # the key still stops a resend
    assert old.attachments == []
    assert OutboundEmail.objects.get(pk=recent.pk).to == "recent@example.org"
    assert OutboundEmail.objects.get(pk=queued.pk).to == "queued@example.org"


def test_expired_subscriptions_are_forgotten_and_active_ones_kept():
    gone = Subscription.objects.create(
        email="baja@example.org", created_at=LONG_AGO, unsubscribed_at=LONG_AGO
    )
    never = Subscription.objects.create(email="nunca@example.org", created_at=LONG_AGO)
    active = Subscription.objects.create(
        email="activa@example.org", created_at=LONG_AGO, confirmed_at=LONG_AGO
    )
    with time_machine.travel(NOW, tick=False):
        prune_all()
    remaining = set(Subscription.objects.values_list("pk", flat=True))
    assert remaining == {active.pk}
    assert gone.pk not in remaining and never.pk not in remaining


def test_proposers_of_a_finished_process_are_erased_and_the_proposal_stays(client):
    finished = ActionPlanFactory()
    StageFactory(plan=finished, starts_at=LONG_AGO - dt.timedelta(days=30), ends_at=LONG_AGO)
    running = ActionPlanFactory()
    StageFactory(plan=running, starts_at=LONG_AGO, ends_at=NOW + dt.timedelta(days=30))
    old = ProposalFactory(
        plan=finished, status=Status.PUBLISHED, name="Camila", show_name=True, public_name="Camila"
    )
    kept = ProposalFactory(plan=running, status=Status.PUBLISHED, name="Pedro")
    Proposal.objects.filter(pk__in=[old.pk, kept.pk]).update(created_at=LONG_AGO)

    with time_machine.travel(NOW, tick=False):
        first = prune_all()
        second = prune_all()

    old.refresh_from_db()
    assert (old.name, old.email, old.public_name, old.show_name) == ("", "", "", False)
    assert old.personal_data_erased_at is not None
    assert Proposal.objects.get(pk=kept.pk).email == kept.email
    assert first["proposals erased"] == 1 and second["proposals erased"] == 0
    page = client.get(old.get_absolute_url()).content.decode()
    assert old.title in page and "Camila" not in page


def test_the_prune_command_reports_what_it_did(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    _email("old", OutboundEmail.Status.SENT, timezone.now() - dt.timedelta(days=31))
    out = io.StringIO()
    call_command("prune", stdout=out)
    assert "1 e-mails forgotten" in out.getvalue()


def test_a_proposer_erases_their_data_with_code_and_email(client, seeded):
    proposal = ProposalFactory(
        status=Status.PUBLISHED, email="Camila@Example.org", name="Camila Rojas"
    )
    wrong = client.post(
        "/propuestas/privacidad/borrar/",
        {"code": proposal.tracking_code, "email": "otra@example.org"},
    )
    assert wrong.status_code == 400
    assert "no coinciden" in wrong.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).name == "Camila Rojas"

    done = client.post(
        "/propuestas/privacidad/borrar/",
        {"code": proposal.tracking_code.lower(), "email": " camila@example.org "},
    )
    assert done.status_code == 200
    proposal.refresh_from_db()
    assert (proposal.name, proposal.email) == ("", "")
    assert ActivityLog.objects.filter(action="proposal.personal_data_erased").count() == 1
    # Asking again changes nothing: there is nothing left to erase.
    again = client.post(
        "/propuestas/privacidad/borrar/",
        {"code": proposal.tracking_code, "email": "camila@example.org"},
    )
    assert again.status_code == 400


def test_erasure_requests_are_rate_limited(client, seeded):
    for _ in range(10):
        client.post("/propuestas/privacidad/borrar/", {"code": "GA5-AAAA-BBBB", "email": "a@b.cl"})
    response = client.post(
        "/propuestas/privacidad/borrar/", {"code": "GA5-AAAA-BBBB", "email": "a@b.cl"}
    )
    assert response.status_code == 429
