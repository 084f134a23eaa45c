from __future__ import annotations

from django.contrib import admin

from .models import Assessment, AssessmentRevision, Decision, DecisionEvent, SelectionReport


class RevisionInline(admin.TabularInline):
    model = AssessmentRevision
    extra = 0
    can_delete = False
    readonly_fields = ["number", "submitted_at", "author", "content"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """Read only: an assessment changes through the staff page, which keeps
    each submission."""

    list_display = ["draft", "member", "verifiable", "potential", "feasibility", "revision"]
    list_filter = ["potential", "feasibility", "verifiable"]
    list_select_related = ["draft", "member"]
    search_fields = ["draft__title", "member__position"]
    inlines = [RevisionInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    """Read only: a decision is recorded once, through the staff page."""

    list_display = ["draft", "outcome", "decided_at", "decided_by"]
    list_filter = ["outcome"]
    list_select_related = ["draft", "decided_by"]
    search_fields = ["draft__title", "public_reason"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(DecisionEvent)
class DecisionEventAdmin(admin.ModelAdmin):
    list_display = ["draft", "action", "outcome", "at", "actor"]
    list_filter = ["action"]
    list_select_related = ["draft", "actor"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(SelectionReport)
class SelectionReportAdmin(admin.ModelAdmin):
    list_display = ["plan", "published_at"]
    list_select_related = ["plan"]
