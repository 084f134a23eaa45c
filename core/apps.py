from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from . import checks, mail, retention, signin, staff_home  # noqa: F401  (registries, signals)

        retention.register(retention.Pruner("outbox", mail.prune_sent))
