"""The staff pages of sessions and work tables, as MGA staff use them: only
with the permission; scheduling and changing sessions, the attendee list,
minutes with their PDFs, drafts, proposals set aside, early publication."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import ActivityLog, OutboundEmail
from proposals.models import Status
from proposals.services import MODERATORS_GROUP
from tests.core.factories import UserFactory
from tests.plans.factories import ActionPlanFactory, InstitutionFactory
from tests.proposals.factories import ProposalFactory
from tests.worktables.factories import (
    EventFactory,
    RegistrationFactory,
    WorkTableFactory,
)
from worktables import services
from worktables.models import (
    Draft,
    Event,
    Minutes,
    MinutesAttachment,
    TableAssignment,
    WorkTable,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def facilitator(db):
    user = UserFactory(username="facilitadora", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="run_worktables"))
    return user


@pytest.fixture
def staff(client, facilitator):
    client.force_login(facilitator)
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def staff_paths(event, table) -> list[str]:
    return [
        "/gestion/mesas/",
        f"/gestion/mesas/sesiones/{event.pk}/",
        f"/gestion/mesas/sesiones/{event.pk}/inscritos.csv",
        f"/gestion/mesas/sesiones/{event.pk}/acta/",
        f"/gestion/mesas/{table.pk}/",
        f"/gestion/mesas/{table.pk}/editar/",
        f"/gestion/mesas/{table.pk}/borradores/nuevo/",
    ]


def test_only_staff_with_the_permission_see_the_pages(client):
    event = RegistrationFactory(name="Asistente Secreta").event
    table = WorkTableFactory(plan=event.plan)
    for path in staff_paths(event, table):
        assert client.get(path).status_code == 302, path  # to the sign-in page
    client.force_login(UserFactory(username="otra-funcionaria", is_staff=True))
    for path in staff_paths(event, table):
        response = client.get(path)
        assert response.status_code == 403, path
        assert b"Asistente Secreta" not in response.content


def test_the_moderators_group_gets_the_permission_from_the_seed(seeded):
    group = Group.objects.get(name=MODERATORS_GROUP)
    assert group.permissions.filter(codename="run_worktables").exists()


def test_staff_see_and_download_the_attendee_list(staff):
    event = EventFactory()
    RegistrationFactory(event=event, name="Ana Pérez", accessibility_needs="Silla de ruedas")
    RegistrationFactory(event=event, name="Luis Soto", status="waiting")
    page = staff.get(f"/gestion/mesas/sesiones/{event.pk}/").content.decode()
    assert "Ana Pérez" in page and "Silla de ruedas" in page
    response = staff.get(f"/gestion/mesas/sesiones/{event.pk}/inscritos.csv")
    assert response["Cache-Control"] == "private, no-store"
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(row["name"], row["status"]) for row in rows] == [
        ("Ana Pérez", "confirmed"),
        ("Luis Soto", "waiting"),
    ]
    assert rows[0]["accessibility_needs"] == "Silla de ruedas"


def test_staff_schedule_a_session_that_the_public_sees(staff, client):
    table = WorkTableFactory()
    start = timezone.localtime() + dt.timedelta(days=9)
    response = staff.post(
        "/gestion/mesas/sesiones/nueva/",
        {
            "plan": table.plan.slug,
            "table": table.pk,
            "title": "Primera sesión de la mesa",
            "starts_at": start.strftime("%Y-%m-%dT18:00"),
            "ends_at": start.strftime("%Y-%m-%dT20:00"),
            "modality": "in_person",
            "address": "Moneda 1160, Santiago",
            "region": "metropolitana",
            "capacity": "30",
            "waiting_list_size": "10",
        },
    )
    event = Event.objects.get()
    assert response["Location"] == f"/gestion/mesas/sesiones/{event.pk}/"
    assert (event.kind, event.table, event.origin) == ("table", table, table.plan.origin)
    assert timezone.localtime(event.starts_at).hour == 18  # Chile time
    public = staff.get(f"/planes/{table.plan.slug}/jornadas/").content.decode()
    assert "Primera sesión de la mesa" in public


def test_a_session_in_the_past_or_without_an_address_is_refused(staff):
    plan = WorkTableFactory().plan
    response = staff.post(
        "/gestion/mesas/sesiones/nueva/",
        {
            "plan": plan.slug,
            "title": "Tarde",
            "starts_at": "2001-01-01T10:00",
            "ends_at": "2001-01-01T09:00",
            "modality": "hybrid",
            "capacity": "0",
            "waiting_list_size": "0",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Elige un momento en el futuro." in page
    assert "Una sesión debe terminar después de comenzar." in page
    assert "Indica la dirección" in page
    assert not Event.objects.exists()


def test_changing_the_time_on_the_page_tells_each_registered_person(staff):
    event = EventFactory()
    person = RegistrationFactory(event=event)
    later = timezone.localtime(event.starts_at) + dt.timedelta(days=1)
    response = staff.post(
        f"/gestion/mesas/sesiones/{event.pk}/editar/",
        {
            "title": event.title,
            "description": event.description,
            "starts_at": later.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (later + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "modality": event.modality,
            "address": event.address,
            "region": event.region,
            "online_url": event.online_url,
            "capacity": event.capacity,
            "waiting_list_size": event.waiting_list_size,
            "accessibility_note": event.accessibility_note,
        },
    )
    assert response.status_code == 302
    told = OutboundEmail.objects.filter(to=person.email, key__startswith="event-changed")
    assert told.count() == 1


def test_cancelling_on_the_page_needs_a_reason(staff):
    event = EventFactory()
    staff.post(f"/gestion/mesas/sesiones/{event.pk}/cancelar/", {"reason": ""})
    event.refresh_from_db()
    assert event.status == "scheduled"
    staff.post(f"/gestion/mesas/sesiones/{event.pk}/cancelar/", {"reason": "Sin sala"})
    event.refresh_from_db()
    assert (event.status, event.cancellation_reason) == ("cancelled", "Sin sala")


def test_minutes_take_attendance_by_sector_and_pdf_documents(staff, media, client):
    start = timezone.now() - dt.timedelta(days=1)
    event = EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    response = staff.post(
        f"/gestion/mesas/sesiones/{event.pk}/acta/",
        {
            "text": "Se presentó el proceso.",
            "attendance_citizen": "7",
            "attendance_academia": "2",
            "document_title": "Presentación",
            "document": SimpleUploadedFile("p.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    minutes = Minutes.objects.get()
    assert minutes.attendance == {"citizen": 7, "academia": 2}
    document = MinutesAttachment.objects.get()
    assert (document.title, document.size) == ("Presentación", len(PDF))
    # Private until published; then the page lists it and the file downloads.
    assert client.get(document.get_absolute_url()).status_code == 404
    staff.post(f"/gestion/mesas/sesiones/{event.pk}/acta/publicar/")
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Asistieron 9 personas" in page
    assert "Ciudadanía: 7" in page
    download = client.get(document.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00 not a pdf", "El archivo no es un PDF."),
        ("acta.docx", PDF, "El archivo no es un PDF."),
        ("grande.pdf", PDF + b"0" * (10 * 1024 * 1024), "El archivo pesa más de 10 MB."),
    ],
)
def test_a_document_that_is_not_a_small_pdf_is_refused(staff, media, name, content, message):
    event = EventFactory()
    response = staff.post(
        f"/gestion/mesas/sesiones/{event.pk}/acta/",
        {"text": "Acta", "document_title": "Doc", "document": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Minutes.objects.exists()
    assert not MinutesAttachment.objects.exists()


def test_staff_write_a_draft_with_milestones_and_proposals(staff, facilitator):
    table = WorkTableFactory()
    proposal = ProposalFactory(plan=table.plan, status=Status.PUBLISHED)
    services.assign(proposal.pk, table, facilitator)
    form = staff.get(f"/gestion/mesas/{table.pk}/borradores/nuevo/").content.decode()
    assert proposal.tracking_code in form
    response = staff.post(
        f"/gestion/mesas/{table.pk}/borradores/nuevo/",
        {
            "title": "Sentencias abiertas",
            "problem": "No se publican.",
            "description": "Publicarlas.",
            "values": ["transparency", "technology"],
            "proposals": [proposal.pk],
            "hitos-TOTAL_FORMS": "2",
            "hitos-INITIAL_FORMS": "0",
            "hitos-0-title": "Diagnóstico",
            "hitos-0-deliverable": "Informe",
            "hitos-0-start_date": "2031-03-01",
            "hitos-0-end_date": "2031-06-30",
        },
    )
    draft = Draft.objects.get()
    assert response["Location"] == f"/gestion/mesas/borradores/{draft.pk}/"
    assert (draft.transparency, draft.technology, draft.participation) == (True, True, False)
    assert [m.title for m in draft.milestones.all()] == ["Diagnóstico"]
    assert list(draft.proposals.all()) == [proposal]
    page = staff.get(response["Location"]).content.decode()
    assert "Versión 1" in page


def test_a_milestone_ending_before_it_starts_is_refused(staff):
    table = WorkTableFactory()
    response = staff.post(
        f"/gestion/mesas/{table.pk}/borradores/nuevo/",
        {
            "title": "T",
            "problem": "P",
            "description": "D",
            "values": ["transparency"],
            "hitos-TOTAL_FORMS": "1",
            "hitos-INITIAL_FORMS": "0",
            "hitos-0-title": "Hito",
            "hitos-0-deliverable": "Informe",
            "hitos-0-start_date": "2031-06-30",
            "hitos-0-end_date": "2031-03-01",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "La fecha de término no puede ser anterior a la fecha de inicio." in page
    assert not Draft.objects.exists()


def test_a_milestone_can_wait_for_its_deliverable_and_dates(staff, client):
    """A draft is work in progress; the public page says what is not set yet
    (and the selection's SMART check says what to fix)."""
    table = WorkTableFactory(results_published_at=timezone.now())
    response = staff.post(
        f"/gestion/mesas/{table.pk}/borradores/nuevo/",
        {
            "title": "T",
            "problem": "P",
            "description": "D",
            "values": ["transparency"],
            "hitos-TOTAL_FORMS": "1",
            "hitos-INITIAL_FORMS": "0",
            "hitos-0-title": "Diagnóstico",
        },
    )
    assert response.status_code == 302
    milestone = Draft.objects.get().milestones.get()
    assert (milestone.deliverable, milestone.start_date, milestone.end_date) == ("", None, None)
    page = client.get(Draft.objects.get().get_absolute_url()).content.decode()
    assert "Aún sin definir" in page and "Fechas aún sin definir" in page


def test_staff_set_a_proposal_aside_and_publish_a_table_early(staff, facilitator, client):
    table = WorkTableFactory()
    proposal = ProposalFactory(plan=table.plan, status=Status.PUBLISHED)
    services.assign(proposal.pk, table, facilitator)
    staff.post(
        f"/gestion/mesas/{table.pk}/apartar/",
        {"proposal": proposal.pk, "public_reason": "La cubre otro compromiso."},
    )
    proposal.refresh_from_db()
    assert proposal.status == Status.NOT_SELECTED
    draft = Draft.objects.create(table=table, title="Temprano", problem="P", description="D")
    assert client.get(draft.get_absolute_url()).status_code == 404
    response = staff.post(f"/gestion/mesas/{table.pk}/publicar/")
    assert response.status_code == 302
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert TableAssignment.objects.get(proposal=proposal).table == table


def test_staff_create_and_change_a_work_table_without_the_admin(staff):
    client = staff
    plan = ActionPlanFactory()
    institution = InstitutionFactory()

    page = client.get(f"/gestion/mesas/nueva/?plan={plan.slug}")
    assert page.status_code == 200 and "Crear una mesa de trabajo" in page.content.decode()
    refused = client.post("/gestion/mesas/nueva/", {"plan": plan.slug, "name": ""})
    assert refused.status_code == 400 and not WorkTable.objects.filter(plan=plan, name="").exists()

    response = client.post(
        "/gestion/mesas/nueva/",
        {
            "plan": plan.slug,
            "name": "Justicia abierta",
            "description": "Sentencias en datos abiertos.",
            "facilitators": "Ana Pérez, SEGPRES",
            "institutions": [institution.pk],
        },
    )
    table = WorkTable.objects.get(plan=plan, name="Justicia abierta")
    assert response["Location"] == f"/gestion/mesas/{table.pk}/"
    assert list(table.institutions.all()) == [institution]

    client.post(
        f"/gestion/mesas/{table.pk}/editar/",
        {"name": "Justicia abierta y datos", "description": "", "facilitators": ""},
    )
    table.refresh_from_db()
    assert table.name == "Justicia abierta y datos" and not table.institutions.exists()
    assert "Justicia abierta y datos" in client.get(table.get_absolute_url()).content.decode()
    assert ActivityLog.objects.filter(action__startswith="worktable.").count() == 2
