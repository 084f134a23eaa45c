"""The accessibility statement: the standard, how the portal is tested, what
is known not to work, and how to report a barrier; linked from every page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_it_names_the_standard_the_tests_and_the_contact_from_the_settings(client, settings):
    settings.CONTACT_EMAIL = "accesibilidad@example.cl"
    page = client.get("/accesibilidad/").content.decode()
    assert "WCAG) 2.2" in page and "nivel AA" in page
    for words in ("axe-core", "360 píxeles", "solo con el teclado", "Lo que sabemos que aún no"):
        assert words in page, words
    assert '<a href="mailto:accesibilidad@example.cl">accesibilidad@example.cl</a>' in page


@pytest.mark.parametrize("path", ["/", "/planes/", "/en/planes/"])
def test_the_footer_links_privacy_accessibility_contact_and_the_ogp(client, seeded, path, settings):
    settings.CONTACT_EMAIL = "mesa@example.cl"
    page = client.get(path).content.decode()
    prefix = "/en" if path.startswith("/en/") else ""
    assert f'href="{prefix}/privacidad/"' in page
    assert f'href="{prefix}/accesibilidad/"' in page
    assert 'href="mailto:mesa@example.cl"' in page
    assert 'href="https://www.opengovpartnership.org/members/chile/" rel="external"' in page


def test_the_header_names_the_forum_and_the_ministry(client, seeded):
    page = client.get("/").content.decode()
    assert "Mesa de Gobierno Abierto · Ministerio Secretaría General de la Presidencia" in page
    assert 'class="gov-band"' in page
