"""The load benchmark: the portal under gunicorn, driven by wrk, against the
machine's own ceiling.

    make load                         # 100 000 proposals, 10 s per page
    make load LOAD_ARGS="--quick"     # a small data set and 2 s per page
    .venv/bin/python -m bench.load --proposals 100000 --duration 10 --write

It creates its own PostgreSQL database (ogp_loadbench; never another), fills
it with the demonstration process and a labelled synthetic data set, serves
the portal with gunicorn (2 sync workers, production settings) and a Redis
cache database of its own, and for every public page and the proposal form
runs wrk at 32 connections, asking as a browser does (Accept-Encoding: gzip,
so a cached page comes compressed). It prints, per page, req/s, p50, p99,
errors and the ratio to a trivial Django view served by the same gunicorn
through the same middleware, measured (for a third of the time) just before
that page. Search and filters are measured twice: as visitors repeat them
(the page cache answers) and with every request a new address (nothing
cached: the database does the work). With --write it puts the table into
docs/PERFORMANCE.md. It drops its database and empties its
Redis database at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "ogp_loadbench"
LUA = Path(__file__).with_name("report.lua")
PERFORMANCE = ROOT / "docs" / "PERFORMANCE.md"
START, END = "<!-- load benchmark: start -->", "<!-- load benchmark: end -->"


@dataclass
class Target:
    label: str
    path: str
    kind: str  # "page" (≥ 0.5 of trivial, p99 < 100 ms), "search" (≥ 0.1, < 300 ms), "info"
    bust: bool = False
    method: str = "GET"
    body: str | None = None
    cookie: str | None = None
    bust_param: str = "_b"  # what a cache-busting request adds, with a new value each time
    connections: int | None = None  # wrk's --connections unless given
    expect: str = "200"


@dataclass
class Result:
    target: Target
    rps: float
    p50: float
    p99: float
    errors: int
    statuses: dict[str, int]
    reference: float = 0.0  # req/s of the trivial view measured just before this page

    def ratio(self, trivial: Result) -> float:
        base = self.reference or trivial.rps
        return self.rps / base if base else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/12")
    # One synthetic plan holds every proposal, so its list is the 100 000-row one.
    parser.add_argument("--plans", type=int, default=1)
    parser.add_argument("--commitments", type=int, default=500)
    parser.add_argument("--proposals", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--quick", action="store_true", help="small data, 2 s per page")
    parser.add_argument("--write", action="store_true", help="write docs/PERFORMANCE.md")
    args = parser.parse_args()
    if args.quick:
        args.plans, args.commitments, args.proposals, args.duration = 1, 500, 2000, 2
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")

    database_url, drop = create_database(args.database_url)
    _COUNT_URL.append(database_url)
    env = environment(database_url, args.redis_url)
    server = None
    try:
        prepare(env, args)
        port = free_port()
        server = serve(env, port, args.workers)
        base = f"http://127.0.0.1:{port}"
        targets = list(plan_targets(env, base))
        # Unrecorded: the workers' first seconds (imports, connections) would
        # lower the reference every ratio divides by.
        warm_up = argparse.Namespace(**{**vars(args), "duration": 2})
        run_wrk(base, Target("warm-up", targets[0].path, "info"), warm_up)
        # Each page is divided by the trivial view measured just before it: a
        # shared machine drifts (the trivial view fell by a quarter over one
        # earlier run), and a reference from the start would blame the pages.
        short = argparse.Namespace(**{**vars(args), "duration": max(2, args.duration // 3)})
        results = []
        for target in targets:
            reference = None
            if target.kind != "info" and not args.quick:  # --quick: the suite's check
                reference = run_wrk(base, Target("  trivial view", targets[0].path, "info"), short)
                drain(base)
            results.append(run_wrk(base, target, args))
            if reference is not None:
                results[-1].reference = reference.rps
            drain(base)
        trivial = results[0]
        table = render(results, trivial, args) + "\n\n" + export_figures(server, base, env)
        print(table)
        if args.write:
            write_performance(table, args)
        failed = [r.target.label for r in results if r.errors]
        if failed:
            sys.exit(f"errors on: {', '.join(failed)}")
    finally:
        if server is not None:
            stop(server)
        flush_redis(args.redis_url)
        drop()


# --- Set-up -------------------------------------------------------------------------


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


def environment(database_url: str, redis_url: str) -> dict[str, str]:
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        # As in production, a request only queues its e-mail on the broker; no
        # worker runs (it would compete with gunicorn for the two cores), and
        # the queue is emptied with the cache at the end.
        CELERY_BROKER_URL=broker_url(redis_url),
        CELERY_TASK_ALWAYS_EAGER="false",
        EMAIL_URL="dummymail://",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        STATIC_MANIFEST="false",
        CALENDAR_TICK_IN_REQUESTS="false",
        # The benchmark sends thousands of proposals from one address.
        PROPOSALS_PER_IP_PER_HOUR="1000000000",
        PROPOSALS_PER_EMAIL_PER_DAY="1000000000",
        # wrk asks the API for its lists from one address, far past a client's limit.
        API_RATE_LIMIT="1000000000/second",
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


def prepare(env: dict[str, str], args: argparse.Namespace) -> None:
    started = time.perf_counter()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed", "--demo")
    options = synthetic_options(env, args)
    print(manage(env, "synthetic", *options).strip())
    manage(
        env,
        "shell",
        "-c",
        "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')",
    )
    print(f"data ready in {time.perf_counter() - started:.0f} s")


def synthetic_options(env: dict[str, str], args: argparse.Namespace) -> list[str]:
    """What `manage.py synthetic` offers, sized for the run: the apps added
    later (registrations, comments, progress) join when they exist."""
    help_text = manage(env, "synthetic", "--help")
    wanted = {
        "--plans": args.plans,
        "--commitments": args.commitments,
        "--milestones": 5,
        "--proposals": args.proposals,
        "--registrations": args.proposals // 10,
        "--comments": args.proposals * 10,
        "--progress": 2,
    }
    options = []
    for flag, value in wanted.items():
        if re.search(rf"{flag}\b", help_text):
            options += [flag, str(value)]
    return options


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ogp_portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/__bench__/trivial", timeout=2)
            return server
        time.sleep(0.3)
    stop(server)
    sys.exit("gunicorn did not start")


def stop(server: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def broker_url(redis_url: str) -> str:
    """The Redis database after the cache's, for the queued tasks."""
    parts = urlsplit(redis_url)
    number = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{number + 1}"))


