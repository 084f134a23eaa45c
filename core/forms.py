from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .staff import IdListField


class RetryEmailsForm(forms.Form):
    """The failed e-mails a staff member ticks to send again."""

    ids = IdListField(error_messages={"required": _("Select at least one e-mail.")})
