"""The admin's headings for the apps the portal borrows: Django titles an app
without a name of its own from its label ("Otp_Totp", "Axes"). These configs
give them one in words, translated like the portal's own apps (settings'
INSTALLED_APPS names them instead of the packages)."""

from __future__ import annotations

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig


class TOTPConfig(TOTPAppConfig):
    verbose_name = _("Second factor: authenticator apps")


class AxesConfig(AxesAppConfig):
    verbose_name = _("Sign-in attempts")


# django-axes names its models in English and has no Spanish catalogue: listed
# here so that makemessages keeps their Spanish in the portal's catalogue.
AXES_MODEL_NAMES = (
    _("access attempt"),
    _("access attempts"),
    _("access failure"),
    _("access failures"),
    _("access log"),
    _("access logs"),
    _("access attempt expiration"),
    _("access attempt expirations"),
)
