"""Officers report progress on their own institution's milestones at
/gestion/avance/; nobody else does. The Forum's staff see everything and
dispute or withdraw updates."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.storage import default_storage
from django.core.management import call_command

from core.models import ActivityLog
from tests.core.factories import UserFactory
from tests.plans.factories import CommitmentFactory, InstitutionFactory, MilestoneFactory
from tracking.models import Evidence, ProgressUpdate

from .factories import CSV, PDF, OfficerFactory, ods, report, upload, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def milestone(db):
    institution = InstitutionFactory(name="Defensoría Penal Pública")
    commitment = CommitmentFactory(title="Justicia abierta", responsible_institution=institution)
    return MilestoneFactory(commitment=commitment, number=1, title="Mesas de coordinación")


@pytest.fixture
def officer(milestone):
    return OfficerFactory(institution=milestone.commitment.responsible_institution).user


@pytest.fixture
def reviewer(db):
    user = UserFactory(username="revisora-mga", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="review_progress"))
    return user


def url(milestone) -> str:
    return f"/gestion/avance/hitos/{milestone.pk}/"


def post_report(client, milestone, **data):
    payload = {"status": "substantial", "note": "Se realizaron tres mesas.", **data}
    return client.post(url(milestone), payload)


def test_an_officer_reports_progress_with_files_and_links(client, milestone, officer):
    client.force_login(officer)
    response = post_report(
        client,
        milestone,
        files=[upload("Acta sesión 1.pdf", PDF), upload("asistentes.xlsx", xlsx())],
        links="https://www.dpp.cl/acta-2 Acta de la segunda sesión\n\nhttp://example.org/x",
    )
    assert response.status_code == 302 and response["Location"] == url(milestone)
    update = ProgressUpdate.objects.get()
    assert (update.status, update.author, update.institution) == (
        "substantial",
        officer,
        milestone.commitment.responsible_institution,
    )
    evidence = {e.title: e for e in update.evidence.all()}
    assert set(evidence) == {
        "Acta sesión 1",
        "asistentes",
        "Acta de la segunda sesión",
        "Informe publicado en el portal",  # no title given: the milestone's deliverable
    }
    assert evidence["Acta sesión 1"].content_type == "application/pdf"
    assert evidence["asistentes"].file.name.endswith(".xlsx")
    assert evidence["Informe publicado en el portal"].url == "http://example.org/x"
    page = client.get(response["Location"]).content.decode()
    assert "Actualización de avance publicada." in page
    assert "Se realizaron tres mesas." in page


def test_the_form_refuses_a_disguised_file_and_a_javascript_link(client, milestone, officer):
    client.force_login(officer)
    response = post_report(
        client,
        milestone,
        files=[upload("informe.pdf", b"<html><script>alert(1)</script>", "application/pdf")],
        links="javascript:alert(1)",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "“informe.pdf” no es un archivo que aceptemos" in page
    assert "“javascript:alert(1)” no es una dirección web" in page
    assert not ProgressUpdate.objects.exists()
    assert not default_storage.exists("evidence")


def test_the_form_asks_for_a_status_and_a_note(client, milestone, officer):
    client.force_login(officer)
    response = client.post(url(milestone), {"status": "no_evidence", "note": ""})
    assert response.status_code == 400
    assert not ProgressUpdate.objects.exists()


def test_spreadsheets_of_every_kind_are_accepted(client, milestone, officer):
    client.force_login(officer)
    files = [upload("a.ods", ods()), upload("b.csv", CSV), upload("c.xlsx", xlsx())]
    assert post_report(client, milestone, files=files).status_code == 302
    assert sorted(Evidence.objects.values_list("content_type", flat=True)) == [
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/csv",
    ]


def test_another_institutions_officer_gets_403(client, milestone):
    other = OfficerFactory().user
    client.force_login(other)
    assert client.get(url(milestone)).status_code == 403
    assert post_report(client, milestone).status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_signed_in_staff_who_are_not_officers_get_403(client, milestone):
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/gestion/avance/").status_code == 403
    assert client.get(url(milestone)).status_code == 403
    assert post_report(client, milestone).status_code == 403


def test_an_officer_without_a_staff_account_gets_403(client, milestone):
    officer = OfficerFactory(
        institution=milestone.commitment.responsible_institution, user__is_staff=False
    )
    client.force_login(officer.user)
    assert client.get(url(milestone)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, milestone):
    for response in (client.get(url(milestone)), post_report(client, milestone)):
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=/gestion/avance/hitos/")
    assert not ProgressUpdate.objects.exists()


def test_an_officer_sees_only_their_institutions_commitments(client, milestone, officer):
    CommitmentFactory(title="Compromiso de otra institución")
    client.force_login(officer)
    page = client.get("/gestion/avance/").content.decode()
    assert "Justicia abierta" in page and url(milestone) in page
    assert "Compromiso de otra institución" not in page


def test_one_person_may_report_for_two_institutions(client, milestone, officer):
    second = MilestoneFactory(commitment=CommitmentFactory(title="Lenguaje claro"))
    OfficerFactory(user=officer, institution=second.commitment.responsible_institution)
    client.force_login(officer)
    assert post_report(client, second).status_code == 302
    assert post_report(client, milestone).status_code == 302


def test_the_forum_sees_every_institution_but_does_not_report(client, milestone, reviewer):
    CommitmentFactory(title="Compromiso de otra institución")
    client.force_login(reviewer)
    listing = client.get("/gestion/avance/").content.decode()
    assert "Justicia abierta" in listing and "Compromiso de otra institución" in listing
    page = client.get(url(milestone)).content.decode()
    assert 'name="note"' not in page  # no report form
    response = post_report(client, milestone)
    assert response.status_code == 302
    assert not ProgressUpdate.objects.exists()


def test_the_forum_disputes_an_update_with_a_public_note(client, milestone, reviewer):
    update = report(milestone, "complete", "Todo listo.")
    client.force_login(reviewer)
    response = client.post(
        f"/gestion/avance/actualizaciones/{update.pk}/disputar/",
        {"note": "El informe no está publicado."},
    )
    assert response.status_code == 302 and response["Location"] == url(milestone)
    update.refresh_from_db()
    assert update.is_disputed and update.disputed_by == reviewer
    public = client.get(milestone.commitment.get_absolute_url()).content.decode()
    assert "El informe no está publicado." in public
    assert "Todo listo." in public  # the update itself stays readable


def test_an_officer_cannot_dispute_nor_withdraw(client, milestone, officer):
    update = report(milestone, "complete")
    client.force_login(officer)
    base = f"/gestion/avance/actualizaciones/{update.pk}"
    assert client.post(f"{base}/disputar/", {"note": "x"}).status_code == 403
    assert client.post(f"{base}/retirar/", {"reason": "x"}).status_code == 403
    update.refresh_from_db()
    assert not update.is_disputed and update.is_public


def test_the_forum_withdraws_an_update_with_an_internal_reason(client, milestone, reviewer):
    update = report(milestone, "complete", "Lista de asistentes con RUT.")
    client.force_login(reviewer)
    client.post(
        f"/gestion/avance/actualizaciones/{update.pk}/retirar/", {"reason": "Datos personales."}
    )
    update.refresh_from_db()
    assert not update.is_public
    assert ActivityLog.objects.filter(action="progress.withdrawn", is_public=False).exists()
    staff_page = client.get(url(milestone)).content.decode()
    assert "Retirada de la vista pública" in staff_page and "Datos personales." in staff_page
    public = client.get(milestone.commitment.get_absolute_url()).content.decode()
    assert "Lista de asistentes con RUT." not in public


def test_a_second_dispute_is_refused_with_a_message(client, milestone, reviewer):
    update = report(milestone, "complete")
    client.force_login(reviewer)
    path = f"/gestion/avance/actualizaciones/{update.pk}/disputar/"
    client.post(path, {"note": "Primera."})
    response = client.post(path, {"note": "Segunda."}, follow=True)
    assert "Esta actualización ya está objetada." in response.content.decode()
    update.refresh_from_db()
    assert update.dispute_note == "Primera."


def test_the_forums_group_may_review_progress(db):
    call_command("seed")
    group = Group.objects.get(name="Mesa de Gobierno Abierto: moderación")
    assert group.permissions.filter(codename="review_progress").exists()
