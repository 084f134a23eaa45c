"""A commitment's text is kept when the consultation opens and at each
revision after it; the public sees a word-level comparison of the consulted
and the final text, and which comments led to which change."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from consultation import diffing, services
from consultation.models import CommitmentVersion, Response
from stages import engine
from stages.models import EffectRun, Stage, StageKind
from tests.consultation.factories import CommentFactory, draft_plan

pytestmark = pytest.mark.django_db


def test_the_text_is_kept_when_the_consultation_opens_once(db):
    plan = draft_plan("upcoming", origin="official")
    stage = Stage.objects.get(plan=plan, kind=StageKind.CONSULTATION)
    with time_machine.travel(stage.starts_at + dt.timedelta(minutes=1), tick=False):
        engine.tick()
        engine.tick()
    versions = CommitmentVersion.objects.filter(commitment__plan=plan)
    assert versions.count() == 2
    version = versions.get(commitment__number=1)
    assert version.kind == "consulted"
    assert version.content["milestones"][1]["title"] == "Hito 2 del compromiso 1"
    assert EffectRun.objects.filter(effect__endswith="freeze_draft", status="done").count() == 1
    assert services.open_consultation(plan) == 0  # run again by staff: nothing new


def revise(staff_client, commitment, **changes):
    data = {
        "title": commitment.title,
        "problem": commitment.problem,
        "description": commitment.description,
        "expected_results": "",
        "summary": "Se precisó la frecuencia de publicación.",
        "hitos-TOTAL_FORMS": "1",
        "hitos-INITIAL_FORMS": "0",
        "hitos-0-title": "Publicar el diagnóstico",
        "hitos-0-deliverable": "Informe",
        "hitos-0-start_date": "2030-03-01",
        "hitos-0-end_date": "2030-06-30",
        **changes,
    }
    return staff_client.post(f"/gestion/consulta/compromisos/{commitment.pk}/texto/", data)


@pytest.fixture
def consulted(db):
    plan = draft_plan("past")
    services.open_consultation(plan)
    return plan.commitments.get(number=1)


def test_staff_revise_the_text_and_the_public_sees_what_changed_word_by_word(
    client, staff_client, consulted
):
    comment = CommentFactory(commitment=consulted, text="Publiquen cada mes, por favor.")
    response = revise(
        staff_client, consulted, description="Publicar datos abiertos cada mes en formato CSV."
    )
    assert response.status_code == 302
    version = CommitmentVersion.objects.get(commitment=consulted, kind="revised")
    assert version.number == 2
    staff_client.post(
        f"/gestion/consulta/comentarios/{comment.pk}/",
        {"outcome": "incorporated", "reason": "Se agregó la frecuencia.", "version": version.pk},
    )
    assert Response.objects.get().version == version
    client.logout()
    html = client.get(
        f"/planes/{consulted.plan.slug}/compromisos/{consulted.number}/cambios/"
    ).content.decode()
    assert "Publicar datos abiertos" in html
    assert (
        '<ins class="diff-ins"><span class="visually-hidden">[se agregó: </span>'
        " cada mes en formato CSV" in html
    )
    assert "Se precisó la frecuencia de publicación." in html
    assert f'id="version-{version.pk}"' in html
    assert "Publiquen cada mes, por favor." in html  # the comment that led to it
    assert "Hito 2" in html  # the second milestone was removed: compared with nothing


def test_the_text_cannot_change_while_people_comment_on_it(staff_client, commitment):
    services.open_consultation(commitment.plan)
    response = revise(staff_client, commitment, title="Otro título")
    assert response.status_code == 400
    assert "el texto no puede cambiar mientras la gente lo comenta" in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.title != "Otro título"


def test_the_comparison_is_by_word():
    pieces = diffing.words("publicar los datos cada mes", "publicar los datos abiertos cada semana")
    assert [(p.op, p.text) for p in pieces] == [
        ("equal", "publicar los datos "),
        ("insert", "abiertos "),
        ("equal", "cada "),
        ("delete", "mes"),
        ("insert", "semana"),
    ]
