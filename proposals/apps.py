from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "proposals"
    verbose_name = _("Proposals")

    def ready(self) -> None:
        from plans import synthetic

        from . import effects  # noqa: F401  (registers the calendar effects)
        from .synthetic import GENERATOR

        synthetic.register(GENERATOR)
