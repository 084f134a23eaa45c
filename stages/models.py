"""The co-creation calendar: each plan's stages, the record of what the
calendar engine did at each stage's edges, and the notices' subscribers."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import public
from plans.models import ActionPlan


class StageKind(models.TextChoices):
    """The seven kinds of stage of a co-creation calendar, in their usual order."""

    AWARENESS = "awareness", _("Awareness sessions")
    RECEPTION = "reception", _("Proposal reception")
    WORKTABLES = "worktables", _("Work tables")
    RESULTS = "results", _("Publication of the work tables' results")
    SELECTION = "selection", _("Selection of proposals")
    CONSULTATION = "consultation", _("Public consultation of the draft plan")
    PUBLICATION = "publication", _("Publication of the action plan")


STAGE_ORDER = {kind.value: index for index, kind in enumerate(StageKind, start=1)}


class StageQuerySet(models.QuerySet):
    def open_at(self, moment: dt.datetime) -> StageQuerySet:
        return self.filter(starts_at__lte=moment, ends_at__gt=moment)


class Stage(models.Model):
    """One stage of a plan's co-creation calendar. A stage is open from
    ``starts_at`` (included) until ``ends_at`` (excluded)."""

    plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.CASCADE,
        related_name="stages",
        verbose_name=_("plan"),
    )
    kind = models.CharField(_("stage"), max_length=20, choices=StageKind.choices)
    starts_at = models.DateTimeField(_("opens"))
    ends_at = models.DateTimeField(_("closes"))
    description = models.TextField(_("description"), blank=True)

    objects = StageQuerySet.as_manager()

    class Meta:
        db_table = "plans_stage"  # the table it had when stages lived in plans
        ordering = ["plan", "starts_at", "ends_at"]
        verbose_name = _("calendar stage")
        verbose_name_plural = _("calendar stages")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind"],
                name="one_stage_per_kind",
                violation_error_message=_("This plan already has a stage of this kind."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="stage_ends_after_start",
                violation_error_message=_("A stage must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.plan.period})"

    @property
    def order(self) -> int:
        return STAGE_ORDER[self.kind]

    @property
    def last_moment(self) -> dt.datetime:
        """The last instant inside the stage, for display ("until 24 August")."""
        return self.ends_at - dt.timedelta(microseconds=1)

    def is_open(self, moment: dt.datetime | None = None) -> bool:
        moment = moment or timezone.now()
        return self.starts_at <= moment < self.ends_at

    @property
    def closing_soon_at(self) -> dt.datetime:
        """When reminders that the stage is about to close go out."""
        notice = dt.timedelta(hours=settings.CALENDAR_CLOSING_NOTICE_HOURS)
        return max(self.ends_at - notice, self.starts_at)

    def edge_time(self, edge: str) -> dt.datetime:
        return {
            "start": self.starts_at,
            "closing_soon": self.closing_soon_at,
            "end": self.ends_at,
        }[edge]


class Edge(models.TextChoices):
    """The moments of a stage that can trigger effects."""

    START = "start", _("Opens")
    CLOSING_SOON = "closing_soon", _("Closes soon")
    END = "end", _("Closes")


class StageEvent(models.Model):
    """A record that a stage's edge was handled. The engine inserts it first, on
    its own, under a unique constraint: a concurrent tick fails that insert and
    leaves the edge alone. Each effect then runs in its own savepoint and leaves
    an :class:`EffectRun`, so one failing effect neither stops the others nor
    the calendar, and staff can run it again."""

    class Result(models.TextChoices):
        DONE = "done", _("Done")
        FAILED = "failed", _("Something failed")
        SKIPPED = "skipped", _("Too old to act on")

    stage = models.ForeignKey(
        Stage, on_delete=models.CASCADE, related_name="events", verbose_name=_("stage")
    )
    edge = models.CharField(_("moment"), max_length=20, choices=Edge.choices)
    due_at = models.DateTimeField(_("due at"))
    fired_at = models.DateTimeField(_("handled at"), default=timezone.now)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    # What the effects did, as written by the engine before effects had their
    # own rows (EffectRun); kept for the events handled then.
    log = models.TextField(_("what was done"), blank=True)

    class Meta:
        db_table = "plans_stageevent"
        ordering = ["-fired_at", "-id"]
        verbose_name = _("calendar event")
        verbose_name_plural = _("calendar events")
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "edge", "due_at"], name="one_event_per_edge_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stage} · {self.get_edge_display()} · {self.due_at:%Y-%m-%d %H:%M}"


class EffectRun(models.Model):
    """What one effect did at one edge: done with its outcome, or failed with the
    error. A failed run can be run again by staff (``engine.retry``)."""

    class Status(models.TextChoices):
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey(
        StageEvent, on_delete=models.CASCADE, related_name="runs", verbose_name=_("event")
    )
    effect = models.CharField(_("effect"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    outcome = models.TextField(_("outcome"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    finished_at = models.DateTimeField(_("finished at"), default=timezone.now)

    class Meta:
        ordering = ["event", "id"]
        verbose_name = _("effect run")
        verbose_name_plural = _("effect runs")
        constraints = [
            models.UniqueConstraint(fields=["event", "effect"], name="one_run_per_effect"),
        ]
        indexes = [
            models.Index(
                fields=["-finished_at"], condition=Q(status="failed"), name="effect_run_failed"
            )
        ]

    def __str__(self) -> str:
        from .engine import effect_label  # the engine imports the models

        return f"{effect_label(self.effect)} · {self.get_status_display()}"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class SubscriptionQuerySet(models.QuerySet):
    def active(self) -> SubscriptionQuerySet:
        """Confirmed and not unsubscribed: the only addresses notices go to."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)

    def for_email(self, email: str) -> SubscriptionQuerySet:
        return self.alias(email_lower=Lower("email")).filter(email_lower=email.lower())


class Subscription(models.Model):
    """An address that receives the calendar's notices (a stage opens, a stage
    closes in two days). Double opt-in: nothing is sent before ``confirmed_at``.
    The token is the only credential: it confirms and unsubscribes."""

    email = models.EmailField(_("e-mail"))
    token = models.CharField(_("token"), max_length=64, unique=True, default=_new_token)
    language = models.CharField(_("language"), max_length=10, default="es-cl")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        db_table = "plans_subscription"
        ordering = ["-created_at", "-id"]
        verbose_name = _("notice subscription")
        verbose_name_plural = _("notice subscriptions")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="unique_subscription_email"),
        ]

    def __str__(self) -> str:
        return f"Subscription #{self.pk}"


# What the public may see (core/public.py): the calendar is public; a
# subscriber's address and token are not.
public.declare(Stage, fields=["id", "plan_id", "kind", "starts_at", "ends_at", "description"])
public.declare(
    Subscription,
    fields=["id", "language", "created_at", "confirmed_at", "unsubscribed_at"],
    personal=["email", "token"],
    on_pages=False,
)
