from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = _("Action plans")

    def ready(self) -> None:
        from core import seeding, synthetic

        from . import services, staff_home  # noqa: F401  (the staff navigation and start page)
        from .synthetic import GENERATOR

        seeding.register(
            seeding.Seeder(
                "plans", reference=services.seed_reference_data, demo=services.create_demo_plan
            )
        )
        synthetic.register(GENERATOR)
