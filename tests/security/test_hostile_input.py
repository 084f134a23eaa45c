"""Whatever a visitor sends to a public form or address, the portal answers
with a page: never a server error, never the input reflected unescaped,
never a record saved half-way, and a refusal says why in Spanish.

Each public form is listed once in FORMS with a request that succeeds; every
payload below goes into every one of its fields in turn, and the database is
counted before and after. The staff pages get the same treatment in
tests/core/test_staff_input.py. The counts are printed for the CI log."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core import signing
from django.urls import reverse

from proposals.forms import FORM_STAMP_SALT
from proposals.models import Proposal, ProposalDraft
from stages.models import Subscription
from tests.security.conftest import client_for, fetch, report
from tests.security.world import DRAFT_TOKEN, World
from worktables.models import Registration

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('xss')</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
PAYLOADS = {
    "a script": SCRIPT,
    "an attribute breakout": ATTRIBUTE,
    "an SQL fragment": "'; DROP TABLE proposals_proposal; --",
    "an SQL boolean": "' OR '1'='1",
    "100 KB": "x" * 100_000,
    "a NUL byte": "texto\x00oculto",
    "right-to-left override": "\u202egnp.exe",
    "zero-width characters": "\u200b\u200c\u200d\ufeff",
    "path traversal": "../../../../etc/passwd",
    "a double extension": "informe.pdf.exe",
    "a huge number": "99999999999999999999999999",
    "a negative number": "-1",
    "a template tag": "{{ settings.SECRET_KEY }}{% debug %}",
    "a header break": "a\r\nSet-Cookie: x=y",
    "an unsafe link": "javascript:alert(1)",
}
# What Django says in English when a message escaped translation.
ENGLISH = (
    "This field is required",
    "Enter a valid",
    "Ensure this value",
    "Null characters are not allowed",
    "Select a valid choice",
)


def stamp() -> str:
    return signing.dumps(time.time() - 60, salt=FORM_STAMP_SALT)


@dataclass(frozen=True)
class Form:
    """A public form: where it posts, a request that succeeds, and the rows a
    successful request adds (``counts``; 0 where it adds none)."""

    path: Callable[[World], str]
    data: Callable[[World], dict[str, Any]]
    counts: Callable[[], int] = lambda: 0
    method: str = "post"
    skip: tuple[str, ...] = field(default=())  # fields not worth feeding
    # The page a success shows in place (200) rather than a redirect.
    renders_success: bool = False


def _proposals() -> int:
    return Proposal.objects.count()


def _erased() -> int:
    return Proposal.objects.filter(personal_data_erased_at__isnull=False).count()


PROPOSAL = {
    "title": "Presupuestos municipales en datos abiertos",
    "problem": "Los vecinos no pueden ver en qué se gasta el presupuesto municipal.",
    "description": "Publicar cada mes el gasto municipal en formato abierto.",
    "actors": "Municipios, SUBDERE, organizaciones vecinales.",
    "activities": "Diagnóstico, estándar de datos, publicación mensual.",
    "responsible_institution": "",
    "values": ["transparency", "accountability"],
    "name": "Camila Rojas",
    "email": "camila.rojas@example.org",
    "sector": "citizen",
    "organisation": "",
    "region": "biobio",
    "consent": "on",
    "website": "",
}
REGISTRATION = {
    "name": "Camila Rojas",
    "email": "camila.rojas@example.org",
    "sector": "citizen",
    "organisation": "",
    "region": "biobio",
    "accessibility_needs": "",
    "consent": "on",
    "website": "",
}

FORMS: dict[str, Form] = {
    "proposal on one page": Form(
        path=lambda w: reverse("proposals:submit", args=[w.demo.slug]),
        data=lambda w: {**PROPOSAL, "started": stamp()},
        counts=_proposals,
    ),
    "proposal, first step": Form(
        path=lambda w: reverse("proposals:draft_begin", args=[w.demo.slug]),
        data=lambda w: {
            "title": PROPOSAL["title"],
            "problem": PROPOSAL["problem"],
            "started": stamp(),
            "accion": "siguiente",
        },
        counts=lambda: ProposalDraft.objects.count(),
    ),  # fmt: skip
    "proposal, second step": Form(
        path=lambda w: reverse("proposals:draft_step", args=[w.demo.slug, DRAFT_TOKEN, 2]),
        data=lambda w: (
            {
                k: PROPOSAL[k]
                for k in (
                    "description",
                    "actors",
                    "activities",
                    "responsible_institution",
                    "values",
                )
            }
            | {"accion": "siguiente"}
        ),
    ),  # fmt: skip
    "proposal, third step": Form(
        path=lambda w: reverse("proposals:draft_step", args=[w.demo.slug, DRAFT_TOKEN, 3]),
        data=lambda w: (
            {k: PROPOSAL[k] for k in ("name", "email", "sector", "organisation", "region")}
            | {"accion": "siguiente"}
        ),
    ),  # fmt: skip
    "tracking code": Form(
        path=lambda w: reverse("proposals:track"),
        data=lambda w: {"code": w.received.tracking_code},
        method="get",
    ),
    "erasure": Form(
        path=lambda w: reverse("proposals:erase"),
        data=lambda w: {"code": w.received.tracking_code, "email": w.received.email},
        counts=_erased,
        renders_success=True,
    ),
    "subscription": Form(
        path=lambda w: reverse("stages:subscribe"),
        data=lambda w: {"email": "nueva.suscriptora@example.org", "website": ""},
        counts=lambda: Subscription.objects.count(),
    ),
    "event registration": Form(
        path=lambda w: reverse("worktables:register", args=[w.session.pk]),
        data=lambda w: dict(REGISTRATION),
        counts=lambda: Registration.objects.count(),
    ),
    "cancel a registration": Form(
        path=lambda w: reverse("worktables:registration_cancel", args=[w.registration.token]),
        data=lambda w: {},
        counts=lambda: Registration.objects.filter(cancelled_at__isnull=False).count(),
    ),
    "proposal list filters": Form(
        path=lambda w: reverse("proposals:list"),
        data=lambda w: {
            "q": "datos",
            "value": "transparency",
            "plan": w.fifth.slug,
            "sector": "citizen",
            "region": "biobio",
            "pagina": "1",
            "orden": "titulo",
        },
        method="get",
    ),  # fmt: skip
    "repository search": Form(
        path=lambda w: reverse("tracking:repository"),
        data=lambda w: {
            "q": "acta",
            "plan": w.fifth.slug,
            "stage": "implementation",
            "pagina": "1",
        },
        method="get",
    ),  # fmt: skip
    "dashboard filters": Form(
        path=lambda w: reverse("tracking:dashboard"),
        data=lambda w: {
            "plan": w.fifth.slug,
            "status": "limited",
            "value": "transparency",
            "institution": "1",
        },
        method="get",
    ),  # fmt: skip
}

TRIED = Counter()
_address = iter(range(1, 10**9))


def visitor_address() -> str:
    # A new address per request: the rate limits would otherwise answer 429
    # long before the payloads run out, and prove nothing.
    n = next(_address)
    return f"198.51.{n // 250 % 250}.{n % 250 + 1}"


def assert_safe(response, payload: str | None = None) -> None:
    body = response.body
    assert response.status_code < 500, response.status_code
    for raw in (SCRIPT, ATTRIBUTE):
        assert raw not in body, "reflected unescaped"
    if payload and payload.startswith(("<", '"')):
        assert payload not in body


def assert_spanish_refusal(response) -> None:
    """A form sent back with errors says so in Spanish."""
    body = response.body
    if response.status_code >= 400 or "invalid-feedback" in body or "alert-danger" in body:
        for english in ENGLISH:
            assert english not in body, english
        if "text/html" in response.get("Content-Type", ""):
            assert 'lang="es-cl"' in body


def send(client, form: Form, world: World, data: dict[str, Any]):
    TRIED["requests"] += 1
    return fetch(client, form.path(world), form.method, data, REMOTE_ADDR=visitor_address())


@pytest.mark.parametrize("name", FORMS)
def test_each_form_takes_its_good_request(world, name):
    """The baseline: the request each payload is measured against works."""
    form = FORMS[name]
    client = client_for(world, "anonymous")
    before = form.counts()
    response = send(client, form, world, form.data(world))
    assert response.status_code in (200, 302), response.status_code
    assert form.counts() - before in (0, 1)


def check(form: Form, response, before: int, payload: str, where: str) -> None:
    assert_safe(response, payload)
    assert_spanish_refusal(response)
    added = form.counts() - before
    assert added in (0, 1), (where, added)
    if response.status_code == 200 and form.method == "post" and not form.renders_success:
        assert added == 0, f"{where}: sent back with errors, yet something was stored"


@pytest.mark.parametrize("name", FORMS)
def test_every_payload_in_all_fields_at_once(world, name):
    form = FORMS[name]
    client = client_for(world, "anonymous")
    fields = [key for key in form.data(world) if key not in form.skip] + ["unexpected_field"]
    for label, payload in PAYLOADS.items():
        before = form.counts()
        response = send(client, form, world, {**form.data(world), **dict.fromkeys(fields, payload)})
        check(form, response, before, payload, label)
        TRIED["payloads"] += 1
    TRIED["forms"] += 1


# Each field alone (the others good, so an accepted value is stored and shown
# again): the payloads a form could accept as text.
FIELD_PAYLOADS = ["a script", "an attribute breakout", "an SQL fragment", "a NUL byte", "100 KB"]


@pytest.mark.parametrize("name", FORMS)
def test_the_nastiest_payloads_in_each_field(world, name):
    form = FORMS[name]
    client = client_for(world, "anonymous")
    fields = [key for key in form.data(world) if key not in form.skip] + ["unexpected_field"]
    for field_name in fields:
        for label in FIELD_PAYLOADS:
            before = form.counts()
            payload = PAYLOADS[label]
            response = send(client, form, world, {**form.data(world), field_name: payload})
            check(form, response, before, payload, f"{field_name}: {label}")
            TRIED["payloads"] += 1
        TRIED["fields"] += 1


# Requests no browser sends.
def _invalid_utf8(form: Form, world: World) -> dict[str, Any]:
    body = urlencode({**form.data(world)}, doseq=True) + "&title=%FF%FE%FD&name=%C0%AF"
    return {"data": body, "content_type": "application/x-www-form-urlencoded"}


MALFORMED = {
    "invalid UTF-8": _invalid_utf8,
    "a multipart body without its boundary": lambda form, world: {
        "data": b"--xyz\r\nContent-Disposition: form-data; name=title\r\n\r\nhola",
        "content_type": "multipart/form-data; boundary=xyz",
    },
    "a multipart body with a broken header": lambda form, world: {
        "data": b"--xyz\r\nContent-Disposition: form-data; name=\r\n\r\n\r\n--xyz--\r\n",
        "content_type": "multipart/form-data; boundary=xyz",
    },
    "a multipart body with no boundary": lambda form, world: {
        "data": b"title=hola",
        "content_type": "multipart/form-data",
    },
    "3 MB of form data": lambda form, world: {
        "data": "title=" + "x" * 3_000_000,
        "content_type": "application/x-www-form-urlencoded",
    },
    "two thousand fields": lambda form, world: {
        "data": "&".join(f"f{n}=1" for n in range(2000)),
        "content_type": "application/x-www-form-urlencoded",
    },
    "JSON instead of a form": lambda form, world: {
        "data": '{"title": "hola"',
        "content_type": "application/json",
    },
    "a file where text is expected": lambda form, world: {
        "data": (
            b"--xyz\r\nContent-Disposition: form-data; name=title; filename=../../x.pdf.exe\r\n"
            b"Content-Type: application/octet-stream\r\n\r\nMZ\x90\x00\r\n--xyz--\r\n"
        ),
        "content_type": "multipart/form-data; boundary=xyz",
    },
}
POSTS = [name for name, form in FORMS.items() if form.method == "post"]


@pytest.mark.parametrize("name", POSTS)
def test_malformed_bodies_are_refused_cleanly(world, name):
    form = FORMS[name]
    client = client_for(world, "anonymous")
    for what, build in MALFORMED.items():
        before = form.counts()
        request = build(form, world)
        TRIED["requests"] += 1
        TRIED["malformed"] += 1
        response = client.generic(
            "POST",
            form.path(world),
            request["data"],
            content_type=request["content_type"],
            REMOTE_ADDR=visitor_address(),
        )
        response.body = response.content.decode("utf-8", "replace")
        assert response.status_code < 500, (what, response.status_code)
        if what == "invalid UTF-8":
            # Decoded with replacement characters, the rest of the request is good.
            assert form.counts() - before in (0, 1), what
        else:
            assert form.counts() == before, what


@pytest.mark.parametrize("name", POSTS)
@pytest.mark.parametrize("method", ["put", "patch", "delete", "options", "trace"])
def test_other_methods_are_refused(world, name, method):
    form = FORMS[name]
    client = client_for(world, "anonymous")
    before = form.counts()
    TRIED["requests"] += 1
    response = getattr(client, method)(form.path(world))
    assert response.status_code < 500
    assert response.status_code in (200, 400, 403, 404, 405), response.status_code
    assert form.counts() == before


FORGED = {
    "a proposal: an institution that does not exist": (
        "proposal on one page", {"responsible_institution": "999999999"}),
    "a proposal: an institution id that overflows": (
        "proposal on one page", {"responsible_institution": "9" * 40}),
    "a proposal: a forged form stamp": ("proposal on one page", {"started": "1700000000"}),
    "a proposal: a stamp signed for something else": (
        "proposal on one page", {"started": signing.dumps(time.time() - 60)}),
    "a proposal: the honeypot filled": ("proposal on one page", {"website": "http://spam.example"}),
    "a proposal: an unknown value": ("proposal on one page", {"values": ["mind_control"]}),
    "a proposal: an unknown region": ("proposal on one page", {"region": "atlantis"}),
    "a registration: no consent": ("event registration", {"consent": ""}),
    "a registration: an unknown sector": ("event registration", {"sector": "admin"}),
}  # fmt: skip


@pytest.mark.parametrize("what", FORGED)
def test_forged_fields_store_nothing(world, what):
    name, override = FORGED[what]
    form = FORMS[name]
    client = client_for(world, "anonymous")
    before = form.counts()
    response = send(client, form, world, {**form.data(world), **override})
    assert_safe(response)
    assert_spanish_refusal(response)
    if "honeypot" not in what:
        assert form.counts() == before


ODD_ADDRESSES = [
    "/propuestas/99999999999999999999/",
    "/propuestas/0/",
    "/eventos/9223372036854775808/",
    "/eventos/-1/inscripcion/",
    "/mesas/99999999999999999999/",
    "/borradores/0/",
    "/repositorio/evidencia/99999999999999999999/",
    "/actas/documentos/99999999999999999999/",
    "/planes/..%2F..%2Fetc%2Fpasswd/",
    "/planes/%00/",
    "/planes/plan-5-2020-2022/compromisos/99999999999999999999/",
    "/planes/proceso-de-demostracion/proponer/borrador/x/paso-99999999999999999999/",
    f"/planes/proceso-de-demostracion/proponer/borrador/{DRAFT_TOKEN}/paso-0/",
    f"/planes/proceso-de-demostracion/proponer/borrador/{DRAFT_TOKEN}/paso-9/",
    "/propuestas/seguimiento/%3Cscript%3E/",
    "/propuestas/seguimiento/" + "A" * 5000 + "/",
    "/inscripciones/%00/",
    "/inscripciones/" + "x" * 5000 + "/",
    "/avisos/baja/..%2F..%2F/",
    "/avisos/confirmar/%E2%80%AE/",
    "/sitemap-nada.xml",
    "/sitemap-propuestas.xml?p=99999999999999999999",
    "/sitemap-propuestas.xml?p=-1",
    "/static/../../ogp_portal/settings.py",
    "/media/../ogp_portal/settings.py",
]


def test_odd_addresses_are_not_found_or_refused(world):
    client = client_for(world, "anonymous")
    for path in ODD_ADDRESSES:
        TRIED["requests"] += 1
        response = fetch(client, path)
        assert_safe(response)
        assert response.status_code in (200, 302, 400, 404, 410), (path, response.status_code)
        if response.status_code == 404 and "text/html" in response.get("Content-Type", ""):
            assert "No hay ninguna página" in response.body or 'lang="es-cl"' in response.body


ODD_TEXT = {
    "a NUL byte": "%00",
    "right-to-left override": "%E2%80%AE",
    "5000 characters": "x" * 5000,
}


def test_every_text_argument_of_every_address_takes_odd_text(world):
    """Each URL that takes free text (a token, a code, a section) is given
    odd text in its place, by GET and POST: found or not found, never a 500."""
    from tests.security.world import SAMPLE_KWARGS, all_urls

    client = client_for(world, "anonymous")
    tried = 0
    for url in all_urls():
        texts = [name for name, kind in _converters(url).items() if kind in ("str", "slug")]
        if not texts or url.name.startswith("admin:"):
            continue
        for odd in ODD_TEXT.values():
            kwargs = {**SAMPLE_KWARGS[url.name](world), **dict.fromkeys(texts, "ODD")}
            path = reverse(url.name, kwargs=kwargs).replace("ODD", odd)
            for method in ("get", "post"):
                response = fetch(client, path, method, REMOTE_ADDR=visitor_address())
                assert response.status_code < 500, (url.name, method, odd[:10])
                tried += 1
    TRIED["requests"] += tried
    assert tried > 20


def _converters(url) -> dict[str, str]:
    import re

    return {
        name: converter or "str" for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", url.route)
    }


UNSAFE_NEXT = ["//evil.example/", "/\\evil.example/"]


def test_no_public_address_redirects_off_the_site(world):
    """Public pages take no `next`; whatever a link adds, a redirect stays here."""
    from tests.security.test_privacy_scan import public_addresses

    client = client_for(world, "anonymous")
    for _name, path in public_addresses(world):
        for target in UNSAFE_NEXT:
            TRIED["requests"] += 1
            joiner = "&" if "?" in path else "?"
            response = fetch(client, f"{path}{joiner}{urlencode({'next': target})}")
            assert response.status_code < 500, path
            if response.status_code in (301, 302, 303, 307, 308):
                location = response["Location"]
                assert location.startswith("/") and not location.startswith(("//", "/\\")), (
                    path,
                    location,
                )


def test_zz_print_the_totals():
    """Last in the module: the figures for the CI log."""
    report(
        "hostile",
        f"hostile input: {len(FORMS)} public forms, {TRIED['fields']} fields, "
        f"{len(PAYLOADS)} payloads, {TRIED['payloads']} payload requests, "
        f"{TRIED['malformed']} malformed bodies, {TRIED['requests']} requests in all",
    )
