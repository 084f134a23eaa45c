"""Hostile input to every new form gets a clear Spanish message, never a 500,
and nothing half-saved."""

from __future__ import annotations

import pytest

from consultation.models import Comment, Flag, Response
from core.models import OutboundEmail
from tests.consultation.factories import CommentFactory, draft_plan
from tests.consultation.helpers import comment_data, started

pytestmark = pytest.mark.django_db

HOSTILE = {
    "a script": ({"text": "<script>alert(1)</script>"}, None),  # stored, shown escaped
    "100 KB of text": ({"text": "x" * 100_000}, "menos de 3000 caracteres"),
    "a null byte": ({"text": "hola\x00mundo"}, "caracteres nulos no están permitidos"),
    "a null byte in the name": ({"name": "Ana\x00"}, "caracteres nulos no están permitidos"),
    "a forged stance": ({"stance": "delete"}, "Escoja una opción válida"),
    "a forged sector": ({"sector": "admin"}, "Escoja una opción válida"),
    "a forged section": ({"section": "milestone-999999999999999999999"}, "Elige una de las partes"),
    "a forged milestone id": ({"section": "milestone-1e3"}, "Elige una de las partes"),
    "an e-mail that is not one": ({"email": "no-es-correo"}, "correo"),
    "no consent": ({"consent": ""}, "Necesitamos tu consentimiento"),
    "a forged form stamp": ({"started": "falso"}, "El formulario venció"),
}


def forms(commitment, parent):
    plan = commitment.plan
    return {
        "commitment": f"/planes/{plan.slug}/compromisos/{commitment.number}/consulta/comentar/",
        "plan": f"/planes/{plan.slug}/consulta/comentar/",
        "reply": f"/consulta/comentarios/{parent.pk}/responder/",
    }


@pytest.mark.parametrize("form", ["commitment", "plan", "reply"])
@pytest.mark.parametrize("what", HOSTILE)
def test_hostile_comments_are_refused_in_spanish(client, commitment, form, what):
    parent = CommentFactory(commitment=commitment)
    fields, message = HOSTILE[what]
    if form != "commitment" and "section" in fields:
        pytest.skip("only a commitment's form has sections")
    client.raise_request_exception = False
    response = client.post(forms(commitment, parent)[form], comment_data(**fields))
    if message is None:
        assert response.status_code == 302
        comment = Comment.objects.exclude(pk=parent.pk).get()
        comment.status = "published"
        comment.save()
        where = comment.get_absolute_url().split("#")[0]
        html = client.get(where).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        return
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Comment.objects.count() == 1  # the parent only
    assert not OutboundEmail.objects.exists()


def test_a_milestone_of_another_commitment_is_refused(client, plan):
    one, two = plan.commitments.order_by("number")
    other = two.milestones.first()
    response = client.post(
        f"/planes/{plan.slug}/compromisos/1/consulta/comentar/",
        comment_data(section=f"milestone-{other.pk}"),
    )
    assert response.status_code == 400
    assert "Elige una de las partes" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("pk", ["99999999999999999999", "0", "-1", "abc"])
def test_an_odd_comment_address_is_not_found(client, commitment, pk):
    client.raise_request_exception = False
    for action in ("responder", "reportar"):
        response = client.post(f"/consulta/comentarios/{pk}/{action}/", comment_data())
        assert response.status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"reason": "delete"}, "Escoja una opción válida"),
        ({"reason": "spam", "note": "x" * 100_000}, "menos de 500 caracteres"),
        ({"reason": "spam", "note": "a\x00b"}, "caracteres nulos no están permitidos"),
        ({"reason": ""}, "Elige un motivo"),
    ],
)
def test_hostile_reports_are_refused_in_spanish(client, commitment, fields, message):
    comment = CommentFactory(commitment=commitment)
    data = {"website": "", "started": started(), **fields}
    response = client.post(f"/consulta/comentarios/{comment.pk}/reportar/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Flag.objects.exists()


@pytest.mark.parametrize("token", ["x" * 5000, "a\x00b", "../../etc", "🙂"])
def test_an_odd_confirmation_link_is_not_found(client, token):
    client.raise_request_exception = False
    assert client.post(f"/consulta/confirmar/{token}/").status_code == 404


def test_the_forms_of_a_plan_without_consultation_are_not_found(client, db):
    from tests.plans.factories import CommitmentFactory

    commitment = CommitmentFactory()
    path = f"/planes/{commitment.plan.slug}/compromisos/{commitment.number}/consulta/comentar/"
    assert client.post(path, comment_data()).status_code == 404


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"outcome": "deleted", "reason": "x"}, "Elige uno de los resultados"),
        ({"outcome": "incorporated", "reason": "x" * 100_000}, "menos de 3000 caracteres"),
        ({"outcome": "incorporated", "reason": "a\x00b"}, "caracteres nulos no están permitidos"),
        (
            {"outcome": "incorporated", "reason": "x", "version": "99999999999999999999"},
            "Escoja una opción válida",
        ),
    ],
)
def test_hostile_responses_are_refused_in_spanish(staff_client, commitment, fields, message):
    comment = CommentFactory(commitment=commitment)
    response = staff_client.post(f"/gestion/consulta/comentarios/{comment.pk}/", fields)
    assert message in staff_client.get(response["Location"]).content.decode()
    assert not Response.objects.exists()


def test_a_version_of_another_commitment_is_refused(staff_client, plan):
    from consultation import services

    services.open_consultation(plan)
    one, two = plan.commitments.order_by("number")
    comment = CommentFactory(commitment=one)
    other = two.versions.get()
    response = staff_client.post(
        f"/gestion/consulta/comentarios/{comment.pk}/",
        {"outcome": "incorporated", "reason": "x", "version": other.pk},
    )
    assert "Escoja una opción válida" in staff_client.get(response["Location"]).content.decode()
    assert not Response.objects.exists()


def test_a_bulk_response_with_a_null_in_one_reason_saves_nothing(staff_client, commitment):
    first, second = (CommentFactory(commitment=commitment) for _ in range(2))
    response = staff_client.post(
        "/gestion/consulta/comentarios/responder/",
        {
            "ids": [first.pk, second.pk],
            "outcome": "incorporated",
            "reason": "Común",
            f"reason-{second.pk}": "a\x00b",
        },
    )
    assert "ningún carácter nulo" in staff_client.get(response["Location"]).content.decode()
    assert not Response.objects.exists()


def test_a_plan_page_of_a_plan_in_another_state(client, db):
    plan = draft_plan("upcoming")
    assert client.get(f"/planes/{plan.slug}/consulta/").status_code == 200
