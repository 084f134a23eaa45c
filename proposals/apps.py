from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "proposals"
    verbose_name = _("Proposals")

    def ready(self) -> None:
        from core import retention, seeding, synthetic

        from . import (
            drafts,
            effects,  # noqa: F401  (registers the calendar effects)
            panels,  # noqa: F401  (its parts of the plan and commitment pages)
            services,
            staff_home,  # noqa: F401  (staff navigation and start page)
        )
        from .synthetic import GENERATOR

        synthetic.register(GENERATOR)
        seeding.register(seeding.Seeder("proposals", reference=services.ensure_moderators_group))
        retention.register(retention.Pruner("proposals", services.prune_closed_processes))
        retention.register(retention.Pruner("proposal drafts", drafts.prune_expired))
