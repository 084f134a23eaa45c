"""No public read ever selects a personal column: the SQL of every public page,
download and feed is inspected, column by column, against what each model
declares personal (core/public.py)."""

from __future__ import annotations

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from consultation import services as services_consultation
from consultation.models import Response
from core import public
from plans.models import ActionPlan, Forum
from proposals import selectors
from proposals.models import Proposal, Status
from selection import selectors as selection_selectors
from selection.models import Assessment, Decision, SelectionReport
from tests.consultation.factories import CommentFactory
from tests.consultation.factories import draft_plan as consultation_plan
from tests.core.factories import UserFactory
from tests.helpers import create_demo_process
from tests.plans.factories import CommitmentFactory
from tests.proposals.factories import ProposalFactory
from tests.tracking.factories import upload
from tests.worktables.factories import (
    DraftFactory,
    EventFactory,
    RegistrationFactory,
    TableSessionFactory,
)
from tracking import files as evidence_files
from tracking import selectors as tracking_selectors
from tracking import services as tracking_services
from worktables import selectors as worktable_selectors
from worktables.models import DraftProposal, Minutes, TableAssignment

pytestmark = pytest.mark.django_db


def personal_references(sql: str) -> list[str]:
    found = []
    for table, columns in public.personal_columns().items():
        for column in columns:
            if re.search(rf'"{table}"\."{column}"', sql):
                found.append(f"{table}.{column}")
    return found


