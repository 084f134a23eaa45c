"""The short form of the load benchmark (bench/load.py --quick): a small data
set, 2 s of wrk per page. Its figures mean little while the rest of the suite
shares the cores; what it proves is that the benchmark still runs end to end,
every public page answers 200 under 32 connections, and every submission
answered with a redirect is stored. `make load` is the long form, whose
figures are in docs/PERFORMANCE.md."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require_service

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.load
def test_the_load_benchmark_runs_and_every_page_answers_under_load():
    require_service(shutil.which("wrk") is not None, "wrk (apt-get install wrk)")
    require_service(shutil.which("redis-server") is not None, "Redis")
    done = subprocess.run(
        [sys.executable, "-m", "bench.load", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    print(done.stdout)  # the figures, in the test's output
    assert done.returncode == 0, f"{done.stdout[-8000:]}\n{done.stderr[-4000:]}"
    assert "| trivial view (reference) |" in done.stdout
    assert "| proposal submission (POST) |" in done.stdout
    assert ", 0 lost)" in done.stdout
    assert "ratio" in done.stdout  # the export against COPY
