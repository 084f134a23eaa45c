"""The proposal form in steps: the problem, the commitment, who you are, then a
summary to review and send. A draft on the server keeps the answers between
steps and lets a proposer leave and come back by an e-mailed link; nothing is
stored as a proposal, or shown anywhere public, until they send it."""

from __future__ import annotations

import datetime as dt
import re
import time
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core import public, retention
from core.models import OutboundEmail
from proposals.forms import FORM_STAMP_SALT
from proposals.models import Proposal, ProposalDraft, Status

pytestmark = pytest.mark.django_db

FORM = "/planes/proceso-de-demostracion/proponer/"
BEGIN = FORM + "paso-1/"
DRAFT = re.compile(r"^/planes/proceso-de-demostracion/proponer/borrador/([\w-]+)/")

STEP_1 = {
    "title": "Presupuestos municipales en datos abiertos",
    "problem": "Los vecinos no pueden ver en qué se gasta el presupuesto municipal.",
}
STEP_2 = {
    "description": "Publicar cada mes el gasto municipal en formato abierto.",
    "actors": "Municipios, SUBDERE, organizaciones vecinales.",
    "activities": "Diagnóstico, estándar de datos, publicación mensual.",
    "responsible_institution": "",
    "values": ["transparency", "accountability"],
}
STEP_3 = {
    "name": "Camila Rojas",
    "email": "camila.rojas@example.org",
    "sector": "citizen",
    "organisation": "",
    "region": "biobio",
}


def stamp(seconds_ago: float = 60) -> str:
    return signing.dumps(time.time() - seconds_ago, salt=FORM_STAMP_SALT)


def begin(client, accion="siguiente", **overrides):
    return client.post(BEGIN, {**STEP_1, "started": stamp(), "accion": accion, **overrides})


def token_of(response) -> str:
    match = DRAFT.match(urlsplit(response["Location"]).path)
    assert match, response["Location"]
    return match.group(1)


def step_url(token: str, step) -> str:
    suffix = "revisar/" if step == "revisar" else f"paso-{step}/"
    return f"{FORM}borrador/{token}/{suffix}"


def fill_all(client) -> str:
    """Steps 1 to 3 answered; returns the draft's token."""
    token = token_of(begin(client))
    client.post(step_url(token, 2), {**STEP_2, "accion": "siguiente"})
    client.post(step_url(token, 3), {**STEP_3, "accion": "siguiente"})
    return token


def send(client, token, **extra):
    return client.post(step_url(token, "revisar"), {"consent": "on", "accion": "enviar", **extra})


# --- The steps ------------------------------------------------------------------


def test_the_form_opens_at_the_first_step_with_its_progress(client, demo):
    page = client.get(FORM).content.decode()
    assert "Paso 1 de 4" in page
    assert re.search(r'aria-current="step"[^>]*>\s*1\. El problema', page)
    assert page.count('data-state="todo"') == 3
    assert 'name="title"' in page and 'name="problem"' in page
    assert 'name="email"' not in page and 'name="activities"' not in page
    assert 'href="?un_paso=1"' in page


def test_the_whole_form_is_still_one_page_without_steps(client, demo):
    page = client.get(FORM, {"un_paso": 1}).content.decode()
    for name in ("title", "problem", "description", "email", "consent", "attachment"):
        assert f'name="{name}"' in page, name
    assert "Paso 1 de 4" not in page


def test_a_proposer_goes_through_the_steps_and_sends_from_the_summary(
    client, demo, django_capture_on_commit_callbacks
):
    response = begin(client)
    assert response.status_code == 302
    token = token_of(response)
    assert response["Location"].endswith(step_url(token, 2))
    page = client.get(response["Location"]).content.decode()
    assert "Paso 2 de 4" in page and 'name="description"' in page

    assert client.post(step_url(token, 2), {**STEP_2})["Location"].endswith(step_url(token, 3))
    response = client.post(step_url(token, 3), {**STEP_3, "accion": "siguiente"})
    assert response["Location"].endswith(step_url(token, "revisar"))
    summary = client.get(response["Location"]).content.decode()
    assert "Paso 4 de 4" in summary
    for text in [
        *STEP_1.values(),
        STEP_2["description"],
        "Transparencia",
        "Camila Rojas",
        "Biobío",
    ]:
        assert text in summary, text
    assert 'name="consent"' in summary and 'name="attachment"' in summary
    assert not Proposal.objects.exists()  # nothing stored until sent

    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, token)
    assert response.status_code == 302 and response["Location"].endswith("/propuestas/gracias/")
    proposal = Proposal.objects.get()
    assert (proposal.title, proposal.problem) == (STEP_1["title"], STEP_1["problem"])
    assert proposal.transparency and proposal.accountability and not proposal.technology
    assert (proposal.name, proposal.region, proposal.status) == (
        "Camila Rojas",
        "biobio",
        "received",
    )
    assert proposal.plan == demo and proposal.origin == "demo"
    assert not ProposalDraft.objects.exists()  # its personal data goes with it
    assert OutboundEmail.objects.filter(template="proposal_received").count() == 1
    # The link no longer opens anything.
    assert client.get(step_url(token, 2)).status_code == 404


