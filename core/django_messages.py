"""Django's own messages that another installed app's catalogue translates
differently. An app's catalogue outranks Django's, so Django REST framework's
Spanish turned every form's "This field is required." into "Este campo es
requerido."; listing the message here puts it in the portal's catalogue,
which outranks both, with the wording every form used before."""

from __future__ import annotations

from django.utils.translation import gettext_noop

MESSAGES = [
    gettext_noop("This field is required."),
]