def flush_redis(url: str) -> None:
    import redis

    for database in (url, broker_url(url)):
        with contextlib.suppress(Exception):
            redis.Redis.from_url(database).flushdb()


# --- What to measure ---------------------------------------------------------------


def plan_targets(env: dict[str, str], base: str) -> Iterator[Target]:
    facts = json.loads(manage(env, "shell", "-c", FACTS).strip().splitlines()[-1])
    yield Target("trivial view (reference)", "/__bench__/trivial", "info")
    yield Target("home", "/", "page")
    # A click from a social network: a new fbclid each time, dropped with a
    # redirect to the cached page (core/middleware.py). This is the redirect.
    yield Target(
        "home from a shared link (a new fbclid each time: the 301)",
        "/",
        "page",
        bust=True,
        bust_param="fbclid",
        expect="301",
    )
    yield Target("plans", "/planes/", "page")
    yield Target(f"plan page ({facts['commitments']} commitments)", facts["plan"], "page")
    yield Target("commitment", facts["commitment"], "page")
    yield Target("forum", "/mesa-de-gobierno-abierto/", "page")
    listing = f"/propuestas/?plan={facts['plan_slug']}"
    yield Target(f"proposals list ({facts['proposals']:,} in the plan)", listing, "page")
    yield Target("proposals list, page 200", f"{listing}&pagina=200", "page")
    yield Target("proposal", facts["proposal"], "page")
    yield Target("official proposals list", "/propuestas/", "page")
    searches = [
        ("search: a word in most proposals", "q=datos"),
        ("search: a word in one proposal in twelve", "q=lobby"),
        ("search: a word in no proposal", "q=ornitorrinco"),
        ("search: a phrase", "q=%22datos+abiertos%22"),
        ("three filters at once", "value=participation&sector=academia&region=biobio"),
    ]
    for label, query in searches:
        yield Target(label, f"{listing}&{query}", "search")
        yield Target(f"{label} (no cache)", f"{listing}&{query}", "search", bust=True)
    # What one new search costs when it does not queue behind 31 others.
    yield Target(
        "search: a word in most proposals (no cache, one visitor per worker)",
        f"{listing}&q=datos",
        "info",
        bust=True,
        connections=2,
    )
    yield from extra_pages(facts)
    yield submission_target(base, facts)
    # The ratios are to the first measurement; this one shows how far the
    # machine itself drifted over the run (other work, heat, a busier Redis).
    yield Target("trivial view, again at the end", "/__bench__/trivial", "info")


