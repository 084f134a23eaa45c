from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "selection"
    verbose_name = _("Selection of commitments")

    def ready(self) -> None:
        from core import seeding, synthetic

        from . import demo, effects, panels, staff_home  # noqa: F401  (registrations)
        from .synthetic import GENERATOR

        seeding.register(
            seeding.Seeder("selection", reference=demo.grant_staff_permissions, demo=demo.seed_demo)
        )
        synthetic.register(GENERATOR)
