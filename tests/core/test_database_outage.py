"""While PostgreSQL restarts, a request fails cleanly: 503 with a page in
Spanish that says to try again in a minute, not the 500 page."""

from __future__ import annotations

import pytest
from django.template import loader
from django.utils import translation

from tests.core.test_security_headers import assert_secure_headers
from tests.urls_failing import CONNECTION_LOST_PATH, DATABASE_DOWN_PATH, FAILING_PATH

pytestmark = pytest.mark.urls("tests.urls_failing")


@pytest.fixture
def visitor(client):
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("path", [DATABASE_DOWN_PATH, CONNECTION_LOST_PATH])
def test_a_database_outage_answers_503_in_spanish_with_retry_after(visitor, path):
    response = visitor.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert '<html lang="es-cl">' in page
    assert "El portal no está disponible por un momento" in page
    assert "Intenta de nuevo en un minuto" in page
    assert "Algo salió mal" not in page
    assert_secure_headers(response)
    assert "style=" not in page and "<style" not in page


def test_a_post_cut_off_by_the_outage_is_told_to_send_again(visitor):
    response = visitor.post(DATABASE_DOWN_PATH, {"title": "Una propuesta"})
    assert response.status_code == 503
    assert "vuelve atrás y envíalo de nuevo" in response.content.decode()


def test_under_en_the_page_is_in_english():
    with translation.override("en"):
        page = loader.get_template("503.html").render()
    assert '<html lang="en">' in page
    assert "The portal is unavailable for a moment" in page


def test_any_other_failure_keeps_the_500_page(visitor):
    response = visitor.get(FAILING_PATH)
    assert response.status_code == 500
    assert "Algo salió mal" in response.content.decode()
    assert not response.has_header("Retry-After")
