from __future__ import annotations

from django.contrib import admin

from .models import Comment, CommitmentVersion, Consultation, Flag, Publication, Response


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["id", "plan", "commitment", "stance", "status", "name", "confirmed_at"]
    list_filter = ["status", "stance", "origin"]
    search_fields = ["text", "name"]
    raw_id_fields = ["plan", "commitment", "milestone", "parent", "moderated_by"]
    readonly_fields = ["token", "consent_at", "created_at"]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["comment", "outcome", "responded_at"]
    list_filter = ["outcome"]
    raw_id_fields = ["comment", "version", "author"]


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["comment", "reason", "created_at", "reviewed_at"]
    raw_id_fields = ["comment"]
    exclude = ["flagger"]


@admin.register(CommitmentVersion)
class CommitmentVersionAdmin(admin.ModelAdmin):
    list_display = ["commitment", "number", "kind", "created_at"]
    raw_id_fields = ["commitment", "author"]


admin.site.register(Consultation)
admin.site.register(Publication)
