from __future__ import annotations

import time

import pytest
from django.core.cache import cache

from core.tasks import HEARTBEAT_KEY, heartbeat, last_heartbeat

pytestmark = pytest.mark.celery_worker


def test_a_real_worker_runs_the_heartbeat_sent_through_redis(celery_worker_process):
    cache.delete(HEARTBEAT_KEY)
    heartbeat.delay()
    deadline = time.monotonic() + 30
    while last_heartbeat() is None:
        assert time.monotonic() < deadline, "the worker never ran the task"
        time.sleep(0.2)
    assert celery_worker_process.poll() is None
