"""The export memory benchmark: 1 000 000 rows as CSV, JSON and XLSX, and the
peak resident memory of the process that writes them.

    make bench-export
    .venv/bin/python -m bench.export --rows 1000000
    .venv/bin/python -m bench.export --database-url postgres://user:pass@host:5432/postgres

It creates its own PostgreSQL database (ogp_exportbench; never another),
migrates it, loads the reference data and adds --rows published proposals
of the official record, each with a step in its public trail (SQL
``generate_series``: a minute or two). Then, for each format, a fresh Python
process starts Django with production settings and downloads
/datos-abiertos/propuestas.<format> through Django's test client, reading the
stream as a client would and keeping only its size; it prints the rows, the
bytes, the time and its peak resident set (VmHWM: Django, the ORM, the
database driver and the writer included), against the 200 MB the issue
allows. The database is dropped at the end. It prints figures; it exits with
an error only if a download fails or a peak passes the limit.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "ogp_exportbench"
LIMIT_MB = 200

FILL = """
ALTER TABLE proposals_proposal DISABLE TRIGGER USER;
INSERT INTO proposals_proposal (
    tracking_code, created_at, status, status_changed_at, title, problem, description,
    actors, activities, transparency, accountability, participation, technology,
    attachment, name, email, show_name, sector, organisation, region, consent_at,
    language, not_admitted_reason, search_document, plan_id, origin, public_name
)
SELECT
    'GAX-' || lpad(to_hex(n), 8, '0'),
    now() - make_interval(mins => n), 'published', now() - make_interval(mins => n),
    'Propuesta de referencia número ' || n,
    'Los vecinos no pueden conocer en qué se gasta el presupuesto municipal ni '
        || 'comparar comunas; la información está dispersa en documentos PDF. ' || n,
    'Publicar cada mes el gasto municipal en formato abierto, con un estándar común '
        || 'para todas las comunas y una visualización sencilla.',
    'Municipios, SUBDERE, Consejo para la Transparencia, organizaciones vecinales.',
    'Diagnóstico; estándar de datos; publicación mensual; evaluación al año.',
    true, mod(n, 2) = 0, mod(n, 3) = 0, mod(n, 5) = 0,
    '', 'Persona de referencia', 'referencia' || n || '@example.org', false,
    'citizen', '', 'biobio', now(), 'es-cl', '', '', %(plan)s, 'official', ''
FROM generate_series(1, %(rows)s) AS n;
ALTER TABLE proposals_proposal ENABLE TRIGGER USER;
INSERT INTO proposals_proposalevent (
    at, from_status, to_status, actor_role, is_public, public_reason, internal_note,
    proposal_id, link_label, link_url
)
SELECT status_changed_at, 'received', 'published', 'moderator', true,
       'Cumple los criterios de publicación.', '', id, '', ''
FROM proposals_proposal WHERE tracking_code LIKE 'GAX-%%';
VACUUM ANALYZE;
"""

EXPORT = """
import json, sys, time
import django
django.setup()
from django.test import Client

def high_water():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])

fmt = sys.argv[1]
client = Client()
client.get("/datos-abiertos/propuestas/")  # warm up: templates, connection
before = high_water()
started = time.perf_counter()
response = client.get("/datos-abiertos/propuestas." + fmt)
assert response.status_code == 200, response.status_code
size = sum(len(chunk) for chunk in response.streaming_content)
print(json.dumps({
    "format": fmt, "bytes": size, "seconds": time.perf_counter() - started,
    "before_kb": before, "peak_kb": high_water(),
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.export", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--formats", default="csv,json,xlsx")
    args = parser.parse_args()

    database_url, drop = create_database(args.database_url)
    env = environment(database_url)
    try:
        started = time.perf_counter()
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed")
        fill(database_url, env, args.rows)
        loaded = time.perf_counter() - started
        print(f"{args.rows:,} proposals with their trail loaded in {loaded:.0f} s")
        failed = False
        for fmt in args.formats.split(","):
            result = export(env, fmt)
            peak_mb = result["peak_kb"] / 1024
            failed |= peak_mb >= LIMIT_MB
            print(
                f"{fmt.upper():<5} {args.rows:,} rows, {result['bytes'] / 1e6:,.1f} MB in "
                f"{result['seconds']:.1f} s; peak resident memory {peak_mb:.0f} MB "
                f"(Django loaded: {result['before_kb'] / 1024:.0f} MB; limit {LIMIT_MB} MB)"
            )
        if failed:
            sys.exit(f"a peak passed {LIMIT_MB} MB")
    finally:
        drop()


def create_database(url: str):
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    name = sql.Identifier(DATABASE)

    def execute(statement) -> None:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(statement)

    def drop() -> None:
        execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))

    drop()
    execute(sql.SQL("CREATE DATABASE {}").format(name))
    return urlunsplit(parts._replace(path=f"/{DATABASE}")), drop


def environment(database_url: str) -> dict[str, str]:
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="ogp_portal.settings",
        DATABASE_URL=database_url,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        STATIC_MANIFEST="false",
        REDIS_URL="",
        CELERY_BROKER_URL="",
        CELERY_TASK_ALWAYS_EAGER="true",
        EMAIL_URL="dummymail://",
        CALENDAR_TICK_IN_REQUESTS="false",
        LOG_LEVEL="WARNING",
    )


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def fill(database_url: str, env: dict[str, str], rows: int) -> None:
    import psycopg

    plan = manage(
        env,
        "shell",
        "-c",
        "from plans.models import ActionPlan; "
        "print(ActionPlan.objects.get(number=5, origin='official').pk)",
    ).split()[-1]
    with psycopg.connect(database_url, autocommit=True) as connection:
        for statement in FILL.split(";\n"):
            if statement.strip():
                # Only this module's text and two integers.
                connection.execute(statement % {"plan": int(plan), "rows": int(rows)})


def export(env: dict[str, str], fmt: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", EXPORT, fmt],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"the {fmt} export failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
