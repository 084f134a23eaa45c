from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from core import mail
from core.models import OutboundEmail
from core.tasks import send_emails, send_queued_emails
from tests.smtp import free_port, smtp_server_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

UNSUBSCRIBE = "https://gobiernoabierto.example/avisos/baja/abc/"
CONTEXT = {
    "plan_title": "Quinto Plan de Acción",
    "stage_name": "Recepción de propuestas",
    "closes_on": "24 de agosto de 2020 a las 23:59",
    "plan_url": "https://gobiernoabierto.example/planes/quinto/",
}


def _queue(key: str, to: str, **kwargs) -> OutboundEmail:
    kwargs.setdefault("unsubscribe_url", UNSUBSCRIBE)
    return mail.queue_email(key, to, "stage_opened", CONTEXT, **kwargs)


def test_queuing_twice_creates_one_row_sent_only_after_commit(
    smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        first = _queue("stage-open:1:1", "ana@example.cl")
        second = _queue("stage-open:1:1", "ana@example.cl")
        assert smtp_server.count == 0
    assert first.pk == second.pk
    assert OutboundEmail.objects.count() == 1
    assert len(callbacks) == 1
    callbacks[0]()
    assert smtp_server.per_recipient == {"ana@example.cl": 1}
    first.refresh_from_db()
    assert first.status == OutboundEmail.Status.SENT
    assert first.sent_at is not None
    assert first.attempts == 1


def test_the_email_has_text_and_html_a_subject_and_one_click_unsubscribe_headers(
    smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _queue("stage-open:1:1", "ana@example.cl")
    [message] = smtp_server.messages
    assert message["Subject"] == "Comenzó: Recepción de propuestas"
    assert message["To"] == "ana@example.cl"
    assert message["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Quinto Plan de Acción" in text
    assert UNSUBSCRIBE in text
    assert "<strong>Recepción de propuestas</strong>" in html
    assert f'href="{UNSUBSCRIBE}"' in html
    assert '<html lang="es-cl">' in html


def test_it_writes_in_the_recipients_language(smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _queue("stage-open:1:1", "ann@example.org", language="en")
    [message] = smtp_server.messages
    assert message["Subject"] == "It has started: Recepción de propuestas"
    assert "Stop these e-mails" in message.get_body(("plain",)).get_content()


def test_an_email_without_unsubscribe_address_has_no_unsubscribe_headers(
    smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _queue("forum:1:1", "mesa@example.cl", unsubscribe_url="")
    [message] = smtp_server.messages
    assert "List-Unsubscribe" not in message
    assert "List-Unsubscribe-Post" not in message


def test_a_redelivered_task_sends_nothing_twice(smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        email = _queue("stage-open:1:1", "ana@example.cl")
    assert send_emails.apply(args=[[email.pk]]).get() == 1
    assert send_emails.apply(args=[[email.pk]]).get() == 0
    assert smtp_server.per_recipient == {"ana@example.cl": 1}


@pytest.fixture
def eager_retries(monkeypatch):
    """In eager mode Celery retries in-process only if errors do not propagate."""
    from ogp_portal.celery import app

    monkeypatch.setitem(app.conf, "task_eager_propagates", False)


def test_a_retried_batch_sends_each_email_once(
    smtp_server, django_capture_on_commit_callbacks, eager_retries
):
    smtp_server.replies["b@example.cl"] = ["421 Service busy, try later"]
    with django_capture_on_commit_callbacks():
        ids = [_queue(f"k:{n}", f"{n}@example.cl").pk for n in "abc"]
    send_emails.delay(ids)  # eager: the retry runs at once
    assert smtp_server.per_recipient == {"a@example.cl": 1, "b@example.cl": 1, "c@example.cl": 1}
    rows = {row.to: row for row in OutboundEmail.objects.all()}
    assert {row.status for row in rows.values()} == {"sent"}
    assert rows["b@example.cl"].attempts == 2
    assert rows["a@example.cl"].attempts == 1


def test_a_permanent_failure_fails_the_row_and_retry_failed_requeues_it(
    smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.replies["nadie@example.cl"] = ["550 No such user"]
    with django_capture_on_commit_callbacks(execute=True):
        bad = _queue("k:1", "nadie@example.cl")
        good = _queue("k:2", "ana@example.cl")
    bad.refresh_from_db()
    good.refresh_from_db()
    assert bad.status == OutboundEmail.Status.FAILED
    assert "550" in bad.last_error
    assert good.status == OutboundEmail.Status.SENT
    assert smtp_server.per_recipient == {"ana@example.cl": 1}

    with django_capture_on_commit_callbacks(execute=True):
        assert mail.retry_failed([bad.pk, good.pk]) == 1
    bad.refresh_from_db()
    assert bad.status == OutboundEmail.Status.SENT
    assert bad.last_error == ""
    assert smtp_server.per_recipient == {"ana@example.cl": 1, "nadie@example.cl": 1}


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nobody listens
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    return settings


def test_when_retries_run_out_the_email_stays_queued_and_the_sweep_sends_it_later(
    settings, smtp_server, django_capture_on_commit_callbacks, eager_retries
):
    # The SMTP server down for longer than the task's retries (seconds) loses nothing.
    with django_capture_on_commit_callbacks():
        email = _queue("k:1", "ana@example.cl")
    settings.EMAIL_PORT = free_port()  # nobody listens there
    result = send_emails.delay([email.pk])
    assert isinstance(result.result, ConnectionRefusedError)
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.QUEUED
    assert "ConnectionRefusedError" in email.last_error

    settings.EMAIL_PORT = smtp_server.port  # the server is back
    OutboundEmail.objects.update(created_at=timezone.now() - dt.timedelta(minutes=3))
    assert send_queued_emails() == 1
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert smtp_server.per_recipient == {"ana@example.cl": 1}


def test_an_email_still_refused_after_email_give_up_after_is_failed(
    smtp_down, django_capture_on_commit_callbacks, eager_retries
):
    with django_capture_on_commit_callbacks():
        email = _queue("k:1", "ana@example.cl")
    old = timezone.now() - dt.timedelta(seconds=smtp_down.EMAIL_GIVE_UP_AFTER + 60)
    OutboundEmail.objects.update(created_at=old)
    result = send_emails.delay([email.pk])
    assert isinstance(result.result, ConnectionRefusedError)
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED
    assert "ConnectionRefusedError" in email.last_error


def test_queue_many_creates_rows_in_bulk_and_skips_existing_keys(
    smtp_server, django_capture_on_commit_callbacks
):
    emails = [
        mail.Email(key=f"fan:{n}", to=f"p{n}@example.cl", template="stage_opened", context=CONTEXT)
        for n in range(250)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        assert mail.queue_many(emails) == 250
    with django_capture_on_commit_callbacks(execute=True):
        assert mail.queue_many(emails) == 0
    assert OutboundEmail.objects.count() == 250
    assert OutboundEmail.objects.filter(status="sent").count() == 250
    assert smtp_server.count == 250


def test_with_the_broker_down_rows_stay_queued_and_the_sweep_sends_them_later(
    smtp_server, django_capture_on_commit_callbacks, caplog
):
    emails = [
        mail.Email(key=f"fan:{n}", to=f"p{n}@example.cl", template="stage_opened", context=CONTEXT)
        for n in range(3)
    ]
    down = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with (
        mock.patch.object(send_emails, "delay", side_effect=down),
        django_capture_on_commit_callbacks(execute=True),
    ):
        mail.queue_many(emails)
    assert "broker unreachable" in caplog.text
    assert OutboundEmail.objects.filter(status="queued").count() == 3
    assert smtp_server.count == 0

    assert send_queued_emails() == 0  # too recent: their own task may still come
    OutboundEmail.objects.update(created_at=timezone.now() - dt.timedelta(minutes=3))
    assert send_queued_emails() == 3
    assert OutboundEmail.objects.filter(status="sent").count() == 3
    assert smtp_server.count == 3


INVITATION = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


def test_a_text_attachment_travels_with_the_email_and_its_mime_parameters(
    smtp_server, django_capture_on_commit_callbacks
):
    attachment = {
        "filename": "invitacion.ics",
        "mimetype": "text/calendar; method=REQUEST",
        "content": INVITATION,
    }
    with django_capture_on_commit_callbacks(execute=True):
        _queue("invite:1:1", "ana@example.cl", attachments=[attachment])
    [message] = smtp_server.messages
    assert message.get_content_type() == "multipart/mixed"
    [part] = list(message.iter_attachments())
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "invitacion.ics"
    assert part.get_content() == INVITATION
    # The body is still there, in both forms.
    assert "Quinto Plan de Acción" in message.get_body(("plain",)).get_content()
    assert message.get_body(("html",)) is not None


def test_queue_many_keeps_each_emails_attachments(smtp_server, django_capture_on_commit_callbacks):
    emails = [
        mail.Email(
            key=f"fan:{n}",
            to=f"p{n}@example.cl",
            template="stage_opened",
            context=CONTEXT,
            attachments=[{"filename": f"{n}.ics", "mimetype": "text/calendar", "content": "x"}],
        )
        for n in range(2)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        mail.queue_many(emails)
    names = sorted(next(m.iter_attachments()).get_filename() for m in smtp_server.messages)
    assert names == ["0.ics", "1.ics"]


def test_only_text_files_can_be_attached():
    with pytest.raises(ValueError, match="text files only"):
        mail.text_attachment("a.pdf", "application/pdf", "%PDF-")
