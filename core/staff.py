"""What the staff pages (``/gestion/...``) accept from a request, checked in one
place: lists of ids and the address to go back to.

Every staff form that acts on a selection uses :class:`IdListField`, and every
redirect to an address the request names goes through :func:`safe_next`, so a
stale page, a typo or a crafted request gets a message instead of a server
error or a trip to another site."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

# Every primary key is a BigAutoField: PostgreSQL's positive bigint range.
MAX_ID = 2**63 - 1
# ASCII digits only, and few enough that int() is cheap: str.isdigit() also
# accepts "²" and "١", which int() refuses or reads as another number.
_ID = re.compile(r"[0-9]{1,19}")


class IdListField(forms.Field):
    """A list of database ids (``<input name="ids">`` repeated): each one must
    be a whole number from 1 to the largest bigint. Repeated ids count once;
    the order is kept. Whether the rows exist is for the caller to say."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Select at least one item."),
        "invalid": _(
            "The selection was not understood (“%(value)s” is not a valid identifier). "
            "Reload the page and try again."
        ),
    }

    def to_python(self, value: Any) -> list[int]:
        if value in self.empty_values:
            return []
        if isinstance(value, str):
            value = [value]
        ids: dict[int, None] = {}
        for raw in value:
            text = str(raw)
            if not _ID.fullmatch(text) or not 1 <= int(text) <= MAX_ID:
                raise ValidationError(
                    self.error_messages["invalid"],
                    code="invalid",
                    params={"value": Truncator(text).chars(24)},
                )
            ids[int(text)] = None
        return list(ids)


def first_error(form: forms.Form) -> str:
    """The form's first error, as one sentence for a message."""
    for errors in form.errors.values():
        return str(errors[0])
    return ""


def safe_next(request: HttpRequest, default: str, *args: Any, field: str = "next") -> str:
    """The address named by ``next`` (POST, then GET) if it stays on this site,
    else ``default`` (a URL or a view name with ``args``). Off-site,
    protocol-relative (``//host``), ``javascript:`` and backslash tricks all
    fall back, and an HTTPS page never sends people to plain HTTP."""
    target = (request.POST.get(field) or request.GET.get(field) or "").strip()
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default, *args)
