"""The notices' subscription form."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Your e-mail"), max_length=254)
    # A honeypot: hidden from people (and from screen readers), filled by bots.
    website = forms.CharField(required=False, label=gettext_lazy("Leave this field empty"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notice_hours = settings.CALENDAR_CLOSING_NOTICE_HOURS
        self.fields["email"].help_text = ngettext(
            "We will write when a stage of the action plan opens and %(hours)s hour before "
            "it closes. Nothing else, and you can stop it from any of the e-mails.",
            "We will write when a stage of the action plan opens and %(hours)s hours before "
            "it closes. Nothing else, and you can stop it from any of the e-mails.",
            self.notice_hours,
        ) % {"hours": self.notice_hours}
        self.helper = FormHelper()
        self.helper.form_action = reverse("stages:subscribe")
        self.helper.layout = Layout(
            Field("email", autocomplete="email"),
            Field(
                "website",
                wrapper_class="visually-hidden",
                tabindex="-1",
                autocomplete="off",
                aria_hidden="true",
            ),
            Submit("submit", gettext_lazy("Subscribe")),
        )

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))
