from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import mail
from .models import ActivityLog, OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["template", "to", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["to", "key"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    # Read only, but the page still builds a form: without this, Django 5.2
    # warns about URLField's default scheme on every view of an e-mail.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Send the selected failed e-mails again"))
    def retry(self, request, queryset) -> None:
        count = mail.retry_failed(queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext("%d e-mail queued again.", "%d e-mails queued again.", count) % count,
            messages.SUCCESS,
        )


@admin.register(ActivityLog)
class ActivityLogAdmin(admin.ModelAdmin):
    """Read only: the audit trail, staff sign-ins (``staff.*``) included."""

    list_display = ["at", "action", "actor", "target_type", "target_id", "is_public"]
    list_filter = ["action", "is_public"]
    search_fields = ["action", "target_id", "actor__username"]
    date_hierarchy = "at"
    list_select_related = ["actor"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
