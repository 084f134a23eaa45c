from __future__ import annotations

from django.contrib import admin

from .models import (
    ActionPlan,
    Commitment,
    Forum,
    ForumMember,
    Institution,
    Milestone,
    Stage,
    StageEvent,
)


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "sector", "origin"]
    list_filter = ["sector", "origin"]
    search_fields = ["name", "acronym"]


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "number", "start_year", "end_year", "status", "origin"]
    list_filter = ["status", "origin"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [StageInline]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["title", "number", "plan", "ogp_id", "responsible_institution", "completion"]
    list_filter = [
        "plan",
        "completion",
        "transparency",
        "accountability",
        "participation",
        "technology",
        "responsible_institution__sector",
    ]
    list_select_related = ["plan", "responsible_institution"]
    search_fields = ["title", "ogp_id", "responsible_institution__name"]
    autocomplete_fields = ["responsible_institution", "actors"]
    inlines = [MilestoneInline]


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["kind", "plan", "starts_at", "ends_at"]
    list_filter = ["kind", "plan"]
    list_select_related = ["plan"]


class ForumMemberInline(admin.TabularInline):
    model = ForumMember
    extra = 0
    autocomplete_fields = ["institution", "user"]


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ["name", "established_on"]
    inlines = [ForumMemberInline]


@admin.register(ForumMember)
class ForumMemberAdmin(admin.ModelAdmin):
    list_display = ["position", "institution", "role", "forum"]
    list_filter = ["role", "institution__sector"]
    list_select_related = ["institution", "forum"]
    search_fields = ["position", "person_name", "institution__name"]
    autocomplete_fields = ["institution", "user"]


@admin.register(StageEvent)
class StageEventAdmin(admin.ModelAdmin):
    """Read-only: events are written by the calendar engine alone."""

    list_display = ["stage", "edge", "due_at", "fired_at", "result"]
    list_filter = ["edge", "result", "stage__kind"]
    list_select_related = ["stage__plan"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
