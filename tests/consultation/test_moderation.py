"""Anyone can report a comment; three different people hide it until a
moderator decides; moderators hide with a public reason or restore; every
action is in the activity log."""

from __future__ import annotations

import pytest

from consultation.models import CommentStatus, Flag
from core.models import ActivityLog
from tests.consultation.factories import CommentFactory
from tests.consultation.helpers import started

pytestmark = pytest.mark.django_db


def report(client, comment, address: str, reason: str = "spam"):
    return client.post(
        f"/consulta/comentarios/{comment.pk}/reportar/",
        {"reason": reason, "note": "", "website": "", "started": started()},
        REMOTE_ADDR=address,
    )


def page(client, comment) -> str:
    plan = comment.plan
    return client.get(
        f"/planes/{plan.slug}/compromisos/{comment.commitment.number}/consulta/"
    ).content.decode()


@pytest.fixture
def comment(commitment):
    return CommentFactory(commitment=commitment, text="Un texto que alguien reporta")


def test_three_different_people_hide_a_comment_until_a_moderator_acts(client, comment):
    for address in ("10.0.0.1", "10.0.0.2"):
        assert report(client, comment, address).status_code == 200
    assert "Un texto que alguien reporta" in page(client, comment)
    report(client, comment, "10.0.0.3")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.FLAGGED
    html = page(client, comment)
    assert "Un texto que alguien reporta" not in html
    assert "está oculto hasta que lo revise" in html
    # More reports, time: it stays hidden; nobody but a moderator brings it back.
    report(client, comment, "10.0.0.4")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.FLAGGED
    assert "Un texto que alguien reporta" not in page(client, comment)
    actions = ActivityLog.objects.filter(target_id=str(comment.pk)).values_list("action", flat=True)
    assert list(actions).count("comment.flagged") == 4
    assert "comment.hidden_by_flags" in actions


def test_one_person_counts_once(client, comment):
    report(client, comment, "10.0.0.1")
    again = report(client, comment, "10.0.0.1")
    assert again.status_code == 409
    assert "Ya reportaste este comentario" in again.content.decode()
    report(client, comment, "10.0.0.2")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert Flag.objects.count() == 2


def test_who_reported_is_kept_only_as_a_keyed_hash(client, comment):
    report(client, comment, "10.9.8.7")
    flag = Flag.objects.get()
    assert "10.9.8.7" not in flag.flagger
    assert len(flag.flagger) == 64


def test_a_moderator_restores_a_flagged_comment(client, staff_client, comment):
    for n in range(3):
        report(client, comment, f"10.0.0.{n}")
    response = staff_client.post(
        f"/gestion/consulta/comentarios/{comment.pk}/moderar/", {"action": "restore"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert not Flag.objects.filter(reviewed_at__isnull=True).exists()
    client.logout()
    assert "Un texto que alguien reporta" in page(client, comment)
    # Earlier reports were settled: one more does not hide it again.
    report(client, comment, "10.0.0.9")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert ActivityLog.objects.filter(action="comment.restored", actor__isnull=False).exists()


def test_a_moderator_hides_with_a_public_reason(client, staff_client, comment):
    staff_client.post(
        f"/gestion/consulta/comentarios/{comment.pk}/moderar/",
        {"action": "hide", "reason": "Contiene datos personales de un tercero."},
    )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN
    client.logout()
    html = page(client, comment)
    assert "Un texto que alguien reporta" not in html
    assert "La moderación ocultó este comentario: Contiene datos personales de un tercero." in html
    entry = ActivityLog.objects.get(action="comment.hidden")
    assert entry.is_public and entry.message == "Contiene datos personales de un tercero."


def test_hiding_without_a_reason_is_refused(staff_client, comment):
    response = staff_client.post(
        f"/gestion/consulta/comentarios/{comment.pk}/moderar/", {"action": "hide", "reason": " "}
    )
    assert (
        "Di por qué se oculta el comentario"
        in staff_client.get(response["Location"]).content.decode()
    )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED


def test_an_unconfirmed_comment_cannot_be_reported(client, commitment):
    pending = CommentFactory(commitment=commitment, status=CommentStatus.PENDING)
    assert report(client, pending, "10.0.0.1").status_code == 404
    assert not Flag.objects.exists()
