"""The admin site, which is also where staff sign in (``LOGIN_URL``).

With ``STAFF_TWO_FACTOR`` on, signing in asks for the six-digit code of the
person's authenticator app (django-otp, TOTP) after the password, and the
admin, like every staff page (``core.permissions.staff_view``), only lets in a
session verified that way. Settings are read on each request, so a test can
turn the second factor on and off."""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.sites import AdminSite


class PortalAdminSite(AdminSite):
    # The staff pages (moderation, calendar, e-mails...) above the models.
    index_template = "admin/portal_index.html"

    def has_permission(self, request) -> bool:
        from .signin import verified

        return super().has_permission(request) and verified(request.user)

    @property
    def login_form(self):
        if not settings.STAFF_TWO_FACTOR:
            return None  # Django's AdminAuthenticationForm
        from .signin import TwoFactorLoginForm

        return TwoFactorLoginForm

    @property
    def login_template(self) -> str | None:
        return "admin/login_two_factor.html" if settings.STAFF_TWO_FACTOR else None


class PortalAdminConfig(AdminConfig):
    default_site = "core.admin_site.PortalAdminSite"
