"""Deploy checks of our own (``manage.py check --deploy``): the settings that
keep staff accounts safe, next to Django's own."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def staff_sign_in(app_configs, **kwargs) -> list[Warning]:
    problems = []
    if not settings.STAFF_TWO_FACTOR:
        problems.append(
            Warning(
                "STAFF_TWO_FACTOR is off: staff sign in with a password alone.",
                hint="Set STAFF_TWO_FACTOR=true and enrol each staff member "
                "(manage.py enrol_totp USERNAME).",
                id="core.W001",
            )
        )
    if not getattr(settings, "AXES_ENABLED", True):
        problems.append(
            Warning(
                "AXES_ENABLED is off: nothing stops guessing staff passwords.",
                id="core.W002",
            )
        )
    if settings.STAFF_IDLE_MINUTES > 120 or settings.SESSION_COOKIE_AGE > 24 * 3600:
        problems.append(
            Warning(
                "Staff sessions last long: STAFF_IDLE_MINUTES above 120 or "
                "SESSION_COOKIE_AGE above a day.",
                id="core.W003",
            )
        )
    return problems
