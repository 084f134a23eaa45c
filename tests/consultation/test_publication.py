"""Stage 7: the plan publishes itself on its date, once; its PDF holds every
commitment with its milestones and no commenter's e-mail, and is drawn
without the network."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.utils import timezone
from pypdf import PdfReader

from consultation import pdf, selectors, services
from consultation.models import Publication
from core.models import ActivityLog
from plans.models import ActionPlan
from stages import engine
from stages.models import EffectRun, StageKind
from tests.consultation.factories import CommentFactory, draft_plan
from tests.stages.factories import StageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(db):
    plan = draft_plan("past")
    now = timezone.now()
    StageFactory(
        plan=plan,
        kind=StageKind.PUBLICATION,
        starts_at=now + dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=10),
    )
    return plan


def test_the_plan_publishes_itself_on_its_date_exactly_once(client, plan):
    assert client.get(f"/planes/{plan.slug}/plan-de-accion/").status_code == 404
    stage = plan.stages.get(kind=StageKind.PUBLICATION)
    with time_machine.travel(stage.starts_at - dt.timedelta(minutes=1), tick=False):
        engine.tick()
    assert not Publication.objects.exists()
    with time_machine.travel(stage.starts_at + dt.timedelta(minutes=1), tick=False):
        engine.tick()
        engine.tick()
    with time_machine.travel(stage.starts_at + dt.timedelta(minutes=5), tick=False):
        engine.tick()
    publication = Publication.objects.get()
    assert publication.plan == plan
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.IMPLEMENTATION
    assert ActivityLog.objects.filter(action="plan.published").count() == 1
    assert EffectRun.objects.filter(effect__endswith="publish_plan").count() == 1
    assert services.publish(plan) is None  # run again by staff: nothing new
    assert Publication.objects.count() == 1
    assert client.get(f"/planes/{plan.slug}/plan-de-accion/").status_code == 200


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def fonts(content: bytes) -> set[str]:
    """The typefaces the PDF embeds (the portal's own, from its own files)."""
    names = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_the_pdf_holds_every_commitment_and_its_milestones_and_no_e_mail(client, plan):
    CommentFactory(commitment=plan.commitments.first(), email="secreto@example.org")
    services.publish(plan)
    response = client.get(f"/planes/{plan.slug}/plan-de-accion.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    for commitment in plan.commitments.prefetch_related("milestones"):
        assert commitment.title in text
        for milestone in commitment.milestones.all():
            assert milestone.title in text
    assert plan.title in text
    assert "El proceso seguido" in text
    assert "Resumen de la consulta pública" in text
    assert "secreto@example.org" not in text
    assert b"secreto@example.org" not in response.content
    assert any("Roboto" in name for name in fonts(response.content)), fonts(response.content)


def test_the_pdf_fetches_nothing_from_the_network():
    with pytest.raises(pdf.RemoteResourceRefused):
        pdf.check_local("https://fonts.example.org/roboto.woff2")
    with pytest.raises(pdf.RemoteResourceRefused):
        pdf.check_local("file:///etc/passwd")
    font = pdf.STATIC / "vendor/roboto-5.3.0/files/roboto-latin-400-normal.woff2"
    pdf.check_local(font.as_uri())  # the portal's own typeface is fine


def test_the_pdf_template_names_no_remote_address():
    from pathlib import Path

    from django.conf import settings

    templates = Path(settings.BASE_DIR) / "consultation/templates/consultation"
    for path in [
        templates / "pdf/plan.html",
        templates / "includes/plan_body.html",
        *pdf.STYLESHEETS,
    ]:
        text = path.read_text()
        assert "http:" not in text and "https:" not in text, path


def test_a_plan_still_in_co_creation_has_no_pdf(client, db):
    plan = draft_plan("open")
    assert client.get(f"/planes/{plan.slug}/plan-de-accion.pdf").status_code == 404


def test_the_published_plan_page_offers_the_pdf_and_the_open_data(client, plan):
    services.publish(plan)
    html = client.get(f"/planes/{plan.slug}/plan-de-accion/").content.decode()
    assert f"/planes/{plan.slug}/plan-de-accion.pdf" in html
    assert f"/planes/{plan.slug}/compromisos.csv" in html
    assert f"/planes/{plan.slug}/consulta/informe.json" in html
    data = selectors.published_plan(plan.slug)
    assert [c.number for c in data.commitments] == [1, 2]