@pytest.fixture
def record(seeded, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo = create_demo_process()
    fifth = ActionPlan.objects.get(number=5, origin="official")
    survivor = ProposalFactory(plan=fifth, status=Status.PUBLISHED, show_name=True)
    merged = ProposalFactory(plan=fifth, status=Status.MERGED, merged_into=survivor)
    received = ProposalFactory(plan=demo, status=Status.RECEIVED)
    commitment = CommitmentFactory(plan=fifth, number=99)
    # Stages 1, 3 and 4: a session with people registered, a table with a
    # proposal, a published draft, published minutes.
    session = TableSessionFactory(table__plan=fifth)
    table = session.table
    RegistrationFactory(event=session)
    RegistrationFactory(event=EventFactory(plan=fifth), status="waiting")
    TableAssignment.objects.create(proposal=survivor, table=table)
    draft = DraftFactory(table=table, published_at=session.starts_at)
    DraftProposal.objects.create(draft=draft, proposal=survivor)
    Minutes.objects.create(event=session, text="Acta", published_at=session.starts_at)
    milestone = commitment.milestones.create(number=1, title="Diagnóstico")
    officer = UserFactory(username="encargada", email="encargada@example.org", is_staff=True)
    pdf = upload()
    update = tracking_services.report(
        milestone.pk,
        status="limited",
        note="Avance con evidencia.",
        author=officer,
        files=[tracking_services.File(pdf, evidence_files.detect(pdf))],
    )
    tracking_services.dispute(update.pk, "Sin respaldo suficiente.", officer)
    # Stage 5: a member's score with an internal comment, a decision by a named
    # member of staff, the report public, the forum naming scores by its rules.
    forum = Forum.objects.get()
    seat = forum.members.exclude(role="observer").first()
    seat.user = officer
    seat.save()
    forum.publish_member_scores = True
    forum.save()
    Assessment.objects.create(
        draft=draft, member=seat, verifiable=True, potential="modest", feasibility="high",
        comment="Comentario interno de la Mesa.",
    )  # fmt: skip
    Decision.objects.create(
        draft=draft, outcome="not_selected", public_reason="No cabe.", draft_version=1,
        decided_by=officer,
    )  # fmt: skip
    SelectionReport.objects.create(plan=fifth)
    # Stages 6 and 7: a consultation with comments (one a reply, one
    # answered, one hidden), a revised text and the published plan.
    consulted = consultation_plan("past")
    services_consultation.open_consultation(consulted)
    first = consulted.commitments.get(number=1)
    comment = CommentFactory(commitment=first, email="comentarista@example.org")
    CommentFactory(commitment=first, parent=comment, email="replica@example.org")
    CommentFactory(commitment=first, status="hidden", hidden_reason="Spam")
    CommentFactory(plan=consulted, commitment=None, email="todo-el-plan@example.org")
    Response.objects.create(comment=comment, outcome="partly", reason="En parte", author=officer)
    services_consultation.publish(consulted)
    return {
        "evidence": update.evidence.get(),
        "survivor": survivor,
        "merged": merged,
        "received": received,
        "commitment": commitment,
        "session": session,
        "table": table,
        "draft": draft,
        "consulted": consulted,
        "consulted_commitment": first,
    }


def consultation_paths(record) -> list[str]:
    plan, commitment = record["consulted"], record["consulted_commitment"]
    base = f"/planes/{plan.slug}"
    return [
        f"{base}/consulta/",
        f"{base}/consulta/comentar/",
        f"{base}/consulta/informe/",
        f"{base}/consulta/informe.csv",
        f"{base}/consulta/informe.json",
        f"{base}/compromisos/{commitment.number}/consulta/",
        f"{base}/compromisos/{commitment.number}/consulta/?pagina=2",
        f"{base}/compromisos/{commitment.number}/consulta/comentar/",
        f"{base}/compromisos/{commitment.number}/cambios/",
        f"{base}/compromisos/{commitment.number}/origen/",
        f"{base}/plan-de-accion/",
        f"{base}/plan-de-accion.pdf",
        f"{base}/compromisos/{commitment.number}/",
        f"{base}/",
        "/consulta/comentario-enviado/",
    ]


def public_paths(record) -> list[str]:
    commitment = record["commitment"]
    return [
        "/",
        "/en/",
        "/planes/",
        commitment.plan.get_absolute_url(),
        commitment.get_absolute_url(),
        "/planes/proceso-de-demostracion/",
        f"/planes/{commitment.plan.slug}/calendario.ics",
        f"/planes/{commitment.plan.slug}/compromisos.csv",
        f"/planes/{commitment.plan.slug}/compromisos.json",
        "/mesa-de-gobierno-abierto/",
        "/accesibilidad/",
        f"/planes/{commitment.plan.slug}/compartir.png",
        f"/planes/{commitment.plan.slug}/compromisos/{commitment.number}/compartir.png",
        "/propuestas/",
        "/propuestas/?q=presupuesto&value=transparency",
        "/propuestas/?plan=proceso-de-demostracion",
        record["survivor"].get_absolute_url(),
        record["merged"].get_absolute_url(),
        f"/propuestas/seguimiento/{record['received'].tracking_code}/",
        f"/propuestas/seguimiento/{record['merged'].tracking_code}/",
        "/propuestas/propuestas.csv",
        "/propuestas/propuestas.json",
        "/avisos/",
        f"/planes/{commitment.plan.slug}/jornadas/",
        "/planes/proceso-de-demostracion/jornadas/",
        record["session"].get_absolute_url(),
        f"/eventos/{record['session'].pk}/inscripcion/",
        f"/eventos/{record['session'].pk}/inscripcion/enviada/",
        record["table"].get_absolute_url(),
        record["draft"].get_absolute_url(),
        "/avance/",
        "/avance/?plan=plan-5-2020-2022&status=limited&value=transparency",
        f"/planes/{commitment.plan.slug}/avance/",
        "/planes/proceso-de-demostracion/avance/",
        "/repositorio/",
        "/repositorio/?q=diagnostico&stage=implementation",
        "/repositorio/?plan=proceso-de-demostracion",
        f"/repositorio/evidencia/{record['evidence'].pk}/",
        f"/planes/{commitment.plan.slug}/seleccion/",
        "/planes/proceso-de-demostracion/seleccion/",
    ]


def test_no_consultation_page_export_or_pdf_shows_a_commenters_e_mail(client, record):
    for path in consultation_paths(record):
        response = client.get(path)
        assert response.status_code == 200, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        for address in ("comentarista", "replica@", "todo-el-plan", "@example.org"):
            assert address.encode() not in body, (path, address)
        if path.endswith(".pdf"):
            text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
            assert "@" not in text, path


def test_the_personal_columns_are_declared():
    columns = public.personal_columns()
    assert set(columns["proposals_proposal"]) >= {"name", "email", "organisation"}
    assert "internal_note" in columns["proposals_proposalevent"]
    assert set(columns["worktables_registration"]) >= {
        "name",
        "email",
        "organisation",
        "accessibility_needs",
        "token",
    }
    assert "online_url" in columns["worktables_event"]
    assert set(columns["tracking_progressupdate"]) == {"author_id", "disputed_by_id"}
    assert columns["tracking_officer"] == ("user_id",)
    assert columns["selection_assessment"] == ("comment",)
    assert columns["selection_decision"] == ("decided_by_id",)
    assert {"email", "token", "consent_at"} <= set(columns["consultation_comment"])
    assert set(columns["consultation_flag"]) == {"flagger", "note"}


def test_no_public_page_selects_a_personal_column(client, record):
    for path in public_paths(record) + consultation_paths(record):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200, path
        for query in queries:
            assert not personal_references(query["sql"]), (path, query["sql"])


def test_no_public_selector_selects_a_personal_column(record):
    survivor = record["survivor"]
    querysets = [
        selectors.public_proposals(),
        selectors.public_proposals(origin=None),
        selectors.filter_public({"q": "datos", "value": "transparency", "plan": "x"}),
        selectors.public_events(),
        tracking_selectors.public_updates(),
        tracking_selectors.documents(tracking_selectors.DocumentQuery(text="acta")),
    ]
    for queryset in querysets:
        assert not personal_references(str(queryset.query)), str(queryset.query)
    querysets += [
        worktable_selectors.public_events(),
        worktable_selectors.published_drafts(),
    ]
    for queryset in querysets:
        assert not personal_references(str(queryset.query)), str(queryset.query)
    with CaptureQueriesContext(connection) as queries:
        selectors.public_proposal(survivor.pk).events.all()
        selectors.tracked_proposal(survivor.tracking_code)
        worktable_selectors.plan_events(survivor.plan.slug)
        worktable_selectors.event_for_page(record["session"].pk)
        worktable_selectors.table_for_page(record["table"].pk)
        worktable_selectors.draft_for_page(record["draft"].pk)
        worktable_selectors.plan_panel(survivor.plan)
        selection_selectors.report(survivor.plan.slug, "1")
        selection_selectors.draft_panel(record["draft"])
        selection_selectors.plan_panel(survivor.plan)
    assert queries.captured_queries
    for query in queries:
        assert not personal_references(query["sql"]), query["sql"]


def test_the_check_itself_sees_a_personal_column():
    """The scan must be able to fail: a plain query does select the e-mail."""
    assert "proposals_proposal.email" in personal_references(str(Proposal.objects.all().query))
