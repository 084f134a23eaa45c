from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "stages"
    verbose_name = _("Co-creation calendar")

    def ready(self) -> None:
        from core import retention, seeding, synthetic

        from . import effects, panels, services, staff_home  # noqa: F401  (register effects, panels)
        from .synthetic import GENERATOR

        seeding.register(
            seeding.Seeder(
                "stages",
                reference=services.seed_fifth_plan_calendar,
                demo=services.seed_demo_calendar,
            )
        )
        synthetic.register(GENERATOR)
        retention.register(retention.Pruner("subscriptions", services.prune_subscriptions))
