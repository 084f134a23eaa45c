from __future__ import annotations

from django.contrib import admin
from django.db import models

from .forms import PlanDocumentForm
from .models import (
    ActionPlan,
    Commitment,
    Forum,
    ForumMeeting,
    ForumMember,
    Institution,
    Milestone,
    PlanDocument,
)


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "sector", "origin"]
    list_filter = ["sector", "origin"]
    search_fields = ["name", "acronym"]
    # A website typed without a scheme is https (Django 6's default; 5.2 warns).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class PlanDocumentInline(admin.TabularInline):
    """The plan's official documents, listed on its public page."""

    model = PlanDocument
    form = PlanDocumentForm
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "number", "start_year", "end_year", "status", "origin"]
    list_filter = ["status", "origin"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # The calendar app adds the stages (stages/admin.py).
    inlines: list = [PlanDocumentInline]


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


class ForumMemberInline(admin.TabularInline):
    model = ForumMember
    extra = 0
    autocomplete_fields = ["institution", "user"]
    fields = [
        "institution",
        "position",
        "role",
        "person_name",
        "user",
        "term_start",
        "term_end",
        "order",
    ]


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


@admin.register(ForumMeeting)
class ForumMeetingAdmin(admin.ModelAdmin):
    list_display = ["held_on", "title", "forum"]
    list_filter = ["forum"]
    search_fields = ["title", "agenda", "minutes"]
    date_hierarchy = "held_on"
    filter_horizontal = ["attendees"]
