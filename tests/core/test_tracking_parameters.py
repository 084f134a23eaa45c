"""A shared link's tracking parameters are dropped with a redirect, so every
visitor from a post or a newsletter gets the cached page and links that do
not carry them on."""

from __future__ import annotations

import pytest

from core.middleware import DropTrackingParametersMiddleware

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("address", "kept"),
    [
        ("/?utm_source=prensa&utm_medium=email&utm_campaign=plan7", "/"),
        ("/?fbclid=IwAR3xYz-unico-por-clic", "/"),
        ("/planes/?UTM_Source=Prensa", "/planes/"),
        (
            "/propuestas/?q=datos+abiertos&gclid=abc&pagina=2&region=biobio&region=maule",
            "/propuestas/?q=datos+abiertos&pagina=2&region=biobio&region=maule",
        ),
        ("/propuestas/?q=%C3%B1and%C3%BA&mc_eid=1", "/propuestas/?q=%C3%B1and%C3%BA"),
    ],
)
def test_tracking_parameters_are_dropped_with_a_permanent_redirect(client, address, kept):
    response = client.get(address)
    assert response.status_code == 301
    assert response["Location"] == kept


def test_visitors_from_a_shared_link_all_get_the_cached_page(client, seeded):
    first = client.get("/planes/?fbclid=uno", follow=True)
    second = client.get("/planes/?fbclid=dos", follow=True)
    assert first.redirect_chain == [("/planes/", 301)]
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert b"fbclid" not in second.content


def test_an_address_without_them_is_served_as_it_is(client, seeded):
    assert client.get("/planes/?utm=no-es-un-parametro-de-seguimiento").status_code == 200


def test_the_redirect_never_leaves_the_site(rf):
    request = rf.get("/x/?utm_source=x")
    request.path = request.path_info = "//malicioso.example/"  # as "/%2Fmalicioso..." arrives
    response = DropTrackingParametersMiddleware(lambda request: None)(request)
    assert response.status_code == 301
    assert response["Location"] == "/%2Fmalicioso.example/"


def test_a_form_sent_to_an_address_with_them_is_not_redirected(client, seeded):
    response = client.post("/planes/?utm_source=x", {})
    assert response.status_code != 301
