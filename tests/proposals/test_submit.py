from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from kombu.exceptions import OperationalError

from core.models import OutboundEmail
from proposals.models import Proposal, ProposalEvent, Status
from proposals.views import THANKS_COOKIE

pytestmark = pytest.mark.django_db
URL = "/planes/proceso-de-demostracion/proponer/"


def test_the_form_opens_while_reception_is_open(client, demo):
    page = client.get(URL).content.decode()
    assert 'name="title"' in page
    assert "Hasta 3000 caracteres" in page  # limits are shown


def test_a_proposal_is_stored_and_its_tracking_code_shown_and_mailed(
    client, demo, form_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data(), follow=True)
    proposal = Proposal.objects.get()
    assert proposal.status == Status.RECEIVED
    assert proposal.plan == demo
    assert proposal.transparency and proposal.accountability and not proposal.technology
    assert proposal.tracking_code.startswith("GAD-")
    assert proposal.tracking_code in response.content.decode()
    assert list(proposal.events.values_list("to_status", flat=True)) == ["received"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["camila.rojas@example.org"]
    assert proposal.tracking_code in mail.outbox[0].body


def test_the_tracking_code_is_short_and_unguessable(client, demo, form_data):
    codes = set()
    for index in range(5):
        client.post(URL, form_data(email=f"p{index}@example.org"))
        codes.add(Proposal.objects.latest("id").tracking_code)
    assert len(codes) == 5
    for code in codes:
        prefix, first, second = code.split("-")
        assert prefix == "GAD" and len(first) == len(second) == 4


def test_the_proposal_is_stored_even_when_the_broker_is_down(
    client, demo, form_data, django_capture_on_commit_callbacks
):
    with (
        mock.patch("core.tasks.send_emails.delay", side_effect=OperationalError("down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(URL, form_data())
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    email = OutboundEmail.objects.get(key=f"proposal-received:{proposal.pk}")
    assert email.status == OutboundEmail.Status.QUEUED
    assert mail.outbox == []
    # The broker is back: the sweep sends what waited.
    from core.tasks import send_queued_emails

    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10)):
        send_queued_emails()
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT


def test_before_reception_the_page_says_when_it_opens(client, demo):
    with time_machine.travel(dt.datetime.now(dt.UTC) - dt.timedelta(days=20)):
        page = client.get(URL).content.decode()
    assert "Se pueden enviar propuestas desde" in page
    assert 'name="title"' not in page


def test_after_reception_the_page_says_it_closed_and_links_to_the_proposals(client, demo):
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=20)):
        page = client.get(URL).content.decode()
    assert "cerró" in page
    assert "/propuestas/?plan=proceso-de-demostracion" in page


def test_a_direct_post_outside_the_window_stores_nothing(client, demo, form_data):
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=20)):
        response = client.post(URL, form_data())
    assert response.status_code == 403
    assert not Proposal.objects.exists()


def test_the_official_2020_reception_is_closed(client, seeded, form_data):
    response = client.post("/planes/plan-5-2020-2022/proponer/", form_data())
    assert response.status_code == 403
    assert not Proposal.objects.exists()


def _rejected(client, data, **extra) -> str:
    response = client.post(URL, data, **extra)
    assert response.status_code == 400
    assert not Proposal.objects.exists()
    return response.content.decode()


def test_the_honeypot_stops_bots(client, demo, form_data):
    page = _rejected(client, form_data(website="http://spam.example"))
    assert "no pudo ser recibida" in page


def test_a_form_filled_in_seconds_is_refused_with_an_explanation(client, demo, form_data):
    import time

    from django.core import signing

    from proposals.forms import FORM_STAMP_SALT

    page = _rejected(client, form_data(started=signing.dumps(time.time(), salt=FORM_STAMP_SALT)))
    assert "demasiado rápido" in page


def test_a_forged_form_stamp_is_refused(client, demo, form_data):
    page = _rejected(client, form_data(started="forged"))
    assert "venció" in page


def test_too_many_proposals_from_one_address_are_refused_clearly(client, demo, form_data):
    for index in range(5):
        assert client.post(URL, form_data(title=f"Propuesta {index}")).status_code == 302
    page = _rejected_count(client, form_data(title="Una más"))
    assert "espera una hora" in page
    assert "Una más" in page  # the text is kept


