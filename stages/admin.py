from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from plans.admin import ActionPlanAdmin

from . import engine
from .models import EffectRun, Stage, StageEvent, Subscription


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0


# A plan's calendar is edited on the plan's own admin page.
ActionPlanAdmin.inlines = [*ActionPlanAdmin.inlines, StageInline]


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["kind", "plan", "starts_at", "ends_at"]
    list_filter = ["kind", "plan"]
    list_select_related = ["plan"]


class EffectRunInline(admin.TabularInline):
    model = EffectRun
    extra = 0
    can_delete = False
    # The action in words: the recorded key is a Python path.
    fields = readonly_fields = ["action", "status", "outcome", "attempts", "finished_at"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("action"))
    def action(self, run: EffectRun) -> str:
        return engine.effect_label(run.effect)


@admin.register(StageEvent)
class StageEventAdmin(admin.ModelAdmin):
    """Read-only: events are written by the calendar engine alone."""

    list_display = ["stage", "edge", "due_at", "fired_at", "result"]
    list_filter = ["edge", "result", "stage__kind"]
    list_select_related = ["stage__plan"]
    fields = ["stage", "edge", "due_at", "fired_at", "result", "earlier_log"]
    readonly_fields = ["earlier_log"]
    inlines = [EffectRunInline]

    @admin.display(description=_("what was done"))
    def earlier_log(self, event: StageEvent) -> str:
        """The log of an event handled before effects had their own rows."""
        lines = engine.legacy_log(event.log)
        return "; ".join(f"{what}: {how}" if what else how for what, how in lines) or "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["pk", "created_at", "confirmed_at", "unsubscribed_at", "language"]
    list_filter = ["language"]
    search_fields = ["email"]
    readonly_fields = ["token"]
