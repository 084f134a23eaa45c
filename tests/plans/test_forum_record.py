"""The forum's public record (OGP minimum requirement 1.1): members by sector
and role with their term, the rules of operation, the meetings with date,
agenda, minutes and attendance, and a warning when the forum has not met in
six months. Staff keep it in the staff area, with a permission."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from plans.models import Forum, ForumMeeting, ForumMember, months_before
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = dt.datetime(2025, 9, 10, 12, tzinfo=dt.UTC)


@pytest.fixture
def forum(seeded):
    return Forum.objects.get()


@pytest.fixture
def keeper(db):
    user = UserFactory(username="secretaria-mesa", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="keep_forum_record"))
    return user


@pytest.fixture
def staff(client, keeper):
    client.force_login(keeper)
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def meeting(forum, held_on, **fields) -> ForumMeeting:
    return ForumMeeting.objects.create(
        forum=forum,
        held_on=held_on,
        title=fields.pop("title", "Sesión ordinaria"),
        agenda=fields.pop("agenda", "Avance del plan."),
        **fields,
    )


def page(client) -> str:
    return client.get("/mesa-de-gobierno-abierto/").content.decode()


def test_six_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(dt.date(2025, 9, 10), 6) == dt.date(2025, 3, 10)
    assert months_before(dt.date(2024, 8, 31), 6) == dt.date(2024, 2, 29)
    assert months_before(dt.date(2025, 1, 31), 6) == dt.date(2024, 7, 31)


def test_members_show_by_sector_with_role_and_term(client, forum):
    academia = forum.members.get(role=ForumMember.Role.ACADEMIA)
    academia.term_start, academia.term_end = dt.date(2024, 3, 1), dt.date(2026, 2, 28)
    academia.person_name = "Dra. Ana Pérez"
    academia.save()
    observer = forum.members.filter(role=ForumMember.Role.OBSERVER).first()
    observer.term_start, observer.term_end = dt.date(2020, 1, 1), dt.date(2021, 12, 31)
    observer.save()
    with time_machine.travel(TODAY, tick=False):
        html = page(client)
    # Government first, then civil society, academia and the multilateral bodies.
    order = [html.index(label) for label in ("Gobierno", "Sociedad civil", "Academia")]
    assert order == sorted(order)
    assert html.index("Academia") < html.index("Organismo multilateral")
    assert "Representante de la Red Académica de Gobierno Abierto</span> (Dra. Ana Pérez)" in html
    assert "Período: 1 de marzo de 2024 al 28 de febrero de 2026" in html
    assert "Observador" in html
    assert "período terminado" in html  # the observer's ended in 2021


def test_the_rules_of_operation_are_a_published_document(client, forum, media):
    assert "Aún no se ha publicado aquí el reglamento de funcionamiento." in page(client)
    assert client.get("/mesa-de-gobierno-abierto/reglamento.pdf").status_code == 404
    forum.rules_document.save("x.pdf", SimpleUploadedFile("r.pdf", PDF))
    forum.rules_adopted_on = dt.date(2018, 5, 2)
    forum.save()
    html = page(client)
    assert 'href="/mesa-de-gobierno-abierto/reglamento.pdf"' in html
    assert "aprobado el 2 de mayo de 2018" in html
    download = client.get("/mesa-de-gobierno-abierto/reglamento.pdf")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF


def test_meetings_show_date_agenda_minutes_and_attendance(client, forum, media):
    present = list(forum.members.order_by("order")[:2])
    held = meeting(
        forum,
        dt.date(2025, 8, 20),
        title="Sesión ordinaria N° 12",
        agenda="Selección de compromisos.",
        minutes="Se acordó la lista de borradores.",
        guests="Equipo técnico de SEGPRES",
    )
    held.attendees.set(present)
    held.minutes_document.save("a.pdf", SimpleUploadedFile("a.pdf", PDF))
    meeting(forum, dt.date(2025, 10, 1), title="Sesión extraordinaria", agenda="Consulta pública.")
    with time_machine.travel(TODAY, tick=False):
        html = page(client)
    assert "Próximas sesiones" in html and "Sesión extraordinaria" in html
    assert html.index("Sesión extraordinaria") < html.index("Sesión ordinaria N° 12")
    assert '<time datetime="2025-08-20">20 de agosto de 2025</time>' in html
    assert "Selección de compromisos." in html
    assert "Se acordó la lista de borradores." in html
    assert f"{present[0].position}; {present[1].position}" in html
    assert "También asistieron: Equipo técnico de SEGPRES" in html
    assert f'href="/mesa-de-gobierno-abierto/sesiones/{held.pk}/acta.pdf"' in html
    download = client.get(f"/mesa-de-gobierno-abierto/sesiones/{held.pk}/acta.pdf")
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize(
    ("last", "warned"),
    [
        (None, True),
        (dt.date(2025, 3, 9), True),  # six months and a day
        (dt.date(2025, 3, 10), False),  # six months to the day
        (dt.date(2025, 8, 20), False),
    ],
)
def test_a_warning_shows_when_the_last_meeting_is_more_than_six_months_old(
    client, forum, last, warned
):
    if last:
        meeting(forum, last)
    meeting(forum, dt.date(2025, 12, 1))  # one ahead does not count
    with time_machine.travel(TODAY, tick=False):
        html = page(client)
    assert ("La Mesa no se ha reunido en los últimos seis meses" in html) is warned
    if warned and last:
        assert "Su última sesión registrada fue el 9 de marzo de 2025." in html


def test_only_staff_with_the_permission_keep_the_record(client, forum):
    paths = ["/gestion/mesa/", "/gestion/mesa/sesiones/nueva/", "/gestion/mesa/integrantes/nuevo/"]
    client.force_login(UserFactory(username="otra", is_staff=True))
    assert all(client.get(path).status_code == 403 for path in paths)
    keeper = UserFactory(username="secretaria", is_staff=True)
    keeper.user_permissions.add(Permission.objects.get(codename="keep_forum_record"))
    client.force_login(keeper)
    assert all(client.get(path).status_code == 200 for path in paths)


def test_staff_record_a_meeting_with_attendance_and_minutes(staff, client, forum, media):
    present = list(forum.members.order_by("order")[:3])
    response = staff.post(
        "/gestion/mesa/sesiones/nueva/",
        {
            "held_on": "2025-08-20",
            "title": "Sesión ordinaria N° 12",
            "agenda": "Selección de compromisos.",
            "minutes": "Se acordó la lista.",
            "guests": "",
            "attendees": [m.pk for m in present],
            "minutes_upload": SimpleUploadedFile("acta.pdf", PDF, "application/pdf"),
        },
    )
    saved = ForumMeeting.objects.get()
    assert response["Location"] == f"/gestion/mesa/sesiones/{saved.pk}/"
    assert set(saved.attendees.all()) == set(present)
    assert saved.minutes_document.name.startswith("mesa/")
    client.logout()
    assert "Sesión ordinaria N° 12" in page(client)  # public at once, the cache refreshed


def test_a_meeting_without_agenda_or_with_a_fake_pdf_is_refused(staff, forum, media):
    response = staff.post(
        "/gestion/mesa/sesiones/nueva/",
        {
            "held_on": "2025-08-20",
            "title": "Sesión",
            "agenda": "",
            "minutes_upload": SimpleUploadedFile("acta.pdf", b"MZ not a pdf"),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "El archivo no es un PDF." in html
    assert "Este campo es obligatorio." in html
    assert not ForumMeeting.objects.exists()


def test_staff_change_a_seats_term_and_a_term_ending_before_it_starts_is_refused(staff, forum):
    member = forum.members.get(role=ForumMember.Role.CIVIL_SOCIETY)
    data = {
        "institution": member.institution_id,
        "position": member.position,
        "role": member.role,
        "person_name": "",
        "order": member.order,
        "term_start": "2025-01-01",
        "term_end": "2024-12-31",
    }
    refused = staff.post(f"/gestion/mesa/integrantes/{member.pk}/", data)
    assert refused.status_code == 400
    assert "El período no puede terminar antes de empezar." in refused.content.decode()
    saved = staff.post(f"/gestion/mesa/integrantes/{member.pk}/", {**data, "term_end": ""})
    assert saved["Location"] == "/gestion/mesa/"
    member.refresh_from_db()
    assert (member.term_start, member.term_end) == (dt.date(2025, 1, 1), None)


def test_staff_publish_the_rules_and_what_they_say_about_scores(staff, client, forum, media):
    response = staff.post(
        "/gestion/mesa/",
        {
            "rules_adopted_on": "2018-05-02",
            "publish_member_scores": "on",
            "rules_upload": SimpleUploadedFile("reglamento.pdf", PDF),
        },
    )
    assert response["Location"] == "/gestion/mesa/"
    forum.refresh_from_db()
    assert forum.publish_member_scores
    assert forum.rules_document.name.startswith("mesa/")
    client.logout()
    html = page(client)
    assert "el informe de selección muestra los puntajes de cada integrante con su nombre" in html


def test_the_start_page_warns_staff_when_the_forum_is_overdue(staff, forum):
    meeting(forum, dt.date(2025, 1, 5))
    with time_machine.travel(TODAY, tick=False):
        html = staff.get("/gestion/").content.decode()
    assert "meses desde la última sesión de la Mesa" in html
    meeting(forum, dt.date(2025, 9, 1))
    with time_machine.travel(TODAY, tick=False):
        html = staff.get("/gestion/").content.decode()
    assert "desde la última sesión de la Mesa" not in html
