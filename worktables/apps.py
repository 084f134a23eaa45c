from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorktablesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "worktables"
    verbose_name = _("Work tables")

    def ready(self) -> None:
        from core import retention, seeding, synthetic

        from . import (  # noqa: F401  (registrations)
            demo,
            destinations,
            effects,
            panels,
            services,
            staff_home,
        )
        from .synthetic import GENERATOR

        seeding.register(
            seeding.Seeder("worktables", reference=demo.grant_staff_permission, demo=demo.seed_demo)
        )
        synthetic.register(GENERATOR)
        retention.register(retention.Pruner("registrations", services.prune_registrations))
