"""Every response carries a strict Content-Security-Policy and a
Permissions-Policy, and every template keeps to the policy: no inline style,
script or event handler, which the browser would refuse to run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.urls_failing import FAILING_PATH

pytestmark = pytest.mark.django_db

DENIED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"]


def directives(header: str) -> dict[str, list[str]]:
    policy = {}
    for part in header.split(";"):
        name, *values = part.split()
        policy[name] = values
    return policy


def assert_secure_headers(response) -> None:
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    everything = " ".join(value for values in policy.values() for value in values)
    assert "unsafe" not in everything  # no 'unsafe-inline', 'unsafe-eval', 'unsafe-hashes'
    permissions = response["Permissions-Policy"]
    for feature in DENIED_FEATURES:
        assert f"{feature}=()" in permissions.split(", ")


@pytest.mark.parametrize(
    "path, status",
    [
        ("/", 200),
        ("/en/", 200),
        ("/propuestas/propuestas.csv", 200),
        ("/planes/no-existe/", 404),
        ("/no-existe/", 404),
        ("/admin/login/", 200),
    ],
)
def test_public_responses_carry_both_policies(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert_secure_headers(response)


def test_a_streamed_download_carries_both_policies(client, seeded):
    response = client.get("/planes/plan-4-2018-2020/compromisos.csv")
    assert response.status_code == 200 and response.streaming
    assert_secure_headers(response)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/proposals/proposal/",
        "/admin/plans/actionplan/add/",
        "/gestion/calendario/",
    ],
)
def test_staff_pages_and_the_admin_carry_both_policies(staff_client, path):
    response = staff_client.get(path)
    assert response.status_code == 200
    assert_secure_headers(response)


@pytest.mark.urls("tests.urls_failing")
def test_the_500_page_carries_both_policies_and_no_inline_style(client):
    client.raise_request_exception = False
    response = client.get(FAILING_PATH)
    assert response.status_code == 500
    assert_secure_headers(response)
    page = response.content.decode()
    assert "<style" not in page and "style=" not in page
    assert 'href="/static/css/error.css"' in page
    # The stylesheet is served by its plain name, not only through the manifest.
    assert (Path(settings.BASE_DIR) / "static/css/error.css").is_file()


# --- Templates ------------------------------------------------------------------

INLINE = {
    "a style attribute": re.compile(r"""\sstyle\s*=""", re.I),
    "a <style> element": re.compile(r"<style\b", re.I),
    "a <script> without src": re.compile(r"<script\b(?![^>]*\ssrc\s*=)[^>]*>", re.I),
    "an event handler attribute": re.compile(r"""\son[a-z]+\s*=\s*["'{]""", re.I),
    "a javascript: address": re.compile(r"""=\s*["']\s*javascript:""", re.I),
}
# E-mail is not a web page: mail clients need inline styles and ignore the CSP.
NOT_WEB_PAGES = {"email"}


def project_templates() -> list[Path]:
    base = Path(settings.BASE_DIR)
    roots = [base / "templates"] + [
        base / app / "templates"
        for app in settings.INSTALLED_APPS
        if (base / app / "templates").is_dir()
    ]
    found = []
    for root in roots:
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if path.is_file() and relative.parts[0] not in NOT_WEB_PAGES:
                found.append(path)
    return found


def test_the_template_scan_sees_every_kind_of_page():
    names = {path.name for path in project_templates()}
    assert {"base.html", "500.html", "404.html", "queue.html"} <= names
    assert not any(path.parts[-2] == "email" for path in project_templates())


@pytest.mark.parametrize(
    "path",
    project_templates(),
    ids=lambda path: str(path.relative_to(settings.BASE_DIR)),
)
def test_no_template_has_inline_script_style_or_handlers(path):
    text = path.read_text()
    found = [what for what, pattern in INLINE.items() if pattern.search(text)]
    assert not found, f"{path.name} has {', '.join(found)}: the Content-Security-Policy blocks it"


@pytest.mark.parametrize(
    "snippet",
    [
        '<p style="color:red">',
        "<style>p{}</style>",
        "<script>alert(1)</script>",
        '<script type="module">',
        '<button onclick="go()">',
        '<body onload="x()">',
        '<a href="javascript:void(0)">',
    ],
)
def test_the_scan_catches_each_kind_of_inline_code(snippet):
    assert any(pattern.search(snippet) for pattern in INLINE.values())


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="/static/app.js" defer></script>',
        '<link rel="stylesheet" href="/static/css/portal.css">',
        '<input name="online">',
        '<a class="btn" data-bs-toggle="collapse">',
    ],
)
def test_the_scan_lets_external_files_through(snippet):
    assert not any(pattern.search(snippet) for pattern in INLINE.values())
