"""The consultation report, public once the stage closes: per commitment, the
comments by stance, sector and region, how they were answered, what changed;
as a page, CSV and JSON. Unconfirmed comments are not counted."""

from __future__ import annotations

import csv
import io
import json

import pytest

from consultation import services
from consultation.models import CommentStatus, Response
from tests.consultation.factories import CommentFactory, draft_plan

pytestmark = pytest.mark.django_db


def test_before_the_stage_closes_the_report_waits(client, plan):
    page = client.get(f"/planes/{plan.slug}/consulta/informe/")
    assert page.status_code == 200
    assert "El informe se publica cuando cierra la consulta" in page.content.decode()
    assert client.get(f"/planes/{plan.slug}/consulta/informe.csv").status_code == 404


@pytest.fixture
def closed():
    plan = draft_plan("past")
    one = plan.commitments.get(number=1)
    agree = CommentFactory(commitment=one, stance="agree", sector="academia", region="maule")
    CommentFactory(commitment=one, stance="improve", sector="academia", region="biobio")
    CommentFactory(commitment=one, stance="disagree", status=CommentStatus.PENDING)
    CommentFactory(commitment=one, status=CommentStatus.HIDDEN, hidden_reason="Spam")
    CommentFactory(plan=plan, commitment=None, stance="disagree")
    Response.objects.create(comment=agree, outcome="incorporated", reason="Sí")
    services.open_consultation(plan)
    return plan


def test_the_report_counts_confirmed_comments_by_stance_sector_and_region(client, closed):
    html = client.get(f"/planes/{closed.slug}/consulta/informe/").content.decode()
    assert "2 comentarios" in html  # commitment 1: the unconfirmed and the hidden are out
    assert "1 incorporados total o parcialmente" in html
    assert "1 ocultados por la moderación" in html
    assert "Academia" in html and "Maule" in html


def test_the_report_as_csv_and_json(client, closed):
    response = client.get(f"/planes/{closed.slug}/consulta/informe.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    first = {
        (r["measure"], r["value"]): int(r["count"]) for r in rows if r["commitment_number"] == "1"
    }
    assert first[("comments", "total")] == 2
    assert first[("stance", "agree")] == 1
    assert first[("stance", "disagree")] == 0
    assert first[("sector", "academia")] == 2
    assert first[("region", "maule")] == 1
    assert first[("outcome", "incorporated")] == 1
    whole = [r for r in rows if r["commitment_number"] == "" and r["value"] == "disagree"]
    assert whole[0]["count"] == "1"
    data = json.loads(
        b"".join(client.get(f"/planes/{closed.slug}/consulta/informe.json").streaming_content)
    )
    assert data["format"] == "ogp-portal-consultation-report"
    one = data["commitments"][0]
    assert one["comments"] == 2 and one["by_outcome"]["incorporated"] == 1
    assert "email" not in json.dumps(data)
