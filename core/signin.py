"""Staff sign-in: the second factor, idle sessions and the audit of sign-ins.

- **Two factors** (``STAFF_TWO_FACTOR``, on unless DEBUG): the password, then
  the six-digit code of an authenticator app (TOTP, django-otp). A session
  counts as staff only once verified (:func:`verified`); a staff member is
  enrolled with ``manage.py enrol_totp USERNAME`` or in the admin.
- **Brute force**: django-axes refuses an account from an address after
  ``AXES_FAILURE_LIMIT`` wrong passwords (settings), and django-otp slows down
  wrong codes (each failure doubles the wait before the next try).
- **Idle sessions**: :class:`StaffIdleTimeoutMiddleware` signs staff out after
  ``STAFF_IDLE_MINUTES`` without a request.
- **Audit**: every staff sign-in, failed password and failed code is in the
  activity log (``staff.signed_in``, ``staff.sign_in_failed``,
  ``staff.second_factor_failed``) with the address; axes keeps every attempt
  too, including those naming an account that does not exist.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm
from django_otp.forms import OTPAuthenticationFormMixin, otp_verification_failed
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import activity
from .ratelimit import client_ip

IDLE_KEY = "staff_seen_at"


def verified(user) -> bool:
    """Whether a signed-in ``user`` passed the second factor (or none is asked)."""
    if not settings.STAFF_TWO_FACTOR:
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


class TwoFactorLoginForm(OTPAdminAuthenticationForm):
    """The admin's sign-in form with the authenticator app's code. A person
    has one app (one confirmed TOTP device): it is used without asking."""

    otp_token = OTPAdminAuthenticationForm.base_fields["otp_token"].__class__(
        label=_("Verification code"),
        required=False,
        max_length=8,
        help_text=_("The six digits your authenticator app shows for this portal."),
    )
    otp_error_messages = dict(
        OTPAuthenticationFormMixin.otp_error_messages,
        token_required=_("Enter the six-digit code of your authenticator app."),
        invalid_token=_("The code is not right. Check your app's clock and try the current code."),
        device_required=_(
            "This account has no authenticator app yet. Ask an administrator to enrol one."
        ),
        verification_not_allowed=_("Too many wrong codes. Wait a minute and try again."),
    )

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None:
            device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
        return device


class StaffIdleTimeoutMiddleware:
    """Signs a staff member out after ``STAFF_IDLE_MINUTES`` without a
    request: a session left open on a shared computer does not stay a way in.
    The time is written at most once a minute, not on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without a session cookie nobody is signed in: reading request.user
        # would touch the session and keep the page out of the page cache.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            now = int(time.time())
            seen = request.session.get(IDLE_KEY)
            if seen is not None and now - seen > settings.STAFF_IDLE_MINUTES * 60:
                activity.log(user, "staff.session_expired", user, ip=client_ip(request))
                logout(request)
            elif seen is None or now - seen >= 60:
                request.session[IDLE_KEY] = now
        return self.get_response(request)


def _address(request) -> str:
    return client_ip(request) if request is not None else ""


@receiver(user_logged_in, dispatch_uid="core.signin.staff_signed_in")
def staff_signed_in(sender, request, user, **kwargs) -> None:
    if user.is_staff:
        activity.log(
            user,
            "staff.signed_in",
            user,
            ip=_address(request),
            second_factor=getattr(user, "otp_device", None) is not None,
        )
        if request is not None:
            request.session[IDLE_KEY] = int(time.time())


@receiver(user_login_failed, dispatch_uid="core.signin.staff_sign_in_failed")
def staff_sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    """A wrong password for an existing staff account (axes keeps every
    attempt, also those naming no account)."""
    username = str(credentials.get("username", ""))[:150]
    user = get_user_model().objects.filter(username=username, is_staff=True).first()
    if user is not None:
        activity.log(
            None,
            "staff.sign_in_failed",
            user,
            ip=_address(request),
            locked_out=bool(getattr(request, "axes_locked_out", False)),
        )


@receiver(otp_verification_failed, dispatch_uid="core.signin.second_factor_failed")
def second_factor_failed(sender, user, **kwargs) -> None:
    activity.log(None, "staff.second_factor_failed", user)
