"""Every write of the work tables' app: sessions and registrations
(``events``), tables, drafts, minutes and the publication of results
(``tables``)."""

from __future__ import annotations

from .events import (
    Attendee,
    EventNotChanged,
    RegistrationRefused,
    cancel,
    cancel_event,
    confirm,
    prune_registrations,
    queue_reminders,
    register,
    schedule,
    update,
)
from .tables import assign

__all__ = [
    "Attendee",
    "EventNotChanged",
    "RegistrationRefused",
    "assign",
    "cancel",
    "cancel_event",
    "confirm",
    "prune_registrations",
    "queue_reminders",
    "register",
    "schedule",
    "update",
]
