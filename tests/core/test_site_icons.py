"""Every page names the portal's icons and web app manifest, and each answers."""

from __future__ import annotations

import json
import re
import struct

import pytest

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    """The whole body; a file response is closed (an open file is a warning)."""
    try:
        return b"".join(response.streaming_content) if response.streaming else response.content
    finally:
        response.close()


def fetch(client, url: str) -> tuple[int, bytes]:
    response = client.get(url)
    return response.status_code, body(response)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_favicon_ico_answers_at_the_root(client):
    response = client.get("/favicon.ico")
    data = body(response)
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1) and count >= 2


@pytest.mark.parametrize("path", ["/", "/en/planes/", "/planes/no-existe/"])
def test_every_page_links_the_icons_and_the_manifest_and_they_answer(client, path):
    page = client.get(path).content.decode()
    links = dict(re.findall(r'<link rel="(icon|apple-touch-icon|manifest)" href="([^"]+)"', page))
    assert set(links) == {"icon", "apple-touch-icon", "manifest"}
    assert '<link rel="icon" href="/favicon.ico"' in page
    assert '<meta name="theme-color" content="#0f69b4">' in page
    svg = re.search(r'<link rel="icon" href="([^"]+\.svg)" type="image/svg\+xml">', page)
    assert svg, "no SVG favicon"
    for url in [svg.group(1), links["apple-touch-icon"], links["manifest"]]:
        assert fetch(client, url)[0] == 200, url
    assert fetch(client, svg.group(1))[1].startswith(b"<svg")


def test_the_manifest_names_the_portal_in_spanish_with_its_icons(client):
    response = client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Gobierno Abierto Chile"
    assert manifest["short_name"] == "Gobierno Abierto"
    assert manifest["lang"] == "es-CL"
    assert manifest["theme_color"] == "#0f69b4"
    assert manifest["start_url"] == "/"
    pngs = [icon for icon in manifest["icons"] if icon["type"] == "image/png"]
    assert {icon["sizes"] for icon in pngs} >= {"192x192", "512x512"}
    for icon in pngs:
        status, data = fetch(client, icon["src"])
        assert status == 200, icon["src"]
        width, height = png_size(data)
        assert f"{width}x{height}" == icon["sizes"]
