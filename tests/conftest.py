from __future__ import annotations

import os

import pytest
from django.core.management import call_command

from tests.core.factories import UserFactory

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_configure(config):
    """Several processes share one Redis unless each moves to its own databases."""
    several = config.getoption("numprocesses", default=None)
    if several and not config.pluginmanager.has_plugin("tests.xdist_services"):
        raise pytest.UsageError(
            "with --numprocesses, add -p tests.xdist_services (`make test` does): "
            "otherwise the processes share the Redis cache and broker"
        )


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and locks must not leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the portal's language. A request under /en/ leaves
    English active on the test's thread (LocaleMiddleware activates, nothing
    deactivates), and ``reverse`` would then build English addresses."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def seeded(db):
    """Chile's reference data, as `manage.py seed` loads it."""
    call_command("seed")


@pytest.fixture
def staff_user(db):
    return UserFactory(username="moderadora", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def require_service(available: bool, what: str) -> None:
    """A test that needs a real service fails in CI when it is missing, and is
    skipped elsewhere, so a laptop without Redis can still run the suite."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI must provide {what}")
    pytest.skip(f"needs {what}")


@pytest.fixture
def celery_worker_env() -> dict[str, str]:
    """Extra environment variables for the worker process (e.g. EMAIL_URL):
    override this fixture in a test module."""
    return {}


def celery_worker_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a worker that uses the test database."""
    from django.db import connection

    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return dict(
        os.environ,
        DATABASE_URL=f"postgres://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        CELERY_TASK_ALWAYS_EAGER="false",
        **(extra or {}),
    )


def spawn_celery_worker(env: dict[str, str]):
    """Start a `celery worker` process and wait until it answers a ping."""
    import subprocess
    import sys
    import time
    from pathlib import Path

    from ogp_portal.celery import app

    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ogp_portal",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
    )
    deadline = time.monotonic() + 60
    while not app.control.ping(timeout=1):
        if worker.poll() is not None or time.monotonic() > deadline:
            worker.kill()
            pytest.fail("the Celery worker did not start")
    return worker


def stop_celery_worker(worker) -> None:
    import subprocess

    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


@pytest.fixture
def celery_worker_process(transactional_db, settings, celery_worker_env):
    """A real `celery worker` process on the Redis broker, using the test database."""
    from django.db import connection

    from ogp_portal.celery import app

    require_service(bool(settings.CELERY_BROKER_URL), "a Redis broker (CELERY_BROKER_URL)")
    require_service(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    require_service(bool(os.environ.get("REDIS_URL")), "a shared Redis cache (REDIS_URL)")
    env = celery_worker_environment(celery_worker_env)
    app.control.purge()
    app.conf.task_always_eager = False
    worker = None
    try:
        worker = spawn_celery_worker(env)
        yield worker
    finally:
        app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
        if worker is not None:
            stop_celery_worker(worker)
