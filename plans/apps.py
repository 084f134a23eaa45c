from django.apps import AppConfig


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"

    def ready(self) -> None:
        # Registers the calendar's e-mail notices with the engine.
        from . import effects  # noqa: F401
