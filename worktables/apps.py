from django.apps import AppConfig


class WorktablesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "worktables"
