"""Themed work tables that co-create commitments from proposals.

So far: the table, and which proposals it works on (one table per proposal).
Sessions and commitment drafts come with the work tables' own issue."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import ActionPlan
from proposals.models import Proposal


class WorkTable(models.Model):
    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="worktables", verbose_name=_("plan")
    )
    name = models.CharField(_("theme"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["plan", "name"]
        verbose_name = _("work table")
        verbose_name_plural = _("work tables")
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="unique_worktable_name")
        ]

    def __str__(self) -> str:
        return self.name


class TableAssignment(models.Model):
    """The work table a proposal was given to. Owned here, not on the proposal,
    so that proposals never depend on work tables (docs/ARCHITECTURE.md); the
    proposal's public trail records each assignment as a step."""

    proposal = models.OneToOneField(
        Proposal,
        on_delete=models.CASCADE,
        related_name="table_assignment",
        verbose_name=_("proposal"),
    )
    table = models.ForeignKey(
        WorkTable,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("work table"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )

    class Meta:
        ordering = ["table", "assigned_at"]
        verbose_name = _("proposal assigned to a table")
        verbose_name_plural = _("proposals assigned to tables")

    def __str__(self) -> str:
        return f"{self.proposal_id} → {self.table_id}"
