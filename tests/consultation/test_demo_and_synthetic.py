"""The demonstration process gains comments and responses; ``synthetic
--comments N`` makes N comments quickly and clears them."""

from __future__ import annotations

import io
import time

import pytest
from django.core.management import call_command

from consultation.models import Comment, CommitmentVersion, Response
from core.models import Origin
from tests.helpers import create_demo_process

pytestmark = pytest.mark.django_db


def test_the_demonstration_has_comments_and_responses(client, seeded):
    plan = create_demo_process()
    comments = Comment.objects.filter(plan=plan)
    assert comments.count() >= 4
    assert Response.objects.filter(comment__plan=plan).count() >= 3
    assert CommitmentVersion.objects.filter(commitment__plan=plan).exists()
    assert set(comments.values_list("origin", flat=True)) == {Origin.DEMO}
    html = client.get(f"/planes/{plan.slug}/compromisos/1/consulta/").content.decode()
    assert "Respuesta de la Mesa de Gobierno Abierto" in html
    create_demo_process()  # again: the same, not twice as many
    assert Comment.objects.filter(plan=plan).count() == comments.count()


def test_synthetic_comments_are_many_fast_and_cleared(db):
    out = io.StringIO()
    call_command("synthetic", "--plans", "2", "--commitments", "5", stdout=out)
    started = time.perf_counter()
    call_command("synthetic", "--comments", "20000", stdout=out)
    elapsed = time.perf_counter() - started
    assert Comment.objects.filter(origin=Origin.SYNTHETIC).count() == 20000
    assert elapsed < 30, elapsed
    answered = Response.objects.filter(comment__origin=Origin.SYNTHETIC).count()
    assert 10000 < answered < 16000
    assert not Comment.objects.exclude(origin=Origin.SYNTHETIC).exists()
    call_command("synthetic", "--clear", stdout=out)
    assert not Comment.objects.exists()
    assert not Response.objects.exists()
