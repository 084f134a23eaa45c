from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tracking"
    verbose_name = _("Follow-up of the plans")

    def ready(self) -> None:
        from core import seeding, synthetic

        from . import (
            demo,
            panels,  # noqa: F401  (registers the panels)
            services,
            staff_home,  # noqa: F401  (the staff navigation and start page)
        )
        from .synthetic import GENERATOR

        seeding.register(
            seeding.Seeder(
                "tracking", reference=services.ensure_reviewers_permission, demo=demo.seed_demo
            )
        )
        synthetic.register(GENERATOR)
