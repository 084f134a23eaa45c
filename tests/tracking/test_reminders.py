"""Officers are reminded through the outbox when a milestone of a plan in
implementation passes its end date without being reported complete, and
twice a year for every commitment; running the reminders again sends
nothing twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail

from core.models import OutboundEmail
from plans.models import ActionPlan
from tests.plans.factories import ActionPlanFactory, CommitmentFactory, MilestoneFactory
from tracking import reminders
from tracking.tasks import send_progress_reminders

from .factories import OfficerFactory, report

pytestmark = pytest.mark.django_db

TODAY = dt.date(2031, 8, 20)


@pytest.fixture
def commitment(db):
    plan = ActionPlanFactory(
        status=ActionPlan.Status.IMPLEMENTATION, start_year=2030, end_year=2032
    )
    return CommitmentFactory(plan=plan, number=1, title="Justicia abierta")


@pytest.fixture
def officer(commitment):
    return OfficerFactory(
        institution=commitment.responsible_institution, user__email="encargada@dpp.cl"
    ).user


def milestone(commitment, number, end):
    return MilestoneFactory(
        commitment=commitment,
        number=number,
        title=f"Hito {number}",
        start_date=dt.date(2030, 1, 1),
        end_date=end,
    )


def keys() -> set[str]:
    return set(OutboundEmail.objects.values_list("key", flat=True))


def test_an_overdue_milestone_reminds_its_officers_once(commitment, officer):
    overdue = milestone(commitment, 1, dt.date(2031, 8, 1))
    milestone(commitment, 2, dt.date(2031, 12, 1))  # not due yet
    done = milestone(commitment, 3, dt.date(2031, 7, 1))
    report(done, "complete")

    reminders.send_all(TODAY)
    reminders.send_all(TODAY)

    overdue_keys = {key for key in keys() if key.startswith("milestone-overdue:")}
    assert overdue_keys == {f"milestone-overdue:{overdue.pk}:user-{officer.pk}"}
    email = OutboundEmail.objects.get(key__startswith="milestone-overdue:")
    assert email.to == "encargada@dpp.cl" and email.template == "progress_overdue"
    assert email.context["report_url"] == f"{settings.SITE_URL}/gestion/avance/hitos/{overdue.pk}/"


def test_a_milestone_reported_limited_after_its_end_still_counts_as_overdue(commitment, officer):
    late = milestone(commitment, 1, dt.date(2031, 8, 1))
    report(late, "limited")
    assert reminders.send_all(TODAY)["overdue milestones"] == 1


def test_every_commitment_is_reminded_once_each_half_year(commitment, officer):
    assert reminders.send_all(TODAY)["half-yearly"] == 1
    assert reminders.send_all(dt.date(2031, 11, 30))["half-yearly"] == 0
    assert reminders.send_all(dt.date(2032, 1, 2))["half-yearly"] == 1
    assert {key for key in keys() if key.startswith("progress-semester:")} == {
        f"progress-semester:{commitment.pk}:2031H2:user-{officer.pk}",
        f"progress-semester:{commitment.pk}:2032H1:user-{officer.pk}",
    }


def test_every_officer_of_the_institution_is_reminded(commitment, officer):
    second = OfficerFactory(institution=commitment.responsible_institution).user
    OfficerFactory(user__email="")  # another institution's, without an e-mail anyway
    milestone(commitment, 1, dt.date(2031, 8, 1))
    reminders.send_all(TODAY)
    assert set(OutboundEmail.objects.values_list("to", flat=True)) == {officer.email, second.email}


def test_plans_not_in_implementation_send_nothing(commitment, officer):
    ActionPlan.objects.filter(pk=commitment.plan_id).update(status=ActionPlan.Status.FINISHED)
    milestone(commitment, 1, dt.date(2031, 8, 1))
    assert reminders.send_all(TODAY) == {"overdue milestones": 0, "half-yearly": 0}


def test_inactive_officers_get_nothing(commitment, officer):
    officer.is_active = False
    officer.save()
    milestone(commitment, 1, dt.date(2031, 8, 1))
    assert reminders.send_all(TODAY) == {"overdue milestones": 0, "half-yearly": 0}


def test_the_reminder_reads_in_spanish(commitment, officer, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    milestone(commitment, 1, dt.date(2031, 8, 1))
    reminders.send_all(TODAY)
    from core import mail as outbox

    outbox.deliver(list(OutboundEmail.objects.values_list("pk", flat=True)))
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == [
        "Hito vencido: informa su avance (1. Hito 1)",
        "Reporte semestral de avance: 1. Justicia abierta",
    ]
    overdue = next(m for m in mail.outbox if m.subject.startswith("Hito vencido"))
    assert "terminó el 1 de agosto de 2031" in overdue.body


def test_beat_runs_the_reminders_and_the_task_is_idempotent(commitment, officer):
    schedule = settings.CELERY_BEAT_SCHEDULE["progress-reminders"]
    assert schedule["task"] == "tracking.tasks.send_progress_reminders"
    first = send_progress_reminders.delay().get()
    assert first["half-yearly"] == 1
    assert send_progress_reminders.delay().get() == {"overdue milestones": 0, "half-yearly": 0}
