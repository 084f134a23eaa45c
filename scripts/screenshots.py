"""Screenshots of the portal's key pages, at a phone's size (360 x 740) and a
computer's (1280 x 900), into docs/screens/ (run by `make screenshots`).

A throwaway portal is built for them: a fresh SQLite database in a temporary
folder, Chile's reference data and the demonstration process (`seed --demo`),
a few proposals in several statuses and a staff account, served by
`runserver` on a free local port. Chromium is Debian's (/usr/bin/chromium),
driven by playwright as the browser tests do. Each picture is what the screen
shows on opening the page (not the whole page), reduced to 256 colours so the
files stay small.

Usage: .venv/bin/python scripts/screenshots.py [--out docs/screens]
"""

from __future__ import annotations

import argparse
import io
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [  # as in tests/browser/conftest.py
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"360": {"width": 360, "height": 740}, "1280": {"width": 1280, "height": 900}}
DEMO = "proceso-de-demostracion"
STAFF_USER = "mesa"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(folder: Path) -> dict[str, str]:
    return dict(
        os.environ,
        DEBUG="true",  # runserver then serves the static files itself
        DATABASE_URL=f"sqlite:///{folder / 'screens.sqlite3'}",
        REDIS_URL="",
        CELERY_BROKER_URL="",
        EMAIL_URL="dummymail://localhost",
        PAGE_CACHE_SECONDS="0",
        LOG_LEVEL="WARNING",
        CALENDAR_TICK_IN_REQUESTS="false",
        DJANGO_SETTINGS_MODULE="ogp_portal.settings",
    )


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def build_data(env: dict[str, str], password: str) -> dict[str, int]:
    """The demonstration process with proposals in several statuses, and a
    staff account; returns the ids the pages need."""
    manage(env, "migrate", "--noinput")
    manage(env, "seed", "--demo")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from plans.models import ActionPlan
    from proposals import services
    from proposals.models import Proposal, Status

    staff = get_user_model().objects.create_superuser(STAFF_USER, "mesa@example.org", password)
    plan = ActionPlan.objects.get(slug=DEMO)
    texts = [
        (
            "Presupuestos municipales en datos abiertos",
            "Los vecinos no saben en qué se gasta el presupuesto de su comuna.",
            "biobio",
        ),
        (
            "Listas de espera en salud por establecimiento",
            "Las listas de espera no se publican por hospital ni por especialidad.",
            "metropolitana",
        ),
        (
            "Lenguaje claro en los trámites del Estado",
            "Los formularios públicos usan un lenguaje difícil de entender.",
            "los_lagos",
        ),
        (
            "Registro abierto de audiencias de lobby municipal",
            "Las audiencias de lobby en los municipios no se publican de forma comparable.",
            "valparaiso",
        ),
        (
            "Rendición de cuentas de los consejos regionales",
            "Los acuerdos de los consejos regionales son difíciles de encontrar.",
            "aysen",
        ),
    ]
    proposals = []
    for index, (title, problem, region) in enumerate(texts):
        proposal = Proposal(
            title=title,
            problem=problem,
            description="Publicar los datos cada mes en un formato abierto y reutilizable.",
            actors="Municipios, organizaciones de la sociedad civil y universidades.",
            activities="Diagnóstico; estándar de datos; publicación mensual; evaluación.",
            name="Persona de ejemplo",
            email=f"persona{index}@example.org",
            transparency=True,
            participation=index % 2 == 0,
            sector="citizen",
            region=region,
        )
        proposals.append(services.submit(plan, proposal))
    for proposal in proposals[:4]:
        services.transition(
            proposal.pk,
            services.Change(Status.PUBLISHED, public_reason="Cumple los criterios de admisión."),
            staff,
        )
    services.transition(
        proposals[2].pk,
        services.Change(Status.NOT_SELECTED, public_reason="La mesa priorizó otras propuestas."),
        staff,
    )
    return {"proposal": proposals[0].pk}


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("runserver stopped")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310  (our own local server)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("runserver did not answer")


def shrink(png: bytes) -> bytes:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    small = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def capture(base: str, ids: dict[str, int], password: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    public = {
        "home": "/",
        "plans": "/planes/",
        "plan": "/planes/plan-5-2020-2022/",
        "commitment": "/planes/plan-4-2018-2020/compromisos/3/",
        "proposals": f"/propuestas/?plan={DEMO}",
        "proposal": f"/propuestas/{ids['proposal']}/",
        "proposal-form": f"/planes/{DEMO}/proponer/",
    }
    staff = {"staff-home": "/gestion/", "moderation": "/gestion/propuestas/"}
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size, viewport in VIEWPORTS.items():
            context = browser.new_context(viewport=viewport, reduced_motion="reduce")
            page = context.new_page()
            for name, path in public.items():
                page.goto(base + path, wait_until="networkidle")
                written.append(save(page, out / f"{name}-{size}.png"))
            page.goto(base + "/admin/login/?next=/gestion/")
            page.locator("#id_username").fill(STAFF_USER)
            page.locator("#id_password").fill(password)
            page.locator("#id_password").press("Enter")
            page.wait_for_url(base + "/gestion/")
            for name, path in staff.items():
                page.goto(base + path, wait_until="networkidle")
                written.append(save(page, out / f"{name}-{size}.png"))
            context.close()
        browser.close()
    return written


def save(page, path: Path) -> Path:
    page.evaluate("document.fonts.ready")
    path.write_bytes(shrink(page.screenshot(type="png")))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screens"))
    out = Path(parser.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(16)
    with tempfile.TemporaryDirectory() as folder:
        env = environment(Path(folder))
        ids = build_data(env, password)
        port = free_port()
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base + "/healthz", server)
            for path in capture(base, ids, password, out):
                print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
