"""Staff answer every comment with a reason, one by one or in bulk; the
response is public under the comment and e-mailed once; the stage cannot be
marked answered while one comment lacks a response."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from consultation.models import CommentStatus, Consultation, Response
from core.models import ActivityLog, OutboundEmail
from stages.models import Stage
from tests.consultation.factories import CommentFactory

pytestmark = pytest.mark.django_db


def public_page(client, commitment) -> str:
    client.logout()
    return client.get(
        f"/planes/{commitment.plan.slug}/compromisos/{commitment.number}/consulta/"
    ).content.decode()


def test_a_response_is_public_under_the_comment_and_e_mailed_once(staff_client, commitment):
    comment = CommentFactory(commitment=commitment, email="autor@example.org")
    for reason in ("Se agregó al hito 2.", "Se agregó al hito 2, con plazo."):
        response = staff_client.post(
            f"/gestion/consulta/comentarios/{comment.pk}/",
            {"outcome": "incorporated", "reason": reason},
        )
        assert response.status_code == 302
    assert Response.objects.get().reason == "Se agregó al hito 2, con plazo."
    emails = OutboundEmail.objects.filter(template="comment_response")
    assert emails.count() == 1
    assert emails.get().to == "autor@example.org"
    html = public_page(staff_client, commitment)
    assert "Respuesta de la Mesa de Gobierno Abierto" in html
    assert "Incorporado" in html and "Se agregó al hito 2, con plazo." in html
    actions = ActivityLog.objects.values_list("action", flat=True)
    assert {"comment.answered", "comment.answer_changed"} <= set(actions)


def test_many_comments_are_answered_at_once_with_per_comment_edits(staff_client, commitment):
    first, second, third = (CommentFactory(commitment=commitment) for _ in range(3))
    response = staff_client.post(
        "/gestion/consulta/comentarios/responder/",
        {
            "ids": [first.pk, second.pk, third.pk],
            "outcome": "not_incorporated",
            "reason": "Excede lo que el compromiso puede abordar.",
            f"reason-{second.pk}": "Se considerará en el próximo plan.",
        },
    )
    assert response.status_code == 302
    reasons = dict(Response.objects.values_list("comment_id", "reason"))
    assert reasons == {
        first.pk: "Excede lo que el compromiso puede abordar.",
        second.pk: "Se considerará en el próximo plan.",
        third.pk: "Excede lo que el compromiso puede abordar.",
    }
    assert OutboundEmail.objects.filter(template="comment_response").count() == 3
    assert (
        "Se respondieron 3 comentarios." in staff_client.get(response["Location"]).content.decode()
    )


def test_a_bulk_response_without_any_reason_saves_nothing(staff_client, commitment):
    first, second = (CommentFactory(commitment=commitment) for _ in range(2))
    response = staff_client.post(
        "/gestion/consulta/comentarios/responder/",
        {"ids": [first.pk, second.pk], "outcome": "incorporated", f"reason-{first.pk}": "Sí."},
    )
    page = staff_client.get(response["Location"]).content.decode()
    assert "Escribe un motivo común, o un motivo para cada comentario seleccionado." in page
    assert not Response.objects.exists()


def test_unconfirmed_and_hidden_comments_are_not_answered(staff_client, commitment):
    pending = CommentFactory(commitment=commitment, status=CommentStatus.PENDING)
    staff_client.post(
        "/gestion/consulta/comentarios/responder/",
        {"ids": [pending.pk], "outcome": "incorporated", "reason": "x"},
    )
    assert not Response.objects.exists()


def close(plan) -> None:
    Stage.objects.filter(plan=plan).update(ends_at=timezone.now() - dt.timedelta(minutes=1))


def test_the_stage_cannot_be_marked_answered_while_one_comment_lacks_a_response(
    staff_client, plan, commitment
):
    answered = CommentFactory(commitment=commitment)
    Response.objects.create(comment=answered, outcome="incorporated", reason="Sí")
    unanswered = CommentFactory(plan=plan, commitment=None)
    CommentFactory(commitment=commitment, status=CommentStatus.PENDING)  # not counted
    CommentFactory(commitment=commitment, status=CommentStatus.HIDDEN)  # answered by hiding
    close(plan)
    url = f"/gestion/consulta/planes/{plan.pk}/respondida/"
    page = staff_client.get(staff_client.post(url)["Location"]).content.decode()
    assert "A 1 comentario(s) les falta respuesta" in page
    assert not Consultation.objects.filter(answered_at__isnull=False).exists()
    Response.objects.create(comment=unanswered, outcome="out_of_scope", reason="Otro plan")
    page = staff_client.get(staff_client.post(url)["Location"]).content.decode()
    assert "La consulta quedó marcada como respondida." in page
    assert Consultation.objects.get(plan=plan).answered_at is not None


def test_an_open_consultation_cannot_be_marked_answered(staff_client, plan):
    staff_client.post(f"/gestion/consulta/planes/{plan.pk}/respondida/")
    assert not Consultation.objects.filter(answered_at__isnull=False).exists()


def test_the_staff_area_says_how_many_remain_per_commitment(staff_client, plan):
    one, two = plan.commitments.order_by("number")
    CommentFactory(commitment=one)
    CommentFactory(commitment=one)
    CommentFactory(commitment=two)
    Response.objects.create(comment=CommentFactory(commitment=two), outcome="partly", reason="x")
    page = staff_client.get(f"/gestion/consulta/?plan={plan.slug}").content.decode()
    assert "3 comentarios esperan respuesta." in page
    assert 'compromiso=1">2</a>' in page
    assert 'compromiso=2">1</a>' in page
    home = staff_client.get("/gestion/").content.decode()
    assert "comentarios esperan respuesta" in home
