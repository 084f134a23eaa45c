"""The selection's staff forms: a member's assessment (an observer's comment)
and the Mesa's decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from plans.models import OGPValue

from .models import Feasibility, Outcome, Potential
from .services import Score

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class AssessmentForm(forms.Form):
    """A member's scores, in the IRM's terms, and a comment."""

    verifiable = forms.ChoiceField(
        label=_("Verifiable"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text=_("Could anyone check, from its milestones, whether it was done?"),
    )
    values = forms.MultipleChoiceField(
        label=_("Relevant to the open government values"),
        choices=OGPValue.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Mark each value it really serves; none if it serves none."),
    )
    potential = forms.ChoiceField(
        label=_("Potential for results"), choices=Potential.choices, widget=forms.RadioSelect
    )
    feasibility = forms.ChoiceField(
        label=_("Feasibility"), choices=Feasibility.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the Mesa: it is not published."),
    )

    @classmethod
    def initial_for(cls, assessment) -> dict:
        if assessment is None or not assessment.is_score:
            return {"comment": assessment.comment if assessment else ""}
        return {
            "verifiable": "yes" if assessment.verifiable else "no",
            "values": [value.value for value in assessment.relevant_values],
            "potential": assessment.potential,
            "feasibility": assessment.feasibility,
            "comment": assessment.comment,
        }

    def score(self) -> Score:
        data = self.cleaned_data
        return Score(
            verifiable=data["verifiable"] == "yes",
            values=tuple(data["values"]),
            potential=data["potential"],
            feasibility=data["feasibility"],
            comment=data["comment"],
        )


class CommentForm(forms.Form):
    """An observer's comment: observers may comment but not score."""

    comment = forms.CharField(
        label=_("Comment"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For the Mesa: it is not published."),
    )

    @classmethod
    def initial_for(cls, assessment) -> dict:
        return {"comment": assessment.comment if assessment else ""}

    def score(self) -> Score:
        return Score(comment=self.cleaned_data["comment"])


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("The Mesa's decision"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    public_reason = forms.CharField(
        label=_("Public reason"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Published in the selection report and in each proposal's trail, and sent to "
            "the proposers."
        ),
    )
    override = forms.BooleanField(
        label=_("Select it despite its SMART findings"),
        required=False,
    )
    override_reason = forms.CharField(
        label=_("Why the findings are overridden"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Public, in the selection report."),
    )

    def __init__(self, *args, findings: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.findings = findings
        if not findings:
            del self.fields["override"]
            del self.fields["override_reason"]

    def clean(self):
        cleaned = super().clean()
        if not self.findings or cleaned.get("outcome") != Outcome.SELECTED:
            return cleaned
        if not cleaned.get("override"):
            self.add_error(
                "override",
                _("The draft has SMART findings: to select it, override them explicitly."),
            )
        elif not cleaned.get("override_reason", "").strip():
            self.add_error("override_reason", _("Say why the findings are overridden."))
        return cleaned

    def overriding_reason(self) -> str:
        """The reason given for overriding the findings, when the draft has
        some and the override is ticked; else empty."""
        if self.findings and self.cleaned_data.get("override"):
            return self.cleaned_data.get("override_reason", "")
        return ""
