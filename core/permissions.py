"""Access to the staff pages, decided in one place.

``staff_view(permission)`` wraps a view: an anonymous visitor, or staff who
signed in without the second factor while it is required (core/signin.py), is
sent to sign in; a signed-in person who is not staff, or lacks the permission,
gets 403.
Object-level checks (an officer and another institution's commitment) load the
object with the helper of the app that owns it and raise ``PermissionDenied``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .signin import verified

View = Callable[..., HttpResponse]


def staff_view(permission: str | None = None) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            user = request.user
            if not user.is_authenticated or not verified(user):
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not user.is_active or not user.is_staff:
                raise PermissionDenied
            if permission and not user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.staff_permission = permission  # read by the permission matrix test
        return wrapped

    return decorate
