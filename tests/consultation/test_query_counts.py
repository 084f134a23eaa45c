"""A commitment's consultation page with 5 000 comments runs the queries it
runs with 5, and is paginated."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultation.models import Comment, CommentStatus, Response
from core.cache import bump

pytestmark = pytest.mark.django_db


# The plan, its stages; (the commitment, its milestones;) the counts, the
# page of comments, their replies. Pinned: a new query is a conscious decision.
PINNED = {"commitment": 7, "plan": 6}


def grow(commitment, total: int) -> None:
    have = Comment.objects.filter(commitment=commitment).count()
    now = timezone.now()
    made = Comment.objects.bulk_create(
        Comment(
            plan=commitment.plan,
            commitment=commitment,
            stance=("agree", "disagree", "improve")[n % 3],
            text=f"Comentario {n}",
            name=f"Persona {n}",
            sector="citizen",
            region="biobio",
            email=f"p{n}@example.org",
            token=f"token-{n}",
            consent_at=now,
            status=CommentStatus.PUBLISHED,
            confirmed_at=now,
        )
        for n in range(have, total)
    )
    Response.objects.bulk_create(
        Response(comment=comment, outcome="partly", reason="x") for comment in made[::2]
    )
    # Replies to the first ones: each page shows some.
    Comment.objects.bulk_create(
        Comment(
            plan=commitment.plan,
            commitment=commitment,
            parent=parent,
            stance="agree",
            text="Respuesta",
            name="Otra",
            sector="citizen",
            region="maule",
            email="o@example.org",
            token=f"reply-{parent.pk}",
            consent_at=now,
            status=CommentStatus.PUBLISHED,
            confirmed_at=now,
        )
        for parent in made[:3]
    )
    bump()


def count(client, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("where", ["commitment", "plan"])
def test_the_page_runs_the_same_queries_with_5_and_5000_comments(client, commitment, where):
    plan = commitment.plan
    path = {
        "commitment": f"/planes/{plan.slug}/compromisos/{commitment.number}/consulta/",
        "plan": f"/planes/{plan.slug}/consulta/",
    }[where]
    grow(commitment, 5)
    small, _html = count(client, path)
    grow(commitment, 5000)
    large, _html = count(client, path)
    later, html = count(client, path + "?pagina=3")
    assert small == large == later, (small, large, later)
    assert small == PINNED[where]
    if where == "commitment":
        assert html.count('class="comment"') == 20
        assert "Página 3 de 250" in html
        assert "5003 comentarios" in html  # replies are comments too