def extra_pages(facts: dict) -> Iterator[Target]:
    """Public pages of the apps that exist in this checkout (FACTS finds them)."""
    for label, path in facts.get("extra", []):
        yield Target(label, path, "page")


FACTS = """
import json
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from plans.models import ActionPlan, Origin
from proposals.models import Proposal, PUBLIC_STATUSES
plan = (ActionPlan.objects.filter(origin=Origin.SYNTHETIC)
        .annotate(n=Count("proposals")).order_by("-n", "pk").first())
commitment = plan.commitments.order_by("number").first()
proposal = Proposal.objects.filter(plan=plan, status__in=PUBLIC_STATUSES).order_by("pk").first()
demo = ActionPlan.objects.get(origin=Origin.DEMO)
extra = []
try:  # the consultation: the commitment with the most comments, and its plan's report
    from consultation.models import Comment
    busiest = (Comment.objects.filter(origin=Origin.SYNTHETIC, commitment__isnull=False)
               .values("commitment__plan__slug", "commitment__number")
               .annotate(n=Count("pk")).order_by("-n").first())
except ImportError:
    busiest = None
consulted = [
    (f"consultation: a commitment with {busiest['n']:,} comments", "consultation:commitment",
     [busiest["commitment__plan__slug"], busiest["commitment__number"]]),
    ("consultation: the same, page 50", "consultation:commitment",
     [busiest["commitment__plan__slug"], busiest["commitment__number"]], "?pagina=50"),
    ("consultation report", "consultation:report", [busiest["commitment__plan__slug"]]),
] if busiest else []
for label, name, args, *query in consulted:
    try:
        extra.append((label, reverse(name, args=args) + "".join(query)))
    except NoReverseMatch:
        pass
for label, name, args in [
    ("dashboard, all plans", "tracking:dashboard", []),
    ("plan dashboard", "tracking:plan_dashboard", [plan.slug]),
    ("evidence repository", "tracking:repository", []),
    ("events of the demonstration process", "worktables:plan_events", [demo.slug]),
    ("consultation of the demonstration process", "consultation:plan", [demo.slug]),
    ("privacy page", "core:privacy", []),
    ("API: plans", "api:plan-list", []),
    ("API: stages", "api:stage-list", []),
    ("API: institutions", "api:institution-list", []),
    ("API: commitments", "api:commitment-list", []),
    ("API: proposals", "api:proposal-list", []),
    ("API: sessions", "api:event-list", []),
    ("API: commitment drafts", "api:draft-list", []),
    ("API: progress updates", "api:progress-update-list", []),
    ("open data", "opendata:index", []),
    ("open data: a data set's dictionary", "opendata:dataset", ["compromisos"]),
    ("open data: DCAT catalogue", "opendata:catalogue", []),
    ("Atom feed: new proposals", "opendata:feed", ["propuestas"]),
    ("Atom feed: progress updates", "opendata:feed", ["avances"]),
]:
    try:
        extra.append((label, reverse(name, args=args)))
    except NoReverseMatch:
        pass
print(json.dumps({
    "plan": plan.get_absolute_url(), "plan_slug": plan.slug,
    "commitments": plan.commitments.count(),
    "commitment": commitment.get_absolute_url(),
    "proposals": Proposal.objects.filter(plan=plan, status__in=PUBLIC_STATUSES).count(),
    "proposal": proposal.get_absolute_url(), "demo": demo.slug,
    "extra": extra,
}))
"""


