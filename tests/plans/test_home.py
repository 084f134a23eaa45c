from __future__ import annotations


def test_it_shows_the_home_page_in_spanish(client, seeded):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "es-cl"
