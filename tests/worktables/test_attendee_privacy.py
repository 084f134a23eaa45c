"""Attendee data never reaches an anonymous visitor, an export or a feed: every
public address (each one the URL configuration has, checked below) is read
and scanned for the attendees' names, e-mails, organisations and needs, and
for the sessions' private links. Only the staff pages show them, and only to
staff with the permission."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from api.urls import router
from proposals.models import Status
from tests.core.factories import UserFactory
from tests.core.test_page_cache import _public_patterns
from tests.helpers import create_demo_process
from tests.proposals.factories import ProposalFactory
from tests.worktables.factories import (
    DraftFactory,
    EventFactory,
    RegistrationFactory,
    TableSessionFactory,
)
from worktables.models import Minutes, MinutesAttachment, TableAssignment

pytestmark = pytest.mark.django_db

SECRETS = [
    "Rosario Secreta Valdés",
    "rosario.secreta@example.org",
    "Colectivo Reservado",
    "Necesito intérprete de LSCh",
    "sala-privada-987",
]


@pytest.fixture
def world(seeded, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from plans.models import ActionPlan

    create_demo_process()
    fifth = ActionPlan.objects.get(number=5, origin="official")
    past = timezone.now() - dt.timedelta(days=2)
    session = TableSessionFactory(
        table__plan=fifth,
        starts_at=past,
        ends_at=past + dt.timedelta(hours=2),
        online_url="https://reunion.example.org/sala-privada-987",
    )
    upcoming = EventFactory(plan=fifth, online_url="https://reunion.example.org/sala-privada-987")
    later = EventFactory(plan=fifth)
    for event, status in ((session, "confirmed"), (upcoming, "waiting"), (later, "pending")):
        RegistrationFactory(
            event=event,
            status=status,
            name="Rosario Secreta Valdés",
            email="rosario.secreta@example.org",
            organisation="Colectivo Reservado",
            accessibility_needs="Necesito intérprete de LSCh",
        )
    proposal = ProposalFactory(plan=fifth, status=Status.ASSIGNED)
    TableAssignment.objects.create(proposal=proposal, table=session.table)
    draft = DraftFactory(table=session.table, published_at=timezone.now())
    minutes = Minutes.objects.create(event=session, text="Acta", published_at=timezone.now())
    document = MinutesAttachment(minutes=minutes, title="Presentación", size=10)
    document.file.save("a.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
    # Waiting, so without a seat: even their own page has no link to join.
    stranger = RegistrationFactory(
        event=upcoming, status="waiting", name="Otra Persona", email="otra@example.org"
    )
    return {
        "plan": fifth,
        "session": session,
        "upcoming": upcoming,
        "table": session.table,
        "draft": draft,
        "proposal": proposal,
        "commitment": fifth.commitments.first(),
        "document": document,
        "stranger": stranger,
    }


def paths(world) -> dict[str, str]:
    """One address for each public URL name."""
    plan, session = world["plan"], world["session"]
    token = world["stranger"].token
    commitment = world["commitment"].get_absolute_url()
    return {
        "stages:home": "/",
        "plans:plan_list": "/planes/",
        "plans:plan_detail": plan.get_absolute_url(),
        "plans:plan_commitments_csv": f"/planes/{plan.slug}/compromisos.csv",
        "plans:plan_commitments_json": f"/planes/{plan.slug}/compromisos.json",
        "plans:plan_document": f"/planes/{plan.slug}/documentos/1.pdf",
        "plans:commitment_detail": world["commitment"].get_absolute_url(),
        "plans:forum": "/mesa-de-gobierno-abierto/",
        "plans:forum_rules": "/mesa-de-gobierno-abierto/reglamento.pdf",
        "plans:forum_minutes": "/mesa-de-gobierno-abierto/sesiones/1/acta.pdf",
        "stages:plan_calendar_ics": f"/planes/{plan.slug}/calendario.ics",
        "stages:subscribe": "/avisos/",
        "stages:subscription_sent": "/avisos/enviado/",
        "stages:subscription_confirm": "/avisos/confirmar/x/",
        "stages:unsubscribe": "/avisos/baja/x/",
        "proposals:list": "/propuestas/",
        "proposals:start": "/propuestas/nueva/",
        "proposals:thanks": "/propuestas/gracias/",
        "proposals:track": "/propuestas/seguimiento/",
        "proposals:track_code": f"/propuestas/seguimiento/{world['proposal'].tracking_code}/",
        "proposals:privacy": "/propuestas/privacidad/",
        "proposals:erase": "/propuestas/privacidad/borrar/",
        "proposals:download_csv": "/propuestas/propuestas.csv",
        "proposals:download_json": "/propuestas/propuestas.json",
        "proposals:detail": world["proposal"].get_absolute_url(),
        "proposals:submit": f"/planes/{plan.slug}/proponer/",
        "worktables:plan_events": f"/planes/{plan.slug}/jornadas/",
        "worktables:event": session.get_absolute_url(),
        "worktables:register": f"/eventos/{world['upcoming'].pk}/inscripcion/",
        "worktables:registration_sent": f"/eventos/{world['upcoming'].pk}/inscripcion/enviada/",
        # A person's own page: it shows nobody else, and not even their name.
        "worktables:registration": f"/inscripciones/{token}/",
        "worktables:registration_confirm": f"/inscripciones/{token}/confirmar/",
        "worktables:registration_cancel": f"/inscripciones/{token}/cancelar/",
        "worktables:table": world["table"].get_absolute_url(),
        "worktables:draft": world["draft"].get_absolute_url(),
        "worktables:attachment": world["document"].get_absolute_url(),
        "manifest": "/manifest.webmanifest",
        "robots_txt": "/robots.txt",
        "sitemap_index": "/sitemap.xml",
        "sitemap_section": "/sitemap-propuestas.xml",
        "healthz": "/healthz",
        "core:accessibility": "/accesibilidad/",
        "core:privacy": "/privacidad/",
        "core:share_image": "/compartir/portal.png",
        "plans:plan_share_image": f"/planes/{plan.slug}/compartir.png",
        "plans:commitment_share_image": world["commitment"].get_absolute_url() + "compartir.png",
        # The form in steps: an unknown draft token answers 404, never someone's draft.
        "proposals:draft_begin": f"/planes/{plan.slug}/proponer/paso-1/",
        "proposals:draft_resume": f"/planes/{plan.slug}/proponer/borrador/x/",
        "proposals:draft_step": f"/planes/{plan.slug}/proponer/borrador/x/paso-1/",
        "proposals:draft_review": f"/planes/{plan.slug}/proponer/borrador/x/revisar/",
        "proposals:draft_save_link": f"/planes/{plan.slug}/proponer/borrador/x/guardar/",
        "selection:report": f"/planes/{plan.slug}/seleccion/",
        "tracking:dashboard": "/avance/",
        "tracking:plan_dashboard": f"/planes/{plan.slug}/avance/",
        "tracking:repository": "/repositorio/",
        "tracking:evidence_file": "/repositorio/evidencia/0/",
        "opendata:index": "/datos-abiertos/",
        "opendata:catalogue": "/datos-abiertos/catalogo.jsonld",
        "opendata:feed": "/datos-abiertos/novedades/resultados.atom",
        "opendata:dataset": "/datos-abiertos/sesiones/",
        "opendata:download": "/datos-abiertos/sesiones.csv",
        "api:api-root": "/api/v1/",
        "api:schema": "/api/schema/",
        "api:docs": "/api/docs/",
        **api_paths(),
        # The 5th plan's consultation is over: its pages, report and published plan.
        "consultation:plan": f"/planes/{plan.slug}/consulta/",
        "consultation:comment_plan": f"/planes/{plan.slug}/consulta/comentar/",
        "consultation:report": f"/planes/{plan.slug}/consulta/informe/",
        "consultation:report_csv": f"/planes/{plan.slug}/consulta/informe.csv",
        "consultation:report_json": f"/planes/{plan.slug}/consulta/informe.json",
        "consultation:commitment": f"{commitment}consulta/",
        "consultation:comment_commitment": f"{commitment}consulta/comentar/",
        "consultation:changes": f"{commitment}cambios/",
        "consultation:lineage": f"{commitment}origen/",
        "consultation:published_plan": f"/planes/{plan.slug}/plan-de-accion/",
        "consultation:plan_pdf": f"/planes/{plan.slug}/plan-de-accion.pdf",
        "consultation:reply": "/consulta/comentarios/999999/responder/",
        "consultation:flag": "/consulta/comentarios/999999/reportar/",
        "consultation:sent": "/consulta/comentario-enviado/",
        "consultation:confirm": "/consulta/confirmar/x/",
    }


def api_paths() -> dict[str, str]:
    """Every list of the API, and the first record of each (or a 404)."""
    from django.test import Client

    found = {}
    for prefix, _viewset, basename in router.registry:
        listing = f"/api/v1/{prefix}/"
        first = (Client().get(listing).json()["results"] or [{"id": 0}])[0]["id"]
        found[f"api:{basename}-list"] = listing + "?page_size=500"
        found[f"api:{basename}-detail"] = f"{listing}{first}/"
    return found


def read(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code < 500, path
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def test_every_public_address_is_scanned(world):
    names = {name for name, _view in _public_patterns()}
    assert names == set(paths(world)), "add the new public address to paths() above"


def test_no_public_page_export_or_feed_shows_an_attendee(client, world):
    for language in ("", "/en"):
        for name, path in paths(world).items():
            body = read(client, language + path)
            for secret in SECRETS:
                assert secret not in body, (name, secret)


def test_the_scan_would_see_an_attendee(client, world, staff_client):
    """The test above can fail: the staff page does show them."""
    page = staff_client.get(f"/gestion/mesas/sesiones/{world['session'].pk}/").content.decode()
    assert all(secret in page for secret in SECRETS[:4])


def test_the_attendee_export_is_refused_to_anyone_but_permitted_staff(client, world):
    path = f"/gestion/mesas/sesiones/{world['session'].pk}/inscritos.csv"
    anonymous = client.get(path)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
    client.force_login(UserFactory(username="sin-permiso", is_staff=True))
    refused = client.get(path)
    assert refused.status_code == 403
    assert not any(secret.encode() in refused.content for secret in SECRETS)


def test_a_persons_own_page_shows_neither_them_nor_anyone_else(client, world):
    page = read(client, f"/inscripciones/{world['stranger'].token}/")
    assert "Otra Persona" not in page
    assert "otra@example.org" not in page
