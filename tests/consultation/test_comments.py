"""A citizen comments on the draft plan: nothing is shown or counted until the
e-mail is confirmed; outside the stage nothing can be posted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from consultation.models import Comment, CommentStatus
from core.models import ActivityLog, OutboundEmail
from stages.models import Stage
from tests.consultation.factories import CommentFactory, draft_plan
from tests.consultation.helpers import comment_data, confirm_link

pytestmark = pytest.mark.django_db


def url(commitment) -> str:
    return f"/planes/{commitment.plan.slug}/compromisos/{commitment.number}/consulta/"


def test_an_unconfirmed_comment_is_neither_shown_nor_counted(client, commitment):
    response = client.post(url(commitment) + "comentar/", comment_data(text="Texto sin confirmar"))
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING
    page = client.get(url(commitment)).content.decode()
    assert "Texto sin confirmar" not in page
    assert "0 comentarios" in page
    plan_page = client.get(f"/planes/{commitment.plan.slug}/consulta/").content.decode()
    assert "0 comentarios" in plan_page


def test_the_link_in_the_e_mail_publishes_and_counts_it(client, commitment):
    client.post(url(commitment) + "comentar/", comment_data(text="Un texto que se publica"))
    link = confirm_link("rosa@example.org")
    asking = client.get(link)
    assert asking.status_code == 200
    assert Comment.objects.get().status == CommentStatus.PENDING  # a GET only asks
    assert "Publicar mi comentario" in asking.content.decode()
    client.post(link)
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PUBLISHED
    page = client.get(url(commitment)).content.decode()
    assert "Un texto que se publica" in page
    assert "1 comentario" in page
    assert "rosa@example.org" not in page
    assert ActivityLog.objects.filter(action="comment.confirmed").count() == 1
    client.post(link)  # a second click changes nothing
    assert ActivityLog.objects.filter(action="comment.confirmed").count() == 1


def test_a_posted_comment_shows_at_once_although_the_page_is_cached(client, commitment):
    comment = CommentFactory(commitment=commitment, status=CommentStatus.PENDING, text="Nuevo")
    assert client.get(url(commitment))["X-Page-Cache"] == "miss"
    assert client.get(url(commitment))["X-Page-Cache"] == "hit"
    client.post(f"/consulta/confirmar/{comment.token}/")
    assert "Nuevo" in client.get(url(commitment)).content.decode()


def test_outside_the_stage_nothing_can_be_posted(client):
    for state in ("upcoming", "past"):
        plan = draft_plan(state)
        commitment = plan.commitments.get(number=1)
        page = client.get(url(commitment) + "comentar/")
        assert page.status_code == 200
        assert "La consulta no está abierta" in page.content.decode()
        assert 'name="text"' not in page.content.decode()
        for path in (url(commitment) + "comentar/", f"/planes/{plan.slug}/consulta/comentar/"):
            assert client.post(path, comment_data()).status_code == 403
    parent = CommentFactory(commitment=commitment)
    assert (
        client.post(f"/consulta/comentarios/{parent.pk}/responder/", comment_data()).status_code
        == 403
    )
    assert Comment.objects.count() == 1  # the parent only


def test_a_comment_confirmed_after_the_stage_closed_is_not_published(client, commitment):
    client.post(url(commitment) + "comentar/", comment_data())
    link = confirm_link("rosa@example.org")
    Stage.objects.filter(plan=commitment.plan).update(
        ends_at=timezone.now() - dt.timedelta(minutes=1)
    )
    response = client.post(link)
    assert response.status_code == 409
    assert "no está abierta" in response.content.decode()
    assert Comment.objects.get().status == CommentStatus.PENDING


def test_a_comment_on_a_milestone_names_it(client, commitment):
    milestone = commitment.milestones.get(number=2)
    client.post(url(commitment) + "comentar/", comment_data(section=f"milestone-{milestone.pk}"))
    comment = Comment.objects.get()
    assert (comment.section, comment.milestone) == ("milestone", milestone)
    client.post(confirm_link("rosa@example.org"))
    assert "Sobre el hito 2" in client.get(url(commitment)).content.decode()


def test_a_comment_on_the_plan_as_a_whole(client, plan):
    client.post(f"/planes/{plan.slug}/consulta/comentar/", comment_data(text="Sobre todo el plan"))
    client.post(confirm_link("rosa@example.org"))
    comment = Comment.objects.get()
    assert comment.commitment is None
    assert "Sobre todo el plan" in client.get(f"/planes/{plan.slug}/consulta/").content.decode()


def test_replies_go_one_level_deep(client, commitment):
    parent = CommentFactory(commitment=commitment)
    response = client.post(
        f"/consulta/comentarios/{parent.pk}/responder/",
        comment_data(text="Respondo al comentario", email="otra@example.org"),
    )
    assert response.status_code == 302
    client.post(confirm_link("otra@example.org"))
    reply = Comment.objects.get(parent=parent)
    assert reply.commitment == commitment
    page = client.get(url(commitment)).content.decode()
    assert page.index(parent.text) < page.index("Respondo al comentario")
    assert client.get(f"/consulta/comentarios/{reply.pk}/responder/").status_code == 404


def test_the_honeypot_and_the_minimum_time_stop_robots(client, commitment, monkeypatch):
    from consultation import forms
    from tests.consultation.helpers import started

    client.post(url(commitment) + "comentar/", comment_data(website="http://spam.example"))
    assert not Comment.objects.exists()
    monkeypatch.setattr(forms, "MIN_FILL_SECONDS", 5)
    response = client.post(url(commitment) + "comentar/", comment_data(started=started(1)))
    assert response.status_code == 400
    assert "demasiado rápido" in response.content.decode()
    assert not Comment.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_many_comments_from_one_address_are_limited(client, commitment, monkeypatch):
    from consultation import views

    monkeypatch.setattr(views, "COMMENTS_PER_IP_PER_HOUR", 2)
    for n in range(2):
        client.post(url(commitment) + "comentar/", comment_data(email=f"p{n}@example.org"))
    response = client.post(url(commitment) + "comentar/", comment_data(email="p9@example.org"))
    assert response.status_code == 409
    assert "espera una hora" in response.content.decode()
    assert Comment.objects.count() == 2