def submission_target(base: str, facts: dict) -> Target:
    """A real form, filled once: its CSRF cookie and token and its signed start
    time serve every request (the rate limits are raised for the run)."""
    path = f"/planes/{facts['demo']}/proponer/"
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + path).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    started = re.search(r'name="started" value="([^"]+)"', page).group(1)
    time.sleep(6)  # the form refuses what is filled in under five seconds
    fields = {
        "csrfmiddlewaretoken": token,
        "started": started,
        "title": "Presupuestos municipales en datos abiertos",
        "problem": "Los vecinos no pueden ver en qué se gasta el presupuesto municipal.",
        "description": "Publicar cada mes el gasto municipal en formato abierto.",
        "actors": "Municipios y organizaciones vecinales.",
        "activities": "Diagnóstico, estándar de datos, publicación mensual.",
        "values": "transparency",
        "name": "Persona de la prueba de carga",
        "email": "carga@example.org",
        "sector": "citizen",
        "region": "biobio",
        "consent": "on",
        "website": "",
    }
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return Target(
        "proposal submission (POST)",
        path,
        "submit",
        method="POST",
        body=urllib.parse.urlencode(fields),
        cookie=cookie,
    )


# --- Running wrk --------------------------------------------------------------------


def run_wrk(base: str, target: Target, args: argparse.Namespace) -> Result:
    env = dict(
        os.environ,
        BUST="1" if target.bust else "0",
        BUST_PARAM=target.bust_param,
        METHOD=target.method,
    )
    if target.body:
        env["BODY"] = target.body
    if target.cookie:
        env["COOKIE"] = target.cookie
    before = count_proposals() if target.kind == "submit" else 0
    # One request first: the page's templates, connections and cache warm up.
    with contextlib.suppress(Exception):
        if target.method == "GET":
            urllib.request.urlopen(base + target.path, timeout=30).read()
    done = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{target.connections or args.connections}",
            f"-d{args.duration}s",
            "--timeout",
            "10s",
            "-s",
            str(LUA),
            base + target.path,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(row for row in done.stdout.splitlines() if row.startswith("BENCH "))
    data = json.loads(line.removeprefix("BENCH "))
    statuses = data["statuses"]
    expected = {"302"} if target.kind == "submit" else {target.expect}
    errors = data["socket_errors"] + sum(n for s, n in statuses.items() if s not in expected)
    if target.kind == "submit":
        # wrk stops on the clock with a request in flight on some connections:
        # those proposals are stored but their answer is never read. A loss is
        # an answered 302 without its row; more rows than connections beyond
        # the answers would be duplicates.
        stored, answered = count_proposals() - before, statuses.get("302", 0)
        in_flight = stored - answered
        if not 0 <= in_flight <= (target.connections or args.connections):
            errors += abs(in_flight)
        print(
            f"  submissions: {answered} answered 302, {stored} stored "
            f"({max(in_flight, 0)} in flight when wrk stopped, {max(-in_flight, 0)} lost)"
        )
    result = Result(
        target, data["requests"] / data["seconds"], data["p50_ms"], data["p99_ms"], errors, statuses
    )
    print(f"  {target.label}: {result.rps:,.0f} req/s, p99 {result.p99:.0f} ms, errors {errors}")
    return result


_COUNT_URL: list[str] = []


def drain(base: str) -> None:
    """Wait for what wrk left queued. When wrk stops, requests it sent are
    still in gunicorn's backlog, and the sync workers answer each (a new
    search costs 300 ms, 32 of them queue) while the next page is measured.
    The listen queue is first in, first out: once a request sent now is
    answered, every earlier one has been taken by a worker; a second of quiet
    lets the other worker finish the last it took."""
    with contextlib.suppress(Exception):
        urllib.request.urlopen(base + "/__bench__/trivial", timeout=120).read()
    time.sleep(1)


def count_proposals() -> int:
    import psycopg

    with psycopg.connect(_COUNT_URL[0]) as connection:
        return connection.execute("SELECT count(*) FROM proposals_proposal").fetchone()[0]


# --- Exports ------------------------------------------------------------------------


