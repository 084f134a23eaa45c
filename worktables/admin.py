from __future__ import annotations

from django.contrib import admin

from .models import Event, TableAssignment, WorkTable


@admin.register(WorkTable)
class WorkTableAdmin(admin.ModelAdmin):
    """Staff create a table here (theme, description, facilitators, the
    institutions invited); sessions, drafts and publication live on the staff
    pages, where each change is recorded and told."""

    list_display = ["name", "plan", "results_published_at"]
    list_filter = ["plan"]
    search_fields = ["name"]
    filter_horizontal = ["institutions"]
    readonly_fields = ["results_published_at"]


@admin.register(TableAssignment)
class TableAssignmentAdmin(admin.ModelAdmin):
    list_display = ["proposal", "table", "assigned_at"]
    list_filter = ["table__plan", "table"]
    list_select_related = ["proposal", "table"]
    raw_id_fields = ["proposal"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # assignments change through the moderation page (the trail records them)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Read-only: a session changes on its staff page, which tells the people
    registered (worktables/staff_views.py)."""

    list_display = ["title", "plan", "table", "starts_at", "status"]
    list_filter = ["plan", "kind", "status"]
    search_fields = ["title"]
    exclude = ["online_url"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
