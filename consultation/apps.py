from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "consultation"
    verbose_name = _("Public consultation and published plan")

    def ready(self) -> None:
        from core import retention, seeding, synthetic

        from . import (
            demo,
            effects,  # noqa: F401  (the calendar's effects)
            panels,  # noqa: F401  (parts of the plans' pages)
            services,
            staff_home,  # noqa: F401  (the staff navigation and start page)
        )
        from .synthetic import GENERATOR

        seeding.register(
            seeding.Seeder(
                "consultation",
                reference=demo.grant_staff_permission,
                demo=demo.seed_demo,
                demo_after=("tracking",),
            )
        )
        synthetic.register(GENERATOR)
        retention.register(retention.Pruner("consultation", services.prune))