def export_figures(server: subprocess.Popen, base: str, env: dict[str, str]) -> str:
    """The proposals CSV of the big plan over HTTP, against PostgreSQL's own COPY
    of the same rows and columns, with the web workers' peak resident memory."""
    slug = json.loads(manage(env, "shell", "-c", FACTS).strip().splitlines()[-1])["plan_slug"]
    copy_seconds, rows = raw_copy(env, slug)
    workers = worker_pids(server.pid)
    peak = 0
    started = time.perf_counter()
    size = 0
    with urllib.request.urlopen(f"{base}/propuestas/propuestas.csv?plan={slug}", timeout=600) as r:
        while block := r.read(1 << 16):
            size += len(block)
            peak = max(peak, resident(workers))
    http_seconds = time.perf_counter() - started
    return (
        f"Proposals CSV of the largest plan: {rows:,} rows, {size / 1e6:.1f} MB in "
        f"{http_seconds:.2f} s over HTTP; PostgreSQL's COPY of the same rows and columns: "
        f"{copy_seconds:.2f} s; ratio {http_seconds / copy_seconds:.2f} (target at most 3). "
        f"Peak resident memory of a web worker meanwhile: {peak / 1024:.0f} MB."
    )


RAW_COPY = """
import json, time
from django.db import connection
from proposals import exports, selectors
queryset = selectors.filter_public({"plan": "%s"})
sql = None
started = time.perf_counter()
size = sum(len(block) for block in exports.copy_csv(queryset))
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "rows": queryset.count(), "bytes": size}))
"""


def raw_copy(env: dict[str, str], slug: str) -> tuple[float, int]:
    """COPY of the export's own SELECT, read in-process (no Django view, no HTTP)."""
    data = json.loads(manage(env, "shell", "-c", RAW_COPY % slug).strip().splitlines()[-1])
    return data["seconds"], data["rows"]


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    with contextlib.suppress(OSError):
        return [int(pid) for pid in children.read_text().split()]
    return []


def resident(pids: list[int]) -> int:
    """The largest resident set (kB) among ``pids``."""
    largest = 0
    for pid in pids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    largest = max(largest, int(line.split()[1]))
    return largest


# --- Reporting -----------------------------------------------------------------------


GOALS = {"page": (0.5, 100), "search": (0.1, 300), "submit": (None, None), "info": (None, None)}


def verdict(result: Result, trivial: Result) -> str:
    if result.target.kind == "submit":
        return "met" if result.rps >= 100 and not result.errors else "NOT met"
    share, p99 = GOALS[result.target.kind]
    if share is None:
        return "—"
    ok = result.ratio(trivial) >= share and result.p99 < p99 and not result.errors
    return "met" if ok else "NOT met"


def render(results: list[Result], trivial: Result, args: argparse.Namespace) -> str:
    lines = [
        "| page | req/s | p50 ms | p99 ms | errors | trivial view just before, req/s "
        "| share of the trivial view | target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for result in results:
        before = f"{result.reference:,.0f}" if result.reference else "—"
        lines.append(
            f"| {result.target.label} | {result.rps:,.0f} | {result.p50:.1f} | {result.p99:.1f} "
            f"| {result.errors} | {before} | {result.ratio(trivial):.2f} "
            f"| {verdict(result, trivial)} |"
        )
    return "\n".join(lines)


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    versions = []
    for command in (["psql", "--version"], ["redis-server", "--version"], ["wrk", "--version"]):
        with contextlib.suppress(OSError):
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            versions.append((done.stdout or done.stderr).strip().splitlines()[0][:60])
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; " + "; ".join(versions)
    )


def write_performance(table: str, args: argparse.Namespace) -> None:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    block = "\n".join(
        [
            START,
            f"Run on {time.strftime('%Y-%m-%d')} at commit `{commit}`: {args.proposals:,} "
            f"proposals, {args.plans} plans of {args.commitments} commitments, wrk at "
            f"{args.connections} connections for {args.duration} s per page, gunicorn with "
            f"{args.workers} sync workers, PostgreSQL and Redis on the same machine.",
            "",
            f"Machine: {machine()}.",
            "",
            f"Reproduce: `make load` (or `.venv/bin/python -m bench.load --proposals "
            f"{args.proposals} --duration {args.duration} --write`).",
            "",
            table,
            END,
        ]
    )
    text = PERFORMANCE.read_text() if PERFORMANCE.exists() else f"# Performance\n\n{START}\n{END}\n"
    if START not in text:
        text += f"\n{START}\n{END}\n"
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    PERFORMANCE.write_text(before + block + after)
    print(f"wrote {PERFORMANCE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
