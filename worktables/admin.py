from __future__ import annotations

from django.contrib import admin

from .models import TableAssignment, WorkTable


@admin.register(WorkTable)
class WorkTableAdmin(admin.ModelAdmin):
    list_display = ["name", "plan"]
    list_filter = ["plan"]
    search_fields = ["name"]


@admin.register(TableAssignment)
class TableAssignmentAdmin(admin.ModelAdmin):
    list_display = ["proposal", "table", "assigned_at"]
    list_filter = ["table__plan", "table"]
    list_select_related = ["proposal", "table"]
    raw_id_fields = ["proposal"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # assignments change through the moderation page (the trail records them)
