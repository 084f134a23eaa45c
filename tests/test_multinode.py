"""The short form of the multi-node run (bench/multinode.py --short): two web
nodes, two Celery workers and beat, under traffic while a worker is killed,
the SMTP sink refuses, Redis stops, beat stops and PostgreSQL restarts. It
fails when anything accepted is lost or doubled, a request gets a 5xx other
than the Spanish 503 page during PostgreSQL's restart, a calendar edge is not
handled exactly once, or an e-mail never reaches the sink. About a minute and
a half; `make multinode` is the long form, whose figures are in
docs/PERFORMANCE.md."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require_service

pytestmark = pytest.mark.multinode

ROOT = Path(__file__).resolve().parent.parent


def postgres_tools() -> bool:
    from bench.multinode import Failure, postgres_bin

    try:
        postgres_bin()
    except Failure:
        return False
    return os.geteuid() != 0 or shutil.which("runuser") is not None


def test_two_nodes_under_faults_lose_nothing_and_double_nothing():
    require_service(postgres_tools(), "PostgreSQL's initdb and pg_ctl (a private cluster)")
    require_service(shutil.which("redis-server") is not None, "redis-server (a private Redis)")
    run = subprocess.Popen(
        [sys.executable, "-m", "bench.multinode", "--short"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        stdout, stderr = run.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        run.terminate()  # SIGTERM: the run stops its PostgreSQL, Redis and nodes
        stdout, stderr = run.communicate(timeout=120)
        pytest.fail(f"the run took longer than 10 minutes\n{stdout[-8000:]}\n{stderr[-4000:]}")
    print(stdout)  # the figures, in the test's output
    assert run.returncode == 0, f"{stdout[-12000:]}\n{stderr[-6000:]}"
    assert "Passed:" in stdout
