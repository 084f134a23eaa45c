"""The portal's production settings for the multi-node run (bench/multinode.py),
with beat's schedule compressed so that a run of a minute sees many ticks:
the calendar tick, the outbox sweep and the heartbeat every 2 seconds instead
of every minute, the reminders every 10 seconds. Nothing else changes."""

from ogp_portal.settings import *  # noqa: F403
from ogp_portal.settings import CELERY_BEAT_SCHEDULE as _PRODUCTION_SCHEDULE

BEAT_SECONDS = {
    "heartbeat": 2.0,
    "calendar-tick": 2.0,
    "send-queued-emails": 2.0,
    "event-reminders": 10.0,
    "progress-reminders": 10.0,
}
CELERY_BEAT_SCHEDULE = {
    name: {**entry, "schedule": BEAT_SECONDS.get(name, entry["schedule"])}
    for name, entry in _PRODUCTION_SCHEDULE.items()
}
