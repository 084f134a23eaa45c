"""Benchmark the public pages on a throwaway database.

    make bench
    .venv/bin/python -m bench --plans 5 --commitments 200 --requests 50
    .venv/bin/python -m bench --database-url postgres://postgres@127.0.0.1:5432/postgres
    make bench BENCH_ARGS="--database-url postgres://user:password@host:5432/postgres"

It never touches your data. By default it builds a new SQLite file in a
temporary directory and deletes it at the end. With --database-url it creates
a database named ogp_bench on that PostgreSQL server (whatever database the URL
names: that one is only used to connect) and drops it at the end.

It migrates, loads the reference data and the demonstration process, adds
synthetic data (default 20 plans x 500 commitments x 5 milestones), requests
each public page --requests times with Django's test client, and prints: the
SQL queries per request, median and 95th-percentile time and response size;
then the peak memory while streaming the export of every synthetic commitment,
at points along the way: the export goes 500 commitments at a time, so the
peak should level off rather than grow with the export. Settings are
production-like (DEBUG off). It prints figures only; nothing passes or fails.
"""

from __future__ import annotations

import argparse
import io
import math
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

BENCH_DATABASE = "ogp_bench"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--plans", type=int, default=20, help="synthetic plans (default 20)")
    parser.add_argument(
        "--commitments", type=int, default=500, help="commitments per plan (default 500)"
    )
    parser.add_argument(
        "--milestones", type=int, default=5, help="milestones per commitment (default 5)"
    )
    parser.add_argument(
        "--proposals", type=int, default=100_000, help="synthetic proposals (default 100 000)"
    )
    parser.add_argument(
        "--registrations",
        type=int,
        default=20_000,
        help="synthetic registrations to sessions (default 20 000)",
    )
    parser.add_argument(
        "--comments",
        type=int,
        default=200_000,
        help="synthetic consultation comments (default 200 000; a tenth on one commitment)",
    )
    parser.add_argument("--requests", type=int, default=20, help="requests per page (default 20)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--database-url", help=f"a PostgreSQL server to create the {BENCH_DATABASE} database on"
    )
    args = parser.parse_args()
    if args.requests < 1:
        parser.error("--requests must be at least 1")

    if args.database_url:
        database_url, drop_database = postgres_database(args.database_url)
    else:
        folder = tempfile.mkdtemp(prefix="ogp-bench-")
        database_url = f"sqlite:///{folder}/bench.sqlite3"
        drop_database = lambda: shutil.rmtree(folder, ignore_errors=True)  # noqa: E731
    try:
        configure(database_url)
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        drop_database()


def configure(database_url: str) -> None:
    """Production-like settings on the bench's own database, before Django starts."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="ogp_portal.settings",
        DATABASE_URL=database_url,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        STATIC_MANIFEST="false",
        # No shared services: local cache, tasks in-process, no e-mail sent.
        REDIS_URL="",
        CELERY_BROKER_URL="",
        CELERY_TASK_ALWAYS_EAGER="true",
        EMAIL_URL="dummymail://",
        # Measure the pages, not the once-a-minute calendar tick.
        CALENDAR_TICK_IN_REQUESTS="false",
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()


def postgres_database(url: str) -> tuple[str, Callable[[], None]]:
    """Create an empty ogp_bench database; return its URL and how to drop it."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    named = parts.path.lstrip("/")
    admin_url = urlunsplit(
        parts._replace(path="/" + (named if named not in {"", BENCH_DATABASE} else "postgres"))
    )
    name = sql.Identifier(BENCH_DATABASE)

    def execute(statement: sql.Composable) -> None:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(statement)

    def drop() -> None:
        execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))

    drop()
    execute(sql.SQL("CREATE DATABASE {}").format(name))
    return urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}")), drop


