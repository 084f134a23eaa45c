from __future__ import annotations

from django.contrib import admin

from .models import WorkTable


@admin.register(WorkTable)
class WorkTableAdmin(admin.ModelAdmin):
    list_display = ["name", "plan"]
    list_filter = ["plan"]
    search_fields = ["name"]
