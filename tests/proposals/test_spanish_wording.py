"""Spanish as Chileans read it on the proposals' pages, e-mails and messages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext, pgettext

from core.mail import build_message
from core.models import OutboundEmail
from plans.models import Forum
from proposals import services
from proposals.models import Status
from stages import engine
from stages.models import StageKind
from tests.core.factories import UserFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def es(msgid: str, context: str | None = None, **values) -> str:
    with translation.override("es-cl"):
        text = pgettext(context, msgid) if context else gettext(msgid)
    assert text != msgid, f"not in the Spanish catalogue: {msgid!r}"
    return text % values if values else text


def first_option(page: str, name: str) -> str:
    """The filter's "All" choice, without its count: a radio or a select's first option."""
    radio = re.search(rf'<label class="form-check-label" for="filtro-{name}-todas">([^<]*)<', page)
    if radio:
        return radio.group(1).strip()
    select = re.search(rf'<select [^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.search(r"<option[^>]*>([^<(]*)\(\d+\)</option>", select).group(1).strip()


def test_each_filter_says_all_in_the_gender_of_what_it_filters(client, demo):
    from plans.models import ActionPlan, Institution

    ProposalFactory(
        plan=ActionPlan.objects.get(number=5, origin="official"),
        status=Status.PUBLISHED,
        responsible_institution=Institution.objects.filter(origin="official").first(),
    )
    page = client.get("/propuestas/").content.decode()
    assert {
        name: first_option(page, name)
        for name in ["value", "sector", "region", "institution", "status"]
    } == {
        "value": "Todos",  # los valores
        "sector": "Todos",  # los sectores
        "region": "Todas",  # las regiones
        "institution": "Todas",  # las instituciones
        "status": "Todos",  # los estados
    }


def test_the_queue_column_is_the_date_of_reception_and_the_status_is_recibida(
    moderator_client, demo
):
    ProposalFactory(plan=demo)
    page = moderator_client.get("/gestion/propuestas/").content.decode()
    assert '<th scope="col">Fecha de recepción</th>' in page
    assert "Recibida <span" in page  # the status tab


def merged_pair(demo):
    survivor = ProposalFactory(plan=demo, status=Status.PUBLISHED, tracking_code="GAD-AAAA-2222")
    merged = ProposalFactory(plan=demo, status=Status.PUBLISHED, tracking_code="GAD-BBBB-3333")
    services.transition(
        merged.pk, services.Change(Status.MERGED, merged_into=survivor, public_reason="Repetida")
    )
    return survivor, merged


def test_a_merge_reads_as_whole_sentences_on_both_trails(client, demo):
    survivor, merged = merged_pair(demo)
    url = survivor.get_absolute_url()
    tracked = client.get(f"/propuestas/seguimiento/{merged.tracking_code}/").content.decode()
    link = f'<a href="{url}">{survivor.tracking_code}</a>'
    assert (
        es(
            'It was merged into proposal <a href="%(url)s">%(code)s</a>.',
            url=url,
            code=survivor.tracking_code,
        )
        == f"Se fusionó con la propuesta {link}."
    )
    assert f"Se fusionó con la propuesta {link}." in tracked
    assert (
        es(
            'It continues as proposal <a href="%(url)s">%(code)s</a>.',
            url=url,
            code=survivor.tracking_code,
        )
        in tracked
    )

    other = merged.get_absolute_url()
    page = client.get(url).content.decode()
    assert (
        es(
            'Another proposal was merged into this one: <a href="%(url)s">%(code)s</a>.',
            url=other,
            code=merged.tracking_code,
        )
        in page
    )


def test_the_tracking_code_e_mail_gives_the_code_in_one_sentence(client, demo, form_data):
    client.post("/planes/proceso-de-demostracion/proponer/", form_data())
    row = OutboundEmail.objects.get(template="proposal_received")
    html = build_message(row).alternatives[0][0]
    code = row.context["tracking_code"]
    assert (
        es(
            'Your tracking code is <strong style="font-size:20px;letter-spacing:1px">'
            "%(tracking_code)s</strong>.",
            tracking_code=code,
        )
        in html
    )


def test_one_changed_proposal_is_singular(moderator_client, demo):
    proposal = ProposalFactory(plan=demo)
    response = moderator_client.post(
        "/gestion/propuestas/lote/",
        {"ids": [proposal.pk], "to_status": "published", "expected_status": "received"},
        follow=True,
    )
    assert "Se modificó 1 propuesta." in response.content.decode()


def test_a_reception_summary_with_one_proposal_is_singular(
    demo, django_capture_on_commit_callbacks
):
    member = Forum.objects.get().members.first()
    member.user = UserFactory(email="mesa@example.org")
    member.save()
    ProposalFactory(plan=demo)
    reception = demo.stages.get(kind=StageKind.RECEPTION)
    with django_capture_on_commit_callbacks(execute=True):
        engine.tick(reception.ends_at - dt.timedelta(minutes=1))
        mail.outbox.clear()
        engine.tick(reception.ends_at + dt.timedelta(minutes=1))
    summary = next(m for m in mail.outbox if "Cerró la recepción" in m.subject)
    assert summary.subject == "Cerró la recepción: 1 propuesta para el Proceso de demostración"
    assert "Se recibió 1 propuesta. 1 espera una decisión." in summary.body
