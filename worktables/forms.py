from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from proposals.models import ProposerSector, Region, Status

from .models import WorkTable


class AssignForm(forms.Form):
    table = forms.ModelChoiceField(
        label=_("Work table"), queryset=WorkTable.objects.none(), empty_label=_("Choose one")
    )
    public_reason = forms.CharField(
        label=_("Public reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Published in the proposal's trail and sent to the proposer."),
    )
    expected_status = forms.ChoiceField(
        choices=Status.choices, widget=forms.HiddenInput, required=False
    )

    def __init__(self, *args, plan_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].queryset = WorkTable.objects.filter(plan_id=plan_id)


class RegistrationForm(forms.Form):
    """A person registers for a session, without an account."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("Your e-mail"),
        max_length=254,
        help_text=_("We send the link to confirm your place here. It is never published."),
    )
    sector = forms.ChoiceField(
        label=_("You take part as"),
        choices=[("", _("Choose one"))] + list(ProposerSector.choices),
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"), max_length=200, required=False
    )
    region = forms.ChoiceField(
        label=_("Region where you live"), choices=[("", _("Choose one"))] + list(Region.choices)
    )
    accessibility_needs = forms.CharField(
        label=_("Do you need anything to take part? (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example sign language interpretation, step-free access or captions. "
            "Only the organisers see it."
        ),
    )
    consent = forms.BooleanField(
        label=_("I agree that my personal data is used to organise this session."),
        help_text=_(
            "Your data is never published. The organisers see it to prepare the session, "
            "and it is erased after it."
        ),
        error_messages={"required": _("We need your consent to register you.")},
    )
    # Spam protection without an image captcha (as the proposal form).
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args, privacy_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template has the token
        self.helper.layout = Layout(
            Fieldset(
                _("About you"),
                "name",
                "email",
                "sector",
                "organisation",
                "region",
                "accessibility_needs",
            ),
            Fieldset(
                _("Your data"),
                HTML(
                    format_html(
                        '<p><a href="{}">{}</a></p>',
                        privacy_url,
                        _("Read how we protect your data"),
                    )
                ),
                "consent",
            ),
            HTML('<div class="honeypot" aria-hidden="true">'),
            "website",
            HTML("</div>"),
            Submit("submit", _("Register"), css_class="btn-lg"),
        )

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))
