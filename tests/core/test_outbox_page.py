from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_staff_see_failed_emails_and_send_them_again(staff_client, seeded):
    from core.models import OutboundEmail

    failed = OutboundEmail.objects.create(
        key="prueba:1",
        to="alguien@example.org",
        template="stage_opened",
        context={},
        status=OutboundEmail.Status.FAILED,
        last_error="550 mailbox unavailable",
    )
    page = staff_client.get("/gestion/correos/").content.decode()
    assert "550 mailbox unavailable" in page
    response = staff_client.post("/gestion/correos/reintentar/", {"ids": [failed.pk]})
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status != OutboundEmail.Status.FAILED


def test_retrying_emails_is_for_staff_only(client, seeded):
    response = client.post("/gestion/correos/reintentar/", {"ids": ["1"]})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
