"""Themed work tables that co-create commitments from proposals.

Only the table itself exists so far, so proposals can be assigned to one; the
co-creation sessions are planned (see docs/ARCHITECTURE.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.models import ActionPlan


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