def test_going_back_a_step_loses_no_text(client, demo):
    token = token_of(begin(client))
    typed = {**STEP_2, "description": "Lo que escribí en el paso dos y no quiero perder."}
    response = client.post(step_url(token, 2), {**typed, "accion": "anterior"})
    assert response["Location"].endswith(step_url(token, 1))
    first = client.get(response["Location"]).content.decode()
    assert STEP_1["title"] in first and STEP_1["problem"] in first
    second = client.get(step_url(token, 2)).content.decode()
    assert typed["description"] in second
    assert re.search(r'value="accountability"[^>]*checked', second)


def test_a_step_with_errors_keeps_the_text_and_says_what_to_fix(client, demo):
    token = token_of(begin(client))
    response = client.post(step_url(token, 2), {**STEP_2, "values": [], "description": "Algo"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Elige al menos un valor de gobierno abierto." in page
    assert 'href="#id_values_0"' in page and "Algo" in page
    assert ProposalDraft.objects.get().data["description"] == "Algo"


def test_steps_can_be_skipped_only_to_be_asked_again_on_the_summary(client, demo):
    token = token_of(begin(client))
    response = send(client, token)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'href="{step_url(token, 2)}#id_description"' in page
    assert f'href="{step_url(token, 3)}#id_email"' in page
    assert "(paso 2)" in page
    assert not Proposal.objects.exists()


# --- Leave and come back --------------------------------------------------------


def test_save_and_continue_later_emails_a_link_that_brings_the_text_back(client, demo):
    response = begin(client, accion="guardar")
    token = token_of(response)
    assert response["Location"].endswith(f"borrador/{token}/guardar/")
    page = client.get(response["Location"]).content.decode()
    assert 'name="email"' in page
    response = client.post(response["Location"], {"email": "vuelvo@example.org"})
    assert response.status_code == 200
    assert "vuelvo@example.org" in response.content.decode()

    email = OutboundEmail.objects.get(template="proposal_draft")
    assert email.to == "vuelvo@example.org"
    link = email.context["link"]
    assert token in link
    assert not Proposal.objects.exists()
    draft = ProposalDraft.objects.get()
    assert draft.email == "vuelvo@example.org"
    assert token not in draft.token_hash  # only its hash is stored

    # Another browser, days later: the link opens the step where they left.
    other = client.__class__()
    with time_machine.travel(timezone.now() + dt.timedelta(days=3)):
        response = other.get(urlsplit(link).path, follow=True)
    assert response.redirect_chain[-1][0].endswith(step_url(token, 1))
    page = response.content.decode()
    assert STEP_1["title"] in page and STEP_1["problem"] in page


def test_asking_twice_the_same_day_sends_one_email(client, demo):
    token = token_of(begin(client, accion="guardar"))
    for _ in range(2):
        client.post(f"{FORM}borrador/{token}/guardar/", {"email": "vuelvo@example.org"})
    assert OutboundEmail.objects.filter(template="proposal_draft").count() == 1


def test_the_save_link_form_is_rate_limited(client, demo):
    token = token_of(begin(client, accion="guardar"))
    url = f"{FORM}borrador/{token}/guardar/"
    for index in range(10):
        assert client.post(url, {"email": f"p{index}@example.org"}).status_code == 200
    response = client.post(url, {"email": "once@example.org"})
    assert response.status_code == 429
    assert "espera una hora" in response.content.decode()


def test_a_draft_is_personal_and_never_public(client, demo):
    assert set(public.personal_columns()["proposals_proposaldraft"]) >= {"data", "email"}
    token = fill_all(client)
    assert token
    everything = "".join(
        client.get(path).content.decode()
        for path in ["/propuestas/", "/", "/planes/proceso-de-demostracion/"]
    )
    assert STEP_1["title"] not in everything
    assert "camila.rojas@example.org" not in everything


def test_expired_drafts_are_pruned_and_others_kept(client, demo):
    token_of(begin(client))
    old, fresh = ProposalDraft.objects.get(), None
    ProposalDraft.objects.filter(pk=old.pk).update(
        expires_at=timezone.now() - dt.timedelta(hours=1)
    )
    token_of(begin(client))
    fresh = ProposalDraft.objects.exclude(pk=old.pk).get()
    summary = retention.prune_all()
    assert summary["proposal drafts deleted"] == 1
    assert list(ProposalDraft.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_a_draft_expires_with_the_reception(client, demo):
    token_of(begin(client))
    reception = demo.stages.get(kind="reception")
    assert ProposalDraft.objects.get().expires_at <= reception.ends_at


# --- The same protections as the one-page form ----------------------------------


def test_the_minimum_fill_time_counts_from_the_first_step(client, demo):
    response = client.post(BEGIN, {**STEP_1, "started": stamp(seconds_ago=1)})
    token = token_of(response)
    client.post(step_url(token, 2), STEP_2)
    client.post(step_url(token, 3), STEP_3)
    response = send(client, token)
    assert response.status_code == 400
    assert "demasiado rápido" in response.content.decode()
    assert not Proposal.objects.exists()


def test_the_honeypot_stops_bots_at_any_step(client, demo):
    assert begin(client, website="http://spam.example").status_code == 400
    assert not ProposalDraft.objects.exists()
    token = fill_all(client)
    response = client.post(step_url(token, 2), {**STEP_2, "website": "http://spam.example"})
    assert response.status_code == 400
    response = send(client, token, website="http://spam.example")
    assert response.status_code == 400
    assert "no pudo ser recibida" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_forged_first_step_stamp_is_refused_with_the_text_kept(client, demo):
    response = begin(client, started="forged")
    assert response.status_code == 400
    page = response.content.decode()
    assert "vuelve a presionar el botón" in page
    assert STEP_1["problem"] in page
    assert not ProposalDraft.objects.exists()
    # The page comes back with a fresh stamp: pressing again works.
    fresh = re.search(r'name="started" value="([^"]+)"', page).group(1)
    assert fresh != "forged"
    assert client.post(BEGIN, {**STEP_1, "started": fresh}).status_code == 302


def test_the_rate_limits_apply_to_sending_from_the_summary(client, demo, settings):
    settings.PROPOSALS_PER_EMAIL_PER_DAY = 1
    assert send(client, fill_all(client)).status_code == 302
    response = send(client, fill_all(client))
    assert response.status_code == 400
    assert "espera una hora" in response.content.decode()
    assert Proposal.objects.count() == 1


def test_starting_drafts_is_rate_limited(client, demo, settings):
    settings.PROPOSAL_DRAFTS_PER_IP_PER_HOUR = 2
    assert begin(client).status_code == 302
    assert begin(client).status_code == 302
    response = begin(client)
    assert response.status_code == 429
    assert STEP_1["problem"] in response.content.decode()
    assert ProposalDraft.objects.count() == 2


def test_the_summary_checks_the_attachment_is_a_pdf(client, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    token = fill_all(client)
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", "application/pdf")
    response = send(client, token, attachment=fake)
    assert response.status_code == 400
    assert "no es un PDF" in response.content.decode()
    pdf = SimpleUploadedFile("propuesta.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    assert send(client, token, attachment=pdf).status_code == 302
    assert Proposal.objects.get().attachment.name.endswith(".pdf")


@pytest.mark.parametrize("step", ["begin", 2, "revisar", "guardar", "link"])
def test_every_step_refuses_a_post_outside_the_reception_window(client, demo, step):
    token = fill_all(client)
    urls = {
        "begin": BEGIN,
        2: step_url(token, 2),
        "revisar": step_url(token, "revisar"),
        "guardar": f"{FORM}borrador/{token}/guardar/",
    }
    before = ProposalDraft.objects.get().data
    with time_machine.travel(timezone.now() + dt.timedelta(days=20)):
        if step == "link":
            response = client.get(f"{FORM}borrador/{token}/")
            assert response.status_code == 200
            assert "cerró" in response.content.decode()
            return
        data = {**STEP_1, **STEP_2, **STEP_3, "started": stamp(), "consent": "on"}
        data["title"] = "Cambiada fuera de plazo"
        data["email"] = "fuera@example.org"
        response = client.post(urls[step], data)
    assert response.status_code == 403
    assert not Proposal.objects.exists()
    assert ProposalDraft.objects.count() == 1
    assert ProposalDraft.objects.get().data == before
    assert not OutboundEmail.objects.filter(template="proposal_draft").exists()


# --- Hostile links and steps ----------------------------------------------------


def test_an_unknown_draft_link_says_so_in_spanish(client, demo):
    response = client.get(f"{FORM}borrador/no-existe-este-borrador/paso-2/")
    assert response.status_code == 404
    assert "No encontramos este borrador" in response.content.decode()
    response = client.post(f"{FORM}borrador/%00%ff/revisar/", {"consent": "on"})
    assert response.status_code == 404


def test_an_expired_draft_says_so_and_shows_nothing(client, demo):
    token = fill_all(client)
    ProposalDraft.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    for url in (f"{FORM}borrador/{token}/", step_url(token, 1), step_url(token, "revisar")):
        response = client.get(url)
        assert response.status_code == 410, url
        page = response.content.decode()
        assert "Este borrador venció" in page
        assert STEP_1["title"] not in page
    assert send(client, token).status_code == 410
    assert not Proposal.objects.exists()


def test_a_draft_opens_only_under_its_own_plan(client, demo, official):
    token = token_of(begin(client))
    with time_machine.travel(official.stages.get(kind="reception").starts_at):
        response = client.get(f"/planes/{official.slug}/proponer/borrador/{token}/paso-1/")
    assert response.status_code == 404


@pytest.mark.parametrize("number", [0, 4, 9, 99999999999])
def test_a_step_that_does_not_exist_says_so(client, demo, number):
    token = token_of(begin(client))
    response = client.get(f"{FORM}borrador/{token}/paso-{number}/")
    assert response.status_code == 404
    assert "Ese paso no existe" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("problem", "a" * 100_000, "menos de 3000 caracteres"),
        ("title", "Título\x00con nulo", "caracteres nulos"),
        ("title", "", "obligatorio"),
    ],
)
def test_hostile_input_in_a_step_gets_a_clear_spanish_error(client, demo, field, value, message):
    token = token_of(begin(client))
    response = client.post(step_url(token, 1), {**STEP_1, field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    stored = ProposalDraft.objects.get().data[field]
    assert "\x00" not in stored and len(stored) <= 3000


def test_forged_values_in_a_step_never_cause_a_500(client, demo):
    token = token_of(begin(client))
    forged = {
        **STEP_2,
        "values": ["transparency", "<script>", "x" * 500],
        "responsible_institution": "1 OR 1=1",
        "accion": "borrar-todo",
        "title": "Un campo de otro paso",
    }
    response = client.post(step_url(token, 2), forged)
    assert response.status_code == 400
    assert "válida" in response.content.decode()
    data = ProposalDraft.objects.get().data
    assert data["title"] == STEP_1["title"]  # another step's field is ignored
    body = b"title=\xff\xfe&problem=ok&accion=siguiente"
    response = client.post(
        step_url(token, 1), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in {302, 400}
    assert client.get(step_url(token, "revisar")).status_code == 200


def test_the_draft_link_email_is_spanish_and_names_the_deadline(client, demo):
    token = token_of(begin(client, accion="guardar"))
    client.post(f"{FORM}borrador/{token}/guardar/", {"email": "vuelvo@example.org"})
    from core.mail import build_message

    message = build_message(OutboundEmail.objects.get(template="proposal_draft"))
    assert message.subject == "Continúa tu propuesta"
    assert token in message.body
    assert "El enlace funciona hasta el" in message.body


def test_an_official_proposal_can_be_written_in_steps_during_its_reception(client, official):
    with time_machine.travel(official.stages.get(kind="reception").starts_at):
        form = f"/planes/{official.slug}/proponer/"
        response = client.post(form + "paso-1/", {**STEP_1, "started": stamp()})
        assert response.status_code == 302
        assert ProposalDraft.objects.get().plan == official
        assert not Proposal.objects.filter(status=Status.RECEIVED).exists()
