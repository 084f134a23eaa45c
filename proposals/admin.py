from __future__ import annotations

from django.contrib import admin

from .models import Proposal, ProposalEvent


class ProposalEventInline(admin.TabularInline):
    model = ProposalEvent
    fk_name = "proposal"
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in ProposalEvent._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """Read-only: decisions go through the moderation pages, which keep the trail."""

    list_display = ["tracking_code", "title", "plan", "status", "sector", "region", "created_at"]
    list_filter = ["status", "plan", "sector", "region", "transparency", "accountability"]
    list_select_related = ["plan"]
    search_fields = ["tracking_code", "title", "email"]
    inlines = [ProposalEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
