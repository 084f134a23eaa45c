"""Staff pages are for people, not engineers: every page under /gestion/ an
administrator can open, in the populated world, says nothing in Python (no
module path such as ``plans.effects.notify_stage_opened``), links to every
other staff page (the frame's navigation), names who is signed in and offers
to sign out with a POST form; the admin's home links to them all too."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from core import staff_nav
from stages.models import EffectRun, StageEvent
from tests.security.conftest import client_for, fetch
from tests.security.world import SAMPLE_KWARGS, World, all_urls

pytestmark = pytest.mark.django_db

MODULE_PATH = re.compile(r"\b[a-z_]+\.(effects|tasks|services|selectors)\.[a-z_]+\b")


def staff_paths(world: World) -> list[str]:
    """Every staff address, its arguments from the world."""
    paths = []
    for url in all_urls():
        if not url.route.startswith("gestion/"):
            continue
        kwargs = SAMPLE_KWARGS[url.name](world) if url.arguments else {}
        paths.append(reverse(url.name, kwargs=kwargs))
    return paths


def staff_pages(world: World) -> dict[str, str]:
    """The HTML pages among them an administrator gets (not a POST-only
    address, a redirect or a CSV download)."""
    client = client_for(world, "admin")
    pages = {}
    for path in staff_paths(world):
        response = fetch(client, path)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages[path] = response.body
    return pages


@pytest.fixture
def earlier_records(world: World) -> None:
    """What an older portal left: effects recorded under the module they had
    then (``plans.effects``), or one since removed, and an event's log from
    before effects had rows of their own."""
    event = world.run.event
    EffectRun.objects.create(
        event=event, effect="plans.effects.notify_stage_closing", status="failed", outcome="x"
    )
    EffectRun.objects.create(event=event, effect="worktables.effects.removed_since", status="done")
    StageEvent.objects.create(
        stage=event.stage,
        edge="end",
        due_at="2030-02-01T00:00Z",
        result=StageEvent.Result.DONE,
        log="plans.effects.notify_stage_opened: queued 3 e-mails",
    )


def test_no_staff_page_shows_a_python_module_path(world, earlier_records):
    pages = staff_pages(world)
    assert len(pages) >= 15, sorted(pages)
    assert "/gestion/calendario/" in pages
    client = client_for(world, "admin")
    admin_pages = {
        path: fetch(client, path).body
        for path in (
            "/admin/",
            reverse("admin:stages_stageevent_changelist"),
            reverse("admin:stages_stageevent_change", args=[world.run.event.pk]),
        )
    }
    shown = {
        path: MODULE_PATH.search(page).group(0)
        for path, page in {**pages, **admin_pages}.items()
        if MODULE_PATH.search(page)
    }
    assert not shown, shown


def test_the_check_would_see_a_module_path(world, earlier_records):
    """The records above do hold module paths: the test can fail."""
    keys = EffectRun.objects.values_list("effect", flat=True)
    assert any(MODULE_PATH.search(key) for key in keys)


def test_every_staff_page_links_to_the_others_and_offers_to_sign_out(world):
    admin = world.users["admin"]
    links = [link["url"] for link in staff_nav.links_for(admin)]
    for required in (
        "/gestion/propuestas/",
        "/gestion/calendario/",
        "/gestion/correos/",
        "/admin/",
    ):
        assert required in links, required
    for path, page in staff_pages(world).items():
        missing = [url for url in links if f'href="{url}"' not in page]
        assert not missing, (path, missing)
        assert f"Sesión iniciada como {admin.get_username()}" in page, path
        form = re.search(
            r'<form method="post" action="/admin/logout/"[^>]*>(.*?)</form>', page, re.S
        )
        assert form and 'name="csrfmiddlewaretoken"' in form.group(1), path


def test_the_admins_home_links_to_every_staff_page(world):
    admin = world.users["admin"]
    page = fetch(client_for(world, "admin"), "/admin/").body
    for link in staff_nav.links_for(admin, "/admin/"):
        if link["url"] != "/admin/":
            assert f'href="{link["url"]}"' in page, link["url"]
    assert "Páginas de gestión" in page


def test_the_admins_app_headings_are_in_spanish(world):
    page = fetch(client_for(world, "admin"), "/admin/").body
    headings = re.findall(r'class="section"[^>]*>([^<]+)</a>', page)
    assert len(headings) >= 10, headings
    assert "Intentos de inicio de sesión" in headings
    assert "Segundo factor: aplicaciones de autenticación" in headings
    for untranslated in ("Axes", "Otp_Totp", "OTP_TOTP"):
        assert untranslated not in headings
