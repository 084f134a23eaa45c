from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .staff import IdListField


class RetryEmailsForm(forms.Form):
    """The failed e-mails a staff member ticks to send again."""

    ids = IdListField(error_messages={"required": _("Select at least one e-mail.")})


# A label that already ends a sentence ("What problem does it address?", "I agree
# that ... this proposal.") takes no colon before its error.
CLOSING_PUNCTUATION = ("?", ".", ":", "!", "…")


def labelled_error(label, error) -> str:
    """One line of an error summary: the field's label, then its error."""
    label = str(label).rstrip()
    if label.endswith(CLOSING_PUNCTUATION):
        return f"{label} {error}"
    return f"{label}: {error}"
