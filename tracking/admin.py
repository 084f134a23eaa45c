"""Officers are managed here; progress updates are read-only (they change
only through the staff pages, which keep the trail)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext

from .models import Evidence, Officer, ProgressUpdate


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    list_display = ["user", "institution", "created_at"]
    list_filter = ["institution__sector"]
    list_select_related = ["user", "institution"]
    search_fields = ["user__username", "user__email", "institution__name", "institution__acronym"]
    autocomplete_fields = ["user", "institution"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        user = obj.user
        # Officers report on the staff pages (/gestion/avance/), which need a staff account.
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
            messages.info(
                request,
                gettext("%(user)s can now sign in to the staff pages to report progress.")
                % {"user": user.get_username()},
            )


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    can_delete = False
    fields = ["title", "file", "url", "content_type", "size", "sha256", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["milestone", "status", "institution", "reported_at", "is_disputed", "is_public"]
    list_filter = ["status", "is_disputed", "is_public", "origin"]
    list_select_related = ["milestone", "institution"]
    search_fields = ["note", "milestone__title", "milestone__commitment__title"]
    readonly_fields = [field.name for field in ProgressUpdate._meta.fields]
    inlines = [EvidenceInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
