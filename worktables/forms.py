from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from proposals.models import Status

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
