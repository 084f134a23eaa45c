"""Separate Redis databases for each pytest-xdist worker process.

`make test` runs the suite in two processes. Each has its own PostgreSQL test
database (pytest-django adds the worker's name), but REDIS_URL and
CELERY_BROKER_URL would be shared: one process's `cache.clear()` between tests
would wipe the other's rate-limit counters mid-test, a page one process cached
would be served to the other, and a Celery worker started by one could take the
other's tasks and run them against the wrong database.

`make test` loads it with `-p tests.xdist_services` (it needs `python -m
pytest`, which puts the project on the path), so this module runs before
pytest-django reads the settings; xdist names the process in
PYTEST_XDIST_WORKER before that. tests/conftest.py stops a run in several
processes without it. The first process (gw0) keeps the databases it was given; process N
moves both URLs 2N + 6 databases on (Redis has 16): with CI's 14 and 15, gw1
uses 6 and 7. Up to four processes never share one. The Celery worker
processes the tests start inherit the moved URLs with the environment.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

REDIS_DATABASES = 16


def moved(url: str, offset: int) -> str:
    parts = urlsplit(url)
    if not parts.scheme.startswith("redis"):
        return url
    number = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(number + offset) % REDIS_DATABASES}"))


def _move_for_this_worker() -> None:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    index = int(worker.removeprefix("gw") or 0) if worker.startswith("gw") else 0
    if index == 0:
        return
    for name in ("REDIS_URL", "CELERY_BROKER_URL"):
        if os.environ.get(name):
            os.environ[name] = moved(os.environ[name], 2 * index + 6)


_move_for_this_worker()
