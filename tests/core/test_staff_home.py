"""The staff area's start page: what is pending across the apps, each number
linking to where the work is done, inside the staff frame (navigation, who is
signed in, sign out)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import OutboundEmail
from proposals.models import Status
from stages.models import EffectRun, StageEvent
from tests.core.factories import UserFactory
from tests.proposals.factories import ProposalFactory
from tests.stages.factories import StageFactory

pytestmark = pytest.mark.django_db


def fail_an_email(n: int) -> None:
    OutboundEmail.objects.create(
        key=f"prueba:{n}",
        to="alguien@example.org",
        template="stage_opened",
        context={},
        status=OutboundEmail.Status.FAILED,
    )


def fail_a_calendar_action() -> None:
    event = StageEvent.objects.create(
        stage=StageFactory(), edge="start", due_at="2030-01-01T00:00Z", result="failed"
    )
    EffectRun.objects.create(event=event, effect="x.y", status=EffectRun.Status.FAILED)


def test_it_shows_what_is_pending_in_each_app_with_links(staff_client):
    ProposalFactory.create_batch(2)  # received: waiting for moderation
    ProposalFactory(status=Status.PUBLISHED)
    fail_an_email(1)
    fail_a_calendar_action()
    page = staff_client.get("/gestion/").content.decode()
    assert "2</span> propuestas por moderar" in page
    assert "1</span> correo falló" in page
    assert "1</span> acción del calendario falló" in page
    assert 'href="/gestion/propuestas/?estado=received"' in page
    assert 'href="/gestion/correos/"' in page
    assert 'href="/gestion/calendario/"' in page


def test_the_frame_names_who_is_signed_in_and_offers_to_sign_out(staff_client):
    page = staff_client.get("/gestion/").content.decode()
    assert "Sesión iniciada como moderadora" in page
    assert 'action="/admin/logout/"' in page
    for path in ("/gestion/propuestas/", "/gestion/calendario/", "/gestion/correos/"):
        assert f'href="{path}"' in page
    assert '<a class="nav-link" href="/gestion/" aria-current="page">' in page


def test_a_moderation_page_marks_moderation_as_the_current_section(staff_client):
    proposal = ProposalFactory()
    page = staff_client.get(f"/gestion/propuestas/{proposal.pk}/").content.decode()
    assert '<a class="nav-link" href="/gestion/propuestas/" aria-current="page">' in page
    assert 'href="/gestion/" aria-current' not in page


def test_staff_without_a_permission_see_neither_its_link_nor_its_count(client):
    clerk = UserFactory(username="recepcion", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_outboundemail"))
    client.force_login(clerk)
    ProposalFactory()
    page = client.get("/gestion/").content.decode()
    assert "por moderar" not in page
    assert 'href="/gestion/propuestas/"' not in page
    assert "correos fallaron" in page  # 0 failed, in the plural


def test_it_is_for_staff_only(client):
    response = client.get("/gestion/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(UserFactory(username="vecina"))
    assert client.get("/gestion/").status_code == 403


def test_its_query_count_does_not_grow_with_what_is_pending(staff_client):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get("/gestion/").status_code == 200
        return len(queries)

    few = count()
    ProposalFactory.create_batch(5)
    for n in range(5):
        fail_an_email(n)
        fail_a_calendar_action()
    assert count() == few
