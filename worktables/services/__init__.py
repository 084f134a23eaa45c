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
from .tables import (
    DraftData,
    DraftRefused,
    MilestoneData,
    MinutesRefused,
    Published,
    add_minutes_document,
    assign,
    publish_minutes,
    publish_plan_results,
    publish_table,
    save_draft,
    save_minutes,
    save_table,
    set_aside,
    take_up,
)

__all__ = [
    "Attendee",
    "DraftData",
    "DraftRefused",
    "MilestoneData",
    "MinutesRefused",
    "Published",
    "add_minutes_document",
    "publish_minutes",
    "publish_plan_results",
    "publish_table",
    "save_draft",
    "save_minutes",
    "save_table",
    "set_aside",
    "take_up",
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