def run(args: argparse.Namespace) -> None:
    import django
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from plans import synthetic
    from plans.models import ActionPlan, Origin

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed", demo=True, stdout=io.StringIO())
    print(f"Database: {connection.vendor}, migrated and seeded in {seconds(started)}")

    started = time.perf_counter()
    made = synthetic.generate(args.plans, args.commitments, args.milestones, args.seed)
    print(
        f"Synthetic data: {made['plans']} plans, {made['commitments']:,} commitments, "
        f"{made['milestones']:,} milestones, {made['actors']:,} actors, "
        f"made in {seconds(started)}"
    )
    if not made["commitments"]:
        sys.exit("Nothing to measure: ask for at least one plan and one commitment.")

    from proposals import models as proposal_models
    from proposals import synthetic as proposal_synthetic
    from proposals.models import Proposal, Status

    started = time.perf_counter()
    made_proposals = proposal_synthetic.generate({"proposals": args.proposals}, args.seed)
    print(
        f"Synthetic proposals: {made_proposals.get('proposals', 0):,} with "
        f"{made_proposals.get('proposal history entries', 0):,} history entries, "
        f"made in {seconds(started)}"
    )
    from worktables import synthetic as worktable_synthetic

    started = time.perf_counter()
    made_sessions = worktable_synthetic.generate({"registrations": args.registrations}, args.seed)
    print(
        f"Synthetic sessions: {made_sessions.get('sessions', 0):,} with "
        f"{made_sessions.get('registrations', 0):,} registrations, "
        f"{made_sessions.get('work tables', 0):,} work tables and "
        f"{made_sessions.get('drafts', 0):,} drafts, made in {seconds(started)}"
    )
    from consultation import synthetic as consultation_synthetic

    started = time.perf_counter()
    made_comments = consultation_synthetic.generate({"comments": args.comments}, args.seed)
    print(
        f"Synthetic consultation: {made_comments.get('consultation comments', 0):,} comments "
        f"with {made_comments.get('reasoned responses', 0):,} responses, "
        f"made in {seconds(started)}"
    )
    if connection.vendor == "postgresql":
        # What autovacuum does on a live server after a bulk load: fresh
        # statistics for the planner and a visibility map for index-only scans.
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"VACUUM ANALYZE in {seconds(started)}")
    biggest = (
        ActionPlan.objects.filter(origin=Origin.SYNTHETIC)
        .annotate(size=Count("commitments"))
        .order_by("-size", "pk")
        .first()
    )
    slug, n = biggest.slug, biggest.size
    pages = [
        ("home", reverse("stages:home")),
        ("plan list", reverse("plans:plan_list")),
        (f"plan page ({n} commitments)", reverse("plans:plan_detail", args=[slug])),
        ("commitment page", reverse("plans:commitment_detail", args=[slug, 1])),
        ("forum", reverse("plans:forum")),
        (f"CSV export ({n} commitments)", reverse("plans:plan_commitments_csv", args=[slug])),
        (f"JSON export ({n} commitments)", reverse("plans:plan_commitments_json", args=[slug])),
    ]
    published = Proposal.objects.filter(status=Status.PUBLISHED).order_by("pk").first()
    if published is not None:
        listing = reverse("proposals:list")
        pages += [
            ("proposals: list", listing),
            ("proposals: list, page 200", f"{listing}?pagina=200"),
            ("proposals: search", f"{listing}?q=presupuestos+municipales"),
            ("proposals: filters", f"{listing}?value=participation&sector=academia&region=biobio"),
            ("proposals: detail", reverse("proposals:detail", args=[published.pk])),
            (
                "proposals: tracking",
                reverse("proposals:track_code", args=[published.tracking_code]),
            ),
        ]

    from worktables.models import Draft

    draft = Draft.objects.filter(table__plan=biggest).select_related("table").first()
    if draft is not None:
        session = draft.table.sessions.order_by("pk").first()
        pages += [
            ("sessions: a plan's list", reverse("worktables:plan_events", args=[slug])),
            ("sessions: a session", reverse("worktables:event", args=[session.pk])),
            ("work tables: a table", reverse("worktables:table", args=[draft.table.pk])),
            ("work tables: a draft", reverse("worktables:draft", args=[draft.pk])),
        ]
    # The API's lists and the open-data pages.
    pages += [
        ("API: commitments", reverse("api:commitment-list")),
        ("API: proposals", reverse("api:proposal-list")),
        ("API: progress updates", reverse("api:progress-update-list")),
        ("open data", reverse("opendata:index")),
        ("open data: a dictionary", reverse("opendata:dataset", args=["compromisos"])),
        ("open data: catalogue", reverse("opendata:catalogue")),
        ("Atom feed: new proposals", reverse("opendata:feed", args=["propuestas"])),
    ]

    from consultation.models import Comment

    busiest = (
        Comment.objects.filter(commitment__plan__origin=Origin.SYNTHETIC)
        .values("commitment__plan__slug", "commitment__number")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if busiest is not None:
        hot = busiest["commitment__plan__slug"]
        commented = reverse("consultation:commitment", args=[hot, busiest["commitment__number"]])
        pages += [
            (f"consultation: {busiest['n']:,} comments", commented),
            ("consultation: page 50", f"{commented}?pagina=50"),
            ("consultation: report", reverse("consultation:report", args=[hot])),
        ]

    print(f"\nDjango {django.get_version()}, {args.requests} requests per page after one warm-up\n")
    print(f"{'page':<34} {'queries':>7} {'median ms':>10} {'p95 ms':>8} {'size':>10}")
    client = Client()
    for label, url in pages:
        queries, times, size = measure(client, url, args.requests)
        print(
            f"{label:<34} {queries:>7} {statistics.median(times):>10.1f} "
            f"{percentile(times, 95):>8.1f} {kilobytes(size):>10}"
        )

    if published is not None:
        public = Proposal.objects.filter(status__in=proposal_models.PUBLIC_STATUSES).count()
        for fmt in ("csv", "json"):
            url = reverse(f"proposals:download_{fmt}")
            tracemalloc.start()
            started = time.perf_counter()
            # Count the bytes without keeping them, as a client reading the stream.
            size = sum(len(chunk) for chunk in client.get(url).streaming_content)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            print(
                f"proposals {fmt.upper()} export: {public:,} rows, {kilobytes(size)} "
                f"in {seconds(started)}, peak memory {kilobytes(peak)}"
            )

    total = made["commitments"]
    print(f"\nStreaming the export of all {total:,} synthetic commitments, as the downloads do")
    print("(peak memory so far, traced with tracemalloc, at points along the way):")
    print(f"{'format':<8} {'commitments':>11} {'written':>10} {'peak memory':>12}")
    for fmt in ("csv", "json"):
        marks = [mark for mark in (500, total // 4, total // 2) if 0 < mark < total]
        for count, written, peak in stream(fmt, marks):
            print(f"{fmt.upper():<8} {count:>11,} {kilobytes(written):>10} {kilobytes(peak):>12}")


def measure(client, url: str, requests: int) -> tuple[int, list[float], int]:
    """Queries of one request, then the time of each of ``requests`` requests (ms)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    body(client, url)  # warm-up: templates, caches, connection
    with CaptureQueriesContext(connection) as captured:
        body(client, url)
    queries = len(captured)  # now: the next request empties the log
    times, size = [], 0
    for _ in range(requests):
        started = time.perf_counter()
        size = len(body(client, url))
        times.append((time.perf_counter() - started) * 1000)
    return queries, times, size


def body(client, url: str) -> bytes:
    response = client.get(url)
    if response.status_code != 200:
        sys.exit(f"{url} answered {response.status_code}")
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def stream(fmt: str, marks: list[int]) -> list[tuple[int, int, int]]:
    """Write every synthetic commitment as the downloads do, keeping only the
    size; return (commitments, bytes, peak memory) at each mark and at the end."""
    from plans.commitment_io import commitments_for_export, iter_csv, iter_json
    from plans.models import ActionPlan, Origin

    seen = 0

    def counted(commitments):
        nonlocal seen
        for commitment in commitments:
            seen += 1
            yield commitment

    tracemalloc.start()
    plans = ActionPlan.objects.filter(origin=Origin.SYNTHETIC)
    commitments = counted(commitments_for_export(plans).iterator(chunk_size=500))
    chunks = iter_json(commitments) if fmt == "json" else iter_csv(commitments)
    pending = sorted(set(marks))
    points, written = [], 0
    for chunk in chunks:
        written += len(chunk.encode())
        if pending and seen >= pending[0]:
            points.append((pending.pop(0), written, tracemalloc.get_traced_memory()[1]))
    points.append((seen, written, tracemalloc.get_traced_memory()[1]))
    tracemalloc.stop()
    return points


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def seconds(started: float) -> str:
    return f"{time.perf_counter() - started:.1f} s"


def kilobytes(size: int) -> str:
    return f"{size / 1024:,.1f} kB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB"


if __name__ == "__main__":
    main()
