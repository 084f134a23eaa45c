"""The multi-node run: the portal as several processes standing in for nodes,
under mixed traffic, while the services it stands on fail.

    make multinode                              # 60 s of traffic, every fault
    .venv/bin/python -m bench.multinode --short # 20 s, every fault (CI, tests/test_multinode.py)

It starts, on this machine and on ports of its own: a private PostgreSQL
cluster (initdb under /tmp, so restarting it touches nobody else's), a private
Redis (broker and cache), an SMTP sink that records each message it accepts
(bench/smtp_sink.py), two gunicorn instances, two Celery workers and one beat,
all with the production settings (beat's schedule compressed:
bench/multinode_settings.py). Threads send mixed traffic to both web nodes at
random, as a load balancer would: public reads, proposals through the real
form (CSRF token, honeypot left empty, sent after the form's five seconds),
registrations for a session and their confirmation by the link the sink
received, and moderators' decisions. The nodes count one trusted proxy
(TRUSTED_PROXY_COUNT=1) and each visitor comes from an address of its own in
X-Forwarded-For, as behind the load balancer, so the per-address limits
count visitors, not the load generator.

Meanwhile: a worker node killed with SIGKILL at a random moment; a worker
process killed while the sink holds its message (mid-batch, before the reply);
the sink refusing every message (451) for a while (35 s in the long form,
longer than the delivery task's retries, across the next three faults); Redis
stopped and started again (empty: it keeps nothing on disk); beat stopped
while the calendar moves ten minutes on (the portal has no clock to move: the
stages kept for this are moved into the ten minutes before now, see
Run.move_into_the_last); PostgreSQL restarted; another worker node killed at
a random moment. Killed workers and stopped services come back, as a process
manager would bring them back, and so does a process that stops by itself
(reported).

Then it waits for the outbox to drain and checks (bench/multinode_scenario.check):
no 5xx except the Spanish 503 page while PostgreSQL restarts; every accepted
write stored exactly once and whole (its history entry, its e-mail); every
calendar edge due handled exactly once, its effects once; every e-mail of the
outbox at the sink, counted by Message-ID: none lost, and any second copy
reported (a worker killed between the sink's acceptance and its commit sends
that message again, with the same Message-ID). With --write the figures go
into docs/PERFORMANCE.md. Exit status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import pwd
import queue
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PERFORMANCE = ROOT / "docs" / "PERFORMANCE.md"
START, END = "<!-- multinode run: start -->", "<!-- multinode run: end -->"
DATABASE = "ogp_multinode"
CLEAN_503 = "El portal no está disponible por un momento"
DECIDED = "Listo. Se avisó a quien hizo la propuesta."
CONFIRM_LINK = re.compile(r"/inscripciones/([^/]+)/confirmar/")
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STARTED_FIELD = re.compile(r'name="started" value="([^"]+)"')
MODERATE_LINK = re.compile(r'href="/gestion/propuestas/(\d+)/"')


@dataclass
class Shape:
    """How long and how hard: the long form, or the short one CI runs."""

    traffic: float  # seconds of traffic (stretched if the faults need longer)
    citizens: int  # threads of visitors
    staff: int  # threads of moderators
    refuse: float  # seconds the sink refuses (the long form: longer than the retries)
    redis_down: float
    beat_down: float
    postgres_down: float
    drain: float  # seconds allowed for the outbox to drain afterwards
    calendar_stages: int  # stages whose edges fall during the traffic
    catch_up_stages: int  # stages due in beat's ten simulated minutes
    subscribers: int


LONG = Shape(60, 5, 2, 35, 6, 8, 5, 240, 6, 4, 12)
SHORT = Shape(20, 3, 1, 3, 3, 3, 3, 150, 3, 2, 6)


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.multinode", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--short", action="store_true", help="the CI form: 20 s of traffic")
    parser.add_argument("--duration", type=float, help="seconds of traffic")
    parser.add_argument("--seed", type=int, default=None, help="for the random moments")
    parser.add_argument("--write", action="store_true", help="write docs/PERFORMANCE.md")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    shape = SHORT if args.short else LONG
    if args.duration:
        shape.traffic = args.duration
    seed = args.seed if args.seed is not None else secrets.randbelow(1_000_000)
    signal.signal(signal.SIGTERM, _terminate)  # so the finally below stops everything

    workdir = Path(tempfile.mkdtemp(prefix="ogp-multinode-"))
    workdir.chmod(0o755)  # the private cluster runs as postgres
    cluster = Cluster(workdir)
    passed = False
    try:
        run = Run(cluster, shape, random.Random(seed), seed)
        report = run.execute()
        passed = not report["problems"]
        print(render(report))
        if args.write:
            write_performance(report)
    except Failure as failure:
        print(f"multinode run: {failure}", file=sys.stderr)
        cluster.dump_logs()
    finally:
        cluster.stop_all()
        if args.keep or not passed:
            print(f"work directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(0 if passed else 1)


class Failure(Exception):
    """The run could not be carried out (a service that does not start)."""


def _terminate(signum, frame) -> None:
    raise SystemExit(f"stopped by signal {signum}")


# --- The processes ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if check():
                return
        time.sleep(0.2)
    raise Failure(f"{what} did not happen within {seconds:.0f} s")


def postgres_bin() -> Path:
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        found = subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, check=True
        ).stdout.strip()
        if (Path(found) / "initdb").exists():
            return Path(found)
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if candidates:
        return candidates[-1].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise Failure("PostgreSQL's initdb and pg_ctl are needed (apt-get install postgresql)")


class Cluster:
    """Every process of the run, each in a process group of its own."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.processes: dict[str, subprocess.Popen] = {}
        self.pg_port = free_port()
        self.redis_port = free_port()
        self.sink_port = free_port()
        self.web_ports = [free_port(), free_port()]
        self.pg_data = workdir / "pg" / "data"
        self.sink_log = workdir / "sink.jsonl"
        self.sink_control = workdir / "sink"
        self.pg_started = False
        self.env: dict[str, str] = {}
        # Processes down on purpose (a fault): the supervisor leaves them alone.
        self.lock = threading.RLock()
        self.planned: set[str] = set()

    # PostgreSQL, private: its own data directory and port, run as postgres.
    def _as_postgres(self, command: list[str]) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *command]
        return command

    def postgres_init(self) -> None:
        bindir = postgres_bin()
        self.pg_ctl = str(bindir / "pg_ctl")
        pgdir = self.pg_data.parent
        pgdir.mkdir()
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(pgdir, owner.pw_uid, owner.pw_gid)
        subprocess.run(
            self._as_postgres(
                [str(bindir / "initdb"), "-D", str(self.pg_data), "-U", "postgres"]
                + ["--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"]
            ),
            check=True,
            capture_output=True,
        )
        self.postgres_start()

    def postgres_start(self) -> None:
        options = (
            f"-p {self.pg_port} -k {self.pg_data.parent} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off -c max_connections=200 -c jit=off"
        )
        subprocess.run(
            self._as_postgres(
                [self.pg_ctl, "-D", str(self.pg_data), "-l", str(self.pg_data.parent / "log")]
                + ["-w", "-t", "60", "-o", options, "start"]
            ),
            check=True,
            capture_output=True,
        )
        self.pg_started = True

    def postgres_stop(self, mode: str = "fast") -> None:
        subprocess.run(
            self._as_postgres([self.pg_ctl, "-D", str(self.pg_data), "-m", mode, "-w", "stop"]),
            check=False,
            capture_output=True,
        )
        self.pg_started = False

    # Redis, private, keeping nothing on disk: a restart empties it.
    def redis_start(self) -> None:
        self._spawn(
            "redis",
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.workdir)],
        )

        def pong() -> bool:
            with socket.create_connection(("127.0.0.1", self.redis_port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")

        wait_until(pong, 20, "Redis answering")

    def redis_stop(self) -> None:
        self._stop("redis", signal.SIGTERM)

    def sink_start(self) -> None:
        self._spawn(
            "sink",
            [sys.executable, "-m", "bench.smtp_sink", "--port", str(self.sink_port)]
            + ["--log", str(self.sink_log), "--control", str(self.sink_control)],
        )
        wait_until(lambda: (self.sink_control / "ready").exists(), 20, "the SMTP sink starting")

    def portal_environment(self) -> dict[str, str]:
        redis = f"redis://127.0.0.1:{self.redis_port}"
        self.env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="bench.multinode_settings",
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{self.pg_port}/{DATABASE}",
            CELERY_BROKER_URL=f"{redis}/0",
            REDIS_URL=f"{redis}/1",
            CELERY_TASK_ALWAYS_EAGER="false",
            EMAIL_URL=f"smtp://127.0.0.1:{self.sink_port}",
            # Re-enqueue an e-mail still queued after 5 s (120 in production): the
            # run lasts a minute.
            EMAIL_OUTBOX_SWEEP_AFTER="5",
            SITE_URL=f"http://127.0.0.1:{self.web_ports[0]}",
            TRUSTED_PROXY_COUNT="1",
            DEBUG="false",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="false",
            SESSION_COOKIE_SECURE="false",
            CSRF_COOKIE_SECURE="false",
            STATIC_MANIFEST="false",
            CALENDAR_TICK_IN_REQUESTS="false",
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        for name in ("CI", "PYTEST_CURRENT_TEST"):
            self.env.pop(name, None)
        return self.env

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise Failure(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def create_database(self) -> None:
        import psycopg

        admin = f"postgres://postgres@127.0.0.1:{self.pg_port}/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {DATABASE}")

    def web_start(self, n: int) -> None:
        self._spawn(
            f"web{n}",
            [sys.executable, "-m", "gunicorn", "ogp_portal.wsgi"]
            + ["--bind", f"127.0.0.1:{self.web_ports[n]}", "--workers", "2"]
            + ["--timeout", "30", "--graceful-timeout", "5", "--log-level", "warning"],
        )

    def web_ready(self, n: int) -> bool:
        connection = http.client.HTTPConnection("127.0.0.1", self.web_ports[n], timeout=5)
        try:
            connection.request("GET", "/healthz")
            return connection.getresponse().status == 200
        finally:
            connection.close()

    def worker_start(self, n: int) -> None:
        self.planned.discard(f"worker{n}")
        self._spawn(
            f"worker{n}",
            [sys.executable, "-m", "celery", "-A", "ogp_portal", "worker"]
            + ["-n", f"worker{n}@multinode", "--concurrency", "2", "--loglevel", "WARNING"]
            + ["--without-mingle", "--without-gossip"],
        )

    def beat_start(self) -> None:
        self.planned.discard("beat")
        self._spawn(
            "beat",
            [sys.executable, "-m", "celery", "-A", "ogp_portal", "beat", "--loglevel", "WARNING"]
            + ["--schedule", str(self.workdir / "beat-schedule")]
            + ["--pidfile", str(self.workdir / "beat.pid")],
        )

    def beat_stop(self) -> None:
        with self.lock:
            self.planned.add("beat")
        self._stop("beat", signal.SIGTERM)

    def kill_node(self, name: str) -> None:
        """SIGKILL a worker node: its main process and its pool, at once."""
        with self.lock:
            self.planned.add(name)
        process = self.processes[name]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def kill_pid(self, pid: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

    def pool(self, name: str) -> list[int]:
        """The pool processes of a worker node."""
        pid = self.processes[name].pid
        with contextlib.suppress(OSError):
            return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        return []

    def holder_of(self, client_port: int) -> int | None:
        """The worker process whose SMTP connection uses ``client_port``."""
        inode = None
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            with contextlib.suppress(OSError):
                for line in Path(table).read_text().splitlines()[1:]:
                    fields = line.split()
                    local, remote = fields[1], fields[2]
                    if (
                        int(local.rsplit(":", 1)[1], 16) == client_port
                        and int(remote.rsplit(":", 1)[1], 16) == self.sink_port
                    ):
                        inode = fields[9]
        if inode is None:
            return None
        for name in ("worker0", "worker1"):
            for pid in [self.processes[name].pid, *self.pool(name)]:
                with contextlib.suppress(OSError):
                    for fd in Path(f"/proc/{pid}/fd").iterdir():
                        if os.readlink(fd) == f"socket:[{inode}]":
                            return pid
        return None

    def restart(self, name: str) -> None:
        if name == "beat":
            self.beat_start()
        elif name.startswith("worker"):
            self.worker_start(int(name[-1]))
        else:
            self.web_start(int(name[-1]))

    def last_error(self, name: str) -> str:
        """The line of its log that says why a process stopped."""
        with contextlib.suppress(OSError):
            lines = (self.workdir / f"{name}.log").read_text(errors="replace").splitlines()
            for line in reversed(lines):
                if "CRITICAL" in line or "Unrecoverable" in line or "Error" in line:
                    return line.strip()[:300]
        return ""

    def alive(self, name: str) -> bool:
        return name in self.processes and self.processes[name].poll() is None

    def _spawn(self, name: str, command: list[str]) -> None:
        log = (self.workdir / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env or None,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def _stop(self, name: str, signum: int, wait: float = 15) -> None:
        process = self.processes.get(name)
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signum)
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop_all(self) -> None:
        for name in ["beat", "web0", "web1", "worker0", "worker1", "sink", "redis"]:
            self._stop(name, signal.SIGTERM, wait=10)
        if self.pg_started:
            self.postgres_stop("fast")

    def dump_logs(self, lines: int = 30) -> None:
        for log in sorted(self.workdir.glob("*.log")):
            text = log.read_text(errors="replace").splitlines()[-lines:]
            if text:
                print(f"--- {log.name}", *text, sep="\n", file=sys.stderr)


# --- The traffic ---------------------------------------------------------------------


@dataclass
class Answer:
    status: int  # 0: no answer (refused, reset, timed out)
    location: str = ""
    text: str = ""
    cookies: dict[str, str] = field(default_factory=dict)


class Stats:
    """Every request's outcome, and each write's, shared by the threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: Counter[str] = Counter()
        self.statuses: Counter[int] = Counter()
        self.clean_503: list[float] = []
        self.problems: list[str] = []
        self.writes: dict[str, dict[str, str]] = {
            "proposals": {},
            "registrations": {},
            "confirmations": {},
            "decisions": {},
        }
        self.published: list[int] = []

    def answered(self, kind: str, answer: Answer, expected: set[int]) -> None:
        with self.lock:
            self.requests[kind] += 1
            self.statuses[answer.status] += 1
            if answer.status == 503 and CLEAN_503 in answer.text:
                self.clean_503.append(time.time())
            elif answer.status >= 500 or answer.status == 0:
                status = answer.status or "no answer"
                self.problems.append(f"{kind}: {status} {gist(answer.text)}")
            elif answer.status not in expected:
                self.problems.append(f"{kind}: unexpected {answer.status} {gist(answer.text)}")

    # Outcomes, strongest first: once accepted, a key stays accepted.
    RANK = {"accepted": 3, "unknown": 2, "refused": 1}

    def write(self, kind: str, key: str, outcome: str) -> None:
        with self.lock:
            before = self.writes[kind].get(key)
            if before is None or self.RANK[outcome] > self.RANK[before]:
                self.writes[kind][key] = outcome


def gist(text: str) -> str:
    """A page's title, or the start of an error."""
    title = re.search(r"<title>(.*?)</title>", text, re.S)
    return repr(title[1].strip() if title else text[:160])


def outcome_of(answer: Answer, accepted: bool, refused: bool) -> str:
    if accepted:
        return "accepted"
    if refused:
        return "refused"
    return "unknown"  # an error or no answer: it may or may not have been saved


class Browser:
    """One visitor: their cookies and their address (behind the proxy)."""

    def __init__(self, run: Run, address: str, cookies: dict[str, str] | None = None):
        self.run = run
        self.address = address
        self.cookies = dict(cookies or {})

    def go(
        self,
        kind: str,
        method: str,
        path: str,
        fields: dict | None = None,
        expected: set[int] = frozenset({200}),
    ) -> Answer:
        port = self.run.rng_choice(self.run.cluster.web_ports)
        headers = {
            "Host": "127.0.0.1",
            "X-Forwarded-For": self.address,
            "Accept-Language": "es-CL,es;q=0.9",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            answer = Answer(response.status, response.getheader("Location", ""), text)
            for header in response.headers.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(header)
                for name, morsel in jar.items():
                    if morsel.value:
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)
        except (OSError, http.client.HTTPException) as error:
            answer = Answer(0, text=f"{type(error).__name__}: {error}")
        finally:
            connection.close()
        self.run.stats.answered(kind, answer, set(expected))
        return answer


class Run:
    def __init__(self, cluster: Cluster, shape: Shape, rng: random.Random, seed: int) -> None:
        self.cluster = cluster
        self.shape = shape
        self.rng = rng
        self.seed = seed
        self.rng_lock = threading.Lock()
        self.stats = Stats()
        self.stop = threading.Event()
        self.confirm_links: queue.Queue[str] = queue.Queue()
        self.faults: list[dict] = []
        self.exits: list[dict] = []  # processes that stopped by themselves
        self.addresses = iter(
            f"127.{a}.{b}.{c}" for a in range(1, 255) for b in range(256) for c in range(1, 255)
        )
        self.address_lock = threading.Lock()
        self.counter = iter(range(1, 10**9))

    def rng_choice(self, items):
        with self.rng_lock:
            return self.rng.choice(items)

    def rng_random(self) -> float:
        with self.rng_lock:
            return self.rng.random()

    def new_address(self) -> str:
        with self.address_lock:
            return next(self.addresses)

    def new_number(self) -> int:
        with self.address_lock:
            return next(self.counter)

    # The run, from start to figures.
    def execute(self) -> dict:
        started = time.monotonic()
        cluster, shape = self.cluster, self.shape
        print(f"multinode run: seed {self.seed}, work directory {cluster.workdir}", flush=True)
        cluster.postgres_init()
        cluster.redis_start()
        cluster.sink_start()
        cluster.portal_environment()
        cluster.create_database()
        cluster.manage("migrate", "--noinput", "-v0")
        cluster.manage("seed", "--demo")
        # The calendar's stages are laid out from an hour ahead, then moved to
        # the moment the traffic starts (the nodes start meanwhile).
        self.t0 = time.time() + 3600
        self.facts = self.scenario("prepare", self.spec_for_prepare())
        for n in (0, 1):
            cluster.web_start(n)
            cluster.worker_start(n)
        cluster.beat_start()
        for n in (0, 1):
            wait_until(lambda n=n: cluster.web_ready(n), 60, f"web node {n} answering /healthz")
        self.wait_for_heartbeat()
        setup = time.monotonic() - started
        print(f"multinode run: {setup:.0f} s to set up; traffic starts", flush=True)

        self.t0 = self.shift_calendar(self.t0)
        threads = [
            threading.Thread(target=self.citizen, daemon=True) for _ in range(shape.citizens)
        ]
        threads += [
            threading.Thread(target=self.moderator, args=(key,), daemon=True)
            for key in self.facts["sessions"]
        ]
        threads.append(threading.Thread(target=self.read_mail, daemon=True))
        supervisor = threading.Thread(target=self.supervise, daemon=True)
        supervisor.start()
        for thread in threads:
            thread.start()
        self.inject_faults()
        while time.time() < self.t0 + shape.traffic:
            time.sleep(0.2)
        self.stop.set()
        traffic_seconds = time.time() - self.t0
        for thread in threads:
            thread.join(timeout=40)
        print(f"multinode run: {traffic_seconds:.0f} s of traffic; draining", flush=True)
        drained = self.drain()
        self.supervising = False
        supervisor.join()
        report = self.check(traffic_seconds, drained, setup)
        report["total_seconds"] = round(time.monotonic() - started)
        return report

    def spec_for_prepare(self) -> dict:
        shape = self.shape
        # Calendar stages open and close during the traffic, spread over it.
        span = shape.traffic * 0.85
        edges = []
        for n in range(shape.calendar_stages):
            start = 2 + span * n / shape.calendar_stages
            edges.append([start, start + span / shape.calendar_stages / 2 + 1])
        return {
            "t0": self.t0,
            "staff": shape.staff,
            "events": 2,
            "subscribers": shape.subscribers,
            "edges": edges,
            "catch_up_stages": shape.catch_up_stages,
        }

    def scenario(self, command: str, spec: dict) -> dict:
        path = self.cluster.workdir / f"{command}.json"
        path.write_text(json.dumps(spec))
        code = f"from bench.multinode_scenario import run; run({command!r}, {str(path)!r})"
        output = self.cluster.manage("shell", "-c", code)
        return json.loads(output.strip().splitlines()[-1])

    def wait_for_heartbeat(self) -> None:
        """Beat sends the heartbeat and a worker runs it: the pipeline works."""

        def seen() -> bool:
            connection = http.client.HTTPConnection("127.0.0.1", self.cluster.web_ports[0])
            try:
                connection.request("GET", "/healthz")
                return bool(json.loads(connection.getresponse().read())["worker_last_seen"])
            finally:
                connection.close()

        wait_until(seen, 90, "a worker running beat's heartbeat")

    # --- Visitors ---------------------------------------------------------------------

    def read_paths(self) -> list[str]:
        demo, events = self.facts["demo"], self.facts["events"]
        paths = [
            "/",
            "/planes/",
            f"/planes/{demo}/",
            "/propuestas/",
            "/propuestas/?q=datos",
            f"/planes/{demo}/jornadas/",
            f"/planes/{demo}/calendario.ics",
            "/avance/",
            "/repositorio/",
            "/mesa-de-gobierno-abierto/",
        ]
        paths += [f"/eventos/{pk}/" for pk in events]
        with self.stats.lock:
            paths += [f"/propuestas/{pk}/" for pk in self.stats.published[-20:]]
        return paths

    def citizen(self) -> None:
        pending: list[tuple[float, Browser, str, str]] = []  # proposals being written
        while not self.stop.is_set():
            ready = [item for item in pending if item[0] <= time.time()]
            if ready:
                pending.remove(ready[0])
                self.send_proposal(*ready[0][1:])
                continue
            with contextlib.suppress(queue.Empty):
                self.confirm(self.confirm_links.get_nowait())
                continue
            dice = self.rng_random()
            if dice < 0.12 and len(pending) < 3:
                started = self.open_proposal_form()
                if started is not None:
                    pending.append(started)
            elif dice < 0.24:
                self.register()
            else:
                browser = Browser(self, self.new_address())
                browser.go("public page", "GET", self.rng_choice(self.read_paths()))

    def open_proposal_form(self):
        """A visitor opens the one-page form; they send it once it has been open
        longer than the five seconds the form asks for."""
        browser = Browser(self, self.new_address())
        path = f"/planes/{self.facts['demo']}/proponer/?un_paso=1"
        answer = browser.go("proposal form", "GET", path)
        token, started = CSRF_FIELD.search(answer.text), STARTED_FIELD.search(answer.text)
        if answer.status != 200 or not token or not started:
            return None
        return (time.time() + 5.5, browser, token.group(1), started.group(1))

    def send_proposal(self, browser: Browser, token: str, started: str) -> None:
        number = self.new_number()
        email = f"propuesta-{number}@multinode.test"
        fields = {
            "csrfmiddlewaretoken": token,
            "started": started,
            "title": f"Datos abiertos del presupuesto municipal, propuesta {number}",
            "problem": "Los vecinos no pueden ver en qué se gasta el presupuesto municipal.",
            "description": "Publicar cada mes el gasto municipal en formato abierto.",
            "actors": "Municipios y organizaciones vecinales.",
            "activities": "Diagnóstico, estándar de datos y publicación mensual.",
            "responsible_institution": "",
            "values": ["transparency", "participation"],
            "name": f"Persona {number}",
            "email": email,
            "sector": "citizen",
            "organisation": "",
            "region": "biobio",
            "consent": "on",
            "website": "",
        }
        path = f"/planes/{self.facts['demo']}/proponer/?un_paso=1"
        answer = browser.go("proposal sent", "POST", path, fields, expected={302, 400})
        accepted = answer.status == 302 and "/propuestas/gracias/" in answer.location
        self.stats.write("proposals", email, outcome_of(answer, accepted, answer.status == 400))

    def register(self) -> None:
        browser = Browser(self, self.new_address())
        event = self.rng_choice(self.facts["events"])
        path = f"/eventos/{event}/inscripcion/"
        answer = browser.go("registration form", "GET", path)
        token = CSRF_FIELD.search(answer.text)
        if answer.status != 200 or not token:
            return
        number = self.new_number()
        email = f"inscripcion-{number}@multinode.test"
        fields = {
            "csrfmiddlewaretoken": token.group(1),
            "name": f"Persona {number}",
            "email": email,
            "sector": "civil_society",
            "organisation": "",
            "region": "valparaiso",
            "accessibility_needs": "",
            "consent": "on",
            "website": "",
        }
        answer = browser.go("registration sent", "POST", path, fields, expected={302, 409})
        accepted = answer.status == 302 and "/inscripcion/enviada/" in answer.location
        self.stats.write("registrations", email, outcome_of(answer, accepted, answer.status == 409))

    def confirm(self, registration_token: str) -> None:
        """The person opens the link the sink received, and confirms."""
        browser = Browser(self, self.new_address())
        path = f"/inscripciones/{registration_token}/confirmar/"
        answer = browser.go("confirmation page", "GET", path, expected={200, 302})
        token = CSRF_FIELD.search(answer.text)
        if answer.status != 200 or not token:
            return
        fields = {"csrfmiddlewaretoken": token.group(1)}
        answer = browser.go("confirmation sent", "POST", path, fields, expected={302, 409})
        accepted = answer.status == 302 and "confirmada=1" in answer.location
        self.stats.write(
            "confirmations",
            registration_token,
            outcome_of(answer, accepted, answer.status == 409),
        )

    def read_mail(self) -> None:
        """Hand each confirmation link the sink receives to a visitor."""
        seen: set[str] = set()
        offset = 0
        while not self.stop.is_set():
            time.sleep(0.5)
            with contextlib.suppress(OSError):
                with self.cluster.sink_log.open() as log:
                    log.seek(offset)
                    chunk = log.read()
                complete = chunk[: chunk.rfind("\n") + 1]
                offset += len(complete.encode())
                for line in complete.splitlines():
                    record = json.loads(line)
                    for link in record.get("links", []):
                        match = CONFIRM_LINK.search(link)
                        if record["event"] == "accepted" and match and match[1] not in seen:
                            seen.add(match[1])
                            self.confirm_links.put(match[1])

    def moderator(self, session_key: str) -> None:
        """A moderator publishes received proposals, one by one, from the queue."""
        browser = Browser(self, self.new_address(), {"sessionid": session_key})
        while not self.stop.is_set():
            answer = browser.go("staff queue", "GET", "/gestion/propuestas/?estado=received")
            ids = MODERATE_LINK.findall(answer.text)
            if not ids:
                time.sleep(0.5)
                continue
            pk = self.rng_choice(ids[:10])
            path = f"/gestion/propuestas/{pk}/"
            answer = browser.go("staff proposal page", "GET", path)
            token = CSRF_FIELD.search(answer.text)
            if answer.status != 200 or not token:
                continue
            fields = {
                "csrfmiddlewaretoken": token.group(1),
                "to_status": "published",
                "expected_status": "received",
                "not_admitted_reason": "",
                "public_reason": "",
                "internal_note": "Publicada en la prueba de varios nodos.",
                "merged_into": "",
            }
            answer = browser.go("staff decision", "POST", path, fields, expected={302})
            if answer.status != 302:
                self.stats.write("decisions", pk, outcome_of(answer, False, False))
                continue
            page = browser.go("staff proposal page", "GET", path)
            if page.status == 200 and DECIDED in page.text:
                self.stats.write("decisions", pk, "accepted")
                with self.stats.lock:
                    self.stats.published.append(int(pk))
            elif page.status == 200 and "alert-error" in page.text:
                self.stats.write("decisions", pk, "refused")  # another moderator was first
            else:
                self.stats.write("decisions", pk, "unknown")
            time.sleep(0.2)

    supervising = True

    def supervise(self) -> None:
        """What systemd (Restart=always) or the platform does in production:
        start again a process that stopped by itself. Each such exit is
        reported, with the line of its log that says why."""
        cluster = self.cluster
        while self.supervising:
            time.sleep(0.3)
            with cluster.lock:
                for name in ("worker0", "worker1", "beat", "web0", "web1"):
                    process = cluster.processes.get(name)
                    if name in cluster.planned or process is None or process.poll() is None:
                        continue
                    self.exits.append(
                        {
                            "process": name,
                            "at": round(time.time() - self.t0, 1),
                            "exit_code": process.returncode,
                            "why": cluster.last_error(name),
                        }
                    )
                    print(f"  {self.exits[-1]['at']:5.1f} s  {name} stopped by itself", flush=True)
                    cluster.restart(name)

    # --- Faults -----------------------------------------------------------------------

    def at(self, fraction: float) -> None:
        """Wait until that share of the traffic's time (never backwards)."""
        moment = self.t0 + self.shape.traffic * fraction
        while time.time() < moment:
            time.sleep(0.05)

    def fault(self, name: str, **details) -> dict:
        record = {"fault": name, "at": round(time.time() - self.t0, 1), **details}
        self.faults.append(record)
        print(f"  {record['at']:5.1f} s  {name}", flush=True)
        return record

    def inject_faults(self) -> None:
        """The faults, during the traffic. Each waits for its moment (a share of
        the traffic's time) and for the one before it to be over, except the
        sink's refusal, which lasts across Redis', beat's and PostgreSQL's
        outages in the long form: longer than the delivery task's retries, so
        the e-mails must wait for beat's sweep. The traffic lasts until the
        last fault is over, and a few seconds more."""
        cluster, shape, rng = self.cluster, self.shape, self.rng

        self.at(rng.uniform(0.02, 0.08))
        self.kill_random_node("worker node killed (SIGKILL) at a random moment")

        self.at(0.1)
        self.kill_while_holding()

        self.at(0.15)
        refusal = threading.Thread(target=self.refuse_mail, daemon=True)
        refusal.start()

        self.at(0.3)
        record = self.fault("Redis stopped (broker and cache; it keeps nothing on disk)")
        cluster.redis_stop()
        time.sleep(shape.redis_down)
        cluster.redis_start()
        record["seconds"] = round(time.time() - self.t0 - record["at"], 1)

        self.at(0.45)
        record = self.fault("beat stopped; the calendar moves ten minutes on")
        self.beat_stopped = time.time()
        cluster.beat_stop()
        time.sleep(1)  # a tick already sent runs now, before the move
        moved = self.move_into_the_last(600)
        time.sleep(shape.beat_down)
        with cluster.lock:
            cluster.beat_start()
        self.beat_back = time.time()
        record["seconds"] = round(self.beat_back - self.beat_stopped, 1)
        record["edges_moved_into_the_ten_minutes"] = 3 * moved

        self.at(0.6)
        record = self.fault("PostgreSQL restarted (fast shutdown, then start)")
        self.postgres_down = time.time()
        cluster.postgres_stop("fast")
        time.sleep(shape.postgres_down)
        cluster.postgres_start()
        self.postgres_up = time.time()
        record["seconds"] = round(self.postgres_up - self.postgres_down, 1)

        refusal.join()
        self.at(rng.uniform(0.8, 0.92))
        self.kill_random_node("worker node killed (SIGKILL) at a random moment")
        # Every fault happened during the traffic: stretch it past the last one.
        self.shape.traffic = max(shape.traffic, time.time() - self.t0 + 4)

    def refuse_mail(self) -> None:
        control = self.cluster.sink_control
        record = self.fault("SMTP sink refusing every message (451)")
        (control / "refuse").write_text("on")
        time.sleep(self.shape.refuse)
        (control / "refuse").unlink()
        record["seconds"] = self.shape.refuse

    def shift_calendar(self, planned: float) -> float:
        """Move the run's stages from the planned start to now; returns now."""
        import psycopg

        now = time.time()
        with psycopg.connect(self.cluster.env["DATABASE_URL"]) as connection:
            connection.execute(
                "UPDATE plans_stage SET starts_at = starts_at + make_interval(secs => %s), "
                "ends_at = ends_at + make_interval(secs => %s) WHERE id = ANY(%s)",
                (now - planned, now - planned, self.facts["stages"]),
            )
        return now

    def move_into_the_last(self, seconds: int) -> int:
        """Beat is away; ten minutes pass. The portal has no clock to move, so
        the calendar moves instead: the stages kept a month ahead for this
        (multinode_scenario.prepare) now open and close within the last ten
        minutes, one after the other, as if that much time had passed without
        a tick. Their edges are all due and none was handled: beat's first tick
        when it is back must handle each once, in order."""
        import psycopg

        stages = self.facts["catch_up_stages"]
        step = seconds / max(len(stages), 1)
        now = time.time()
        with psycopg.connect(self.cluster.env["DATABASE_URL"]) as connection:
            for n, pk in enumerate(stages):
                starts = now - seconds + n * step
                connection.execute(
                    "UPDATE plans_stage SET starts_at = to_timestamp(%s), "
                    "ends_at = to_timestamp(%s) WHERE id = %s",
                    (starts, starts + step / 2, pk),
                )
        return len(stages)

    def kill_random_node(self, label: str) -> None:
        name = self.rng_choice(["worker0", "worker1"])
        record = self.fault(label, node=name)
        self.cluster.kill_node(name)
        time.sleep(1)  # the process manager notices, and starts it again
        with self.cluster.lock:
            self.cluster.worker_start(int(name[-1]))
        record["restarted_after"] = 1

    def kill_while_holding(self) -> None:
        """Let the sink hold messages, and kill the worker process whose message
        it holds: mid-batch, before the sink's reply."""
        control = self.cluster.sink_control
        (control / "hold").write_text("2 0.5")
        deadline = time.time() + 30
        killed = None
        while time.time() < deadline and killed is None:
            with contextlib.suppress(OSError, ValueError):
                port = int((control / "holding").read_text())
                killed = self.cluster.holder_of(port)
            time.sleep(0.05)
        (control / "hold").unlink()
        if killed is None:
            self.stats.problems.append("no worker was caught while the sink held its message")
            return
        nodes = ("worker0", "worker1")
        name = next(
            n for n in nodes if killed in [self.cluster.processes[n].pid, *self.cluster.pool(n)]
        )
        self.fault("worker process killed (SIGKILL) while the sink held its message", node=name)
        if killed == self.cluster.processes[name].pid:
            self.cluster.kill_node(name)
            time.sleep(1)
            with self.cluster.lock:
                self.cluster.worker_start(int(name[-1]))
        else:
            self.cluster.kill_pid(killed)  # its node's main process starts another

    # --- After the traffic ------------------------------------------------------------

    def drain(self) -> bool:
        """Wait until no e-mail is queued and the sink has them all."""
        import psycopg

        url = self.cluster.env["DATABASE_URL"]
        deadline = time.time() + self.shape.drain
        steady = 0
        while time.time() < deadline:
            time.sleep(2)
            with contextlib.suppress(psycopg.Error), psycopg.connect(url) as connection:
                counts = dict(
                    connection.execute(
                        "SELECT status, count(*) FROM ogp_portal_outboundemail GROUP BY status"
                    ).fetchall()
                )
                at_sink = len(
                    {
                        json.loads(line)["message_id"]
                        for line in self.cluster.sink_log.read_text().splitlines()
                        if '"accepted"' in line
                    }
                )
                done = not counts.get("queued") and at_sink >= counts.get("sent", 0)
                steady = steady + 1 if done else 0
                if steady >= 3:  # 6 s without anything new: the calendar is quiet too
                    return True
        return False

    def check(self, traffic_seconds: float, drained: bool, setup: float) -> dict:
        stats = self.stats
        spec = {
            **stats.writes,
            "sink_log": str(self.cluster.sink_log),
            "stages": self.facts["stages"],
            "catch_up_stages": self.facts["catch_up_stages"],
            "beat_stopped": self.beat_stopped,
            "beat_back": self.beat_back,
            "tick_grace": 3,
            "t0": self.t0,
        }
        result = self.scenario("check", spec)
        problems = list(stats.problems) + result.pop("problems")
        if not drained:
            problems.append("the outbox did not drain in time")
        # The Spanish 503 page only while PostgreSQL restarts (and the moment after).
        window = (self.postgres_down - 1, self.postgres_up + 10)
        outside = [t for t in stats.clean_503 if not window[0] <= t <= window[1]]
        if outside:
            problems.append(f"{len(outside)} answers 503 outside PostgreSQL's restart")
        for name in ("web0", "web1", "worker0", "worker1", "beat", "sink", "redis"):
            if not self.cluster.alive(name):
                problems.append(f"{name} is not running at the end")
        for stopped in self.exits:
            if stopped["process"].startswith("web"):  # gunicorn restarts its own workers
                problems.append(f"web node {stopped['process']} stopped: {stopped['why']}")
        errors = sum(n for status, n in stats.statuses.items() if status >= 500 or status == 0)
        return {
            "seed": self.seed,
            "setup_seconds": round(setup),
            "traffic_seconds": round(traffic_seconds, 1),
            "requests": sum(stats.requests.values()),
            "requests_by_kind": dict(stats.requests),
            "statuses": {str(k): v for k, v in sorted(stats.statuses.items())},
            "clean_503": len(stats.clean_503),
            "errors_5xx_or_no_answer": errors - len(stats.clean_503),
            "faults": self.faults,
            "exits": self.exits,
            **result,
            "problems": problems,
        }


# --- The figures ---------------------------------------------------------------------


def render(report: dict) -> str:
    writes = ["proposals", "registrations", "confirmations", "decisions"]
    emails, calendar = report["emails"], report["calendar"]
    lines = [
        f"Traffic: {report['traffic_seconds']:.0f} s to two web nodes, "
        f"{report['requests']:,} requests "
        f"({report['requests'] / report['traffic_seconds']:.0f}/s); "
        f"statuses {report['statuses']}.",
        f"5xx or no answer: {report['errors_5xx_or_no_answer']}; the Spanish 503 page while "
        f"PostgreSQL restarted: {report['clean_503']}.",
        "",
        "| writes | attempted | accepted | unacknowledged (error or cut off) | stored | "
        "lost | doubled |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    problems = report["problems"]
    for kind in writes:
        figures = report[kind]
        lines.append(
            f"| {kind} | {figures['attempted']} | {figures['accepted']} | "
            f"{figures['unacknowledged']} | {figures['stored']} | {figures['lost']} | "
            f"{figures['doubled']} |"
        )
    lines += [
        "",
        f"Calendar: {calendar['edges_fired_once']} of {calendar['edges_due']} due edges handled "
        f"exactly once ({calendar['scenario_edges']} of the run's own, with "
        f"{calendar['effects_run']} effects run once each); {calendar['caught_up']} edges of "
        f"beat's ten simulated minutes caught up within "
        f"{calendar['caught_up_within_seconds_of_beat']} s of its return "
        f"({calendar['caught_up_before_beat_was_back']} by a tick sent before it stopped).",
        f"E-mails: {emails['rows']} in the outbox, {emails['sent']} sent; at the sink "
        f"{emails['distinct_at_sink']} distinct Message-IDs in {emails['at_sink']} copies: "
        f"lost {emails['lost']}, duplicate copies {emails['duplicate_copies']}"
        + duplicates(report)
        + f"; {emails['refused_by_sink']} attempts refused by the sink and retried, "
        f"{emails['discarded_by_sink']} cut off while held.",
        "",
        "| fault, in order | at (s) | details |",
        "|---|---:|---|",
    ]
    for fault in report["faults"]:
        details = ", ".join(
            f"{k.replace('_', ' ')} {v}" for k, v in fault.items() if k not in ("fault", "at")
        )
        lines.append(f"| {fault['fault']} | {fault['at']} | {details} |")
    for stopped in report["exits"]:
        lines.append(
            f"| {stopped['process']} stopped by itself (exit {stopped['exit_code']}) and was "
            f"started again, as a process manager does | {stopped['at']} | {stopped['why']} |"
        )
    lines.append("")
    if problems:
        lines.append(f"FAILED: {len(problems)} problems")
        lines += [f"- {p}" for p in problems[:40]]
    else:
        copies = emails["duplicate_copies"]
        lines.append(
            "Passed: no 5xx, no accepted write lost or doubled, no e-mail lost"
            + (
                f"; {copies} e-mail(s) reached the sink twice with the same Message-ID."
                if copies
                else ", none sent twice."
            )
        )
    return "\n".join(lines)


def duplicates(report: dict) -> str:
    """Each e-mail that reached the sink twice (same Message-ID), when, and the
    fault just before the second copy's first sending was cut off."""
    parts = []
    for key, moments in report["emails"]["duplicated"].items():
        first = moments[0]
        faults = sorted(report["faults"], key=lambda f: f["at"])
        before = [f for f in faults if f["at"] <= first + 0.5]
        cause = before[-1]["fault"] if before else "no fault"
        seconds = " and ".join(f"{m} s" for m in moments)
        parts.append(f"{key} at {seconds}, first copy after: {cause}")
    return f" ({'; '.join(parts)})" if parts else ""


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (
        f"{cpu}, {os.cpu_count()} cores shared with other work; {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}"
    )


def write_performance(report: dict) -> None:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    block = "\n".join(
        [
            START,
            f"Run on {time.strftime('%Y-%m-%d')} at commit `{commit}` (seed {report['seed']}): "
            "two gunicorn nodes (2 sync workers each), two Celery workers (2 processes "
            "each) and one beat, on a private PostgreSQL and Redis and a recording SMTP "
            "sink, all on one machine.",
            "",
            f"Machine: {machine()}.",
            "",
            "Reproduce: `make multinode` (`.venv/bin/python -m bench.multinode --write`); "
            "CI runs the short form (`--short`) in `tests/test_multinode.py`.",
            "",
            render(report),
            END,
        ]
    )
    text = PERFORMANCE.read_text() if PERFORMANCE.exists() else "# Performance\n"
    if START not in text:
        text = text.rstrip("\n") + f"\n\n{START}\n{END}\n"
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    PERFORMANCE.write_text(before + block + after)
    print(f"wrote {PERFORMANCE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