def _rejected_count(client, data) -> str:
    before = Proposal.objects.count()
    response = client.post(URL, data)
    assert response.status_code == 400
    assert Proposal.objects.count() == before
    return response.content.decode()


def test_correcting_errors_does_not_use_up_the_allowance(client, demo, form_data):
    for _ in range(8):
        assert client.post(URL, form_data(values=[])).status_code == 400
    assert client.post(URL, form_data()).status_code == 302


def test_too_many_proposals_from_one_ip_are_refused(client, demo, form_data, settings):
    settings.PROPOSALS_PER_IP_PER_HOUR = 10
    for index in range(10):
        client.post(URL, form_data(email=f"p{index}@example.org"))
    page = _rejected_count(client, form_data(email="otra@example.org"))
    assert "espera una hora" in page


def test_at_least_one_value_and_consent_are_required(client, demo, form_data):
    page = _rejected(client, form_data(values=[], consent=""))
    assert "Elige al menos un valor de gobierno abierto." in page
    assert "Necesitamos tu consentimiento" in page


HOSTILE = '<script>alert("x")</script>'


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("problem", "a" * 100_000, "menos de 3000 caracteres"),
        ("title", "Título\x00con nulo", "caracteres nulos"),
        ("email", "no-es-correo", "correo"),
        ("region", "marte", "válida"),
        ("sector", "<b>", "válida"),
    ],
)
def test_hostile_input_gets_a_clear_spanish_error(client, demo, form_data, field, value, message):
    page = _rejected(client, form_data(**{field: value}))
    assert message in page


def test_invalid_utf8_never_causes_a_500(client, demo, form_data):
    body = "&".join(f"{key}={value}" for key, value in form_data().items() if key != "values")
    body = body.encode() + b"&values=transparency&title=\xff\xfe\xfd"
    response = client.post(URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in {302, 400}


def test_a_forged_status_field_is_ignored(client, demo, form_data):
    client.post(URL, form_data(status="selected", tracking_code="GA5-AAAA-AAAA"))
    proposal = Proposal.objects.get()
    assert proposal.status == Status.RECEIVED
    assert proposal.tracking_code != "GA5-AAAA-AAAA"


def test_scripts_are_stored_as_text_and_escaped(client, demo, form_data):
    client.post(URL, form_data(title=HOSTILE))
    proposal = Proposal.objects.get()
    assert proposal.title == HOSTILE
    page = client.get(f"/propuestas/seguimiento/{proposal.tracking_code}/").content.decode()
    assert HOSTILE not in page
    assert "&lt;script&gt;" in page


def test_a_pdf_attachment_is_accepted(client, demo, form_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("propuesta.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    client.post(URL, {**form_data(), "attachment": pdf})
    proposal = Proposal.objects.get()
    assert proposal.attachment.name.endswith(f"{proposal.tracking_code}.pdf")


def test_a_file_that_is_not_a_pdf_is_refused(client, demo, form_data):
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", "application/pdf")
    page = _rejected(client, {**form_data(), "attachment": fake})
    assert "no es un PDF" in page


def test_a_file_with_another_extension_is_refused(client, demo, form_data):
    exe = SimpleUploadedFile("programa.exe", b"%PDF-1.4", "application/octet-stream")
    page = _rejected(client, {**form_data(), "attachment": exe})
    assert "pdf" in page.lower()


def test_a_file_over_5_mb_is_refused(client, demo, form_data):
    big = SimpleUploadedFile("grande.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "application/pdf")
    page = _rejected(client, {**form_data(), "attachment": big})
    assert "5 MB" in page


def test_the_history_records_who_submitted(client, demo, form_data):
    client.post(URL, form_data())
    event = ProposalEvent.objects.get()
    assert event.actor_role == "proposer"
    assert event.actor is None


def test_the_tracking_code_reaches_only_the_browser_that_sent_the_proposal(client, demo, form_data):
    response = client.post(URL, form_data())
    code = Proposal.objects.get().tracking_code
    cookie = response.cookies[THANKS_COOKIE]
    assert cookie["httponly"] and cookie["path"] == "/propuestas/gracias/"
    assert not Session.objects.exists()  # nothing stored per visitor
    assert code in client.get("/propuestas/gracias/").content.decode()

    stranger = Client()
    assert stranger.get("/propuestas/gracias/").status_code == 302
    stranger.cookies[THANKS_COOKIE] = code  # unsigned: refused
    assert stranger.get("/propuestas/gracias/").status_code == 302
