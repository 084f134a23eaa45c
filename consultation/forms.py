from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.staff import IdListField
from plans.models import Commitment
from proposals.forms import MIN_FILL_SECONDS
from proposals.models import ProposerSector, Region
from worktables.forms import MilestoneFormSet  # noqa: F401  (the revision's milestones)

from .models import CommitmentVersion, Flag, Outcome, Section, Stance

FORM_STAMP_SALT = "consultation.form-started"
TEXT_LIMIT = 3000


class _SpamChecks(forms.Form):
    """Spam protection without an image captcha, as on the proposal form:
    people never see or fill the honeypot, and nobody writes a comment in
    under five seconds (the signed time the form was shown)."""

    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = signing.dumps(
                timezone.now().timestamp(), salt=FORM_STAMP_SALT
            )
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_started(self):
        try:
            started = signing.loads(
                self.cleaned_data["started"], salt=FORM_STAMP_SALT, max_age=86400
            )
        except signing.BadSignature:
            raise forms.ValidationError(
                _("The form expired. Copy your text, reload the page and send it again.")
            ) from None
        if timezone.now().timestamp() - float(started) < MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("That was too fast. Please check your comment and send it again.")
            )
        return started

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def honeypot(self) -> list:
        return [HTML('<div class="honeypot" aria-hidden="true">'), "website", HTML("</div>")]


def section_choices(commitment: Commitment) -> list[tuple[str, str]]:
    """What a comment on ``commitment`` can be about: the whole text, one of
    its parts, or one of its milestones (``milestone-<id>``)."""
    choices = [
        (Section.WHOLE.value, _("The commitment as a whole")),
        (Section.PROBLEM.value, _("The problem it addresses")),
        (Section.DESCRIPTION.value, _("Its description")),
        (Section.RESULTS.value, _("Its expected results")),
    ]
    for milestone in commitment.milestones.all():
        choices.append(
            (
                f"milestone-{milestone.pk}",
                _("Milestone %(number)s: %(title)s")
                % {"number": milestone.number, "title": milestone.title},
            )
        )
    return choices


class CommentForm(_SpamChecks):
    """A comment on the draft plan, or a reply to one (no section then)."""

    section = forms.ChoiceField(label=_("What part are you commenting on?"))
    stance = forms.ChoiceField(
        label=_("Your position"),
        choices=Stance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose your position.")},
    )
    text = forms.CharField(
        label=_("Your comment"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Up to %(size)s characters. It is published with your name or pseudonym.")
        % {"size": TEXT_LIMIT},
    )
    name = forms.CharField(
        label=_("Your name or a pseudonym"),
        max_length=100,
        help_text=_("Shown with your comment."),
    )
    sector = forms.ChoiceField(
        label=_("You take part as"),
        choices=[("", _("Choose one"))] + list(ProposerSector.choices),
        help_text=_("Shown with your comment and counted in the report."),
    )
    region = forms.ChoiceField(
        label=_("Region where you live"),
        choices=[("", _("Choose one"))] + list(Region.choices),
        help_text=_("Shown with your comment and counted in the report."),
    )
    email = forms.EmailField(
        label=_("Your e-mail"),
        max_length=254,
        help_text=_(
            "We send the link that publishes your comment here, and the response to it. "
            "It is never published."
        ),
    )
    consent = forms.BooleanField(
        label=_("I agree that my e-mail is used to publish my comment and send me its response."),
        help_text=_(
            "Your name or pseudonym, sector and region are published with your comment; "
            "your e-mail never is."
        ),
        error_messages={"required": _("We need your consent to receive the comment.")},
    )

    def __init__(self, *args, commitment: Commitment | None = None, reply=False, **kwargs):
        super().__init__(*args, **kwargs)
        if commitment is None or reply:
            del self.fields["section"]
        else:
            self.fields["section"].choices = section_choices(commitment)
            self.fields["section"].error_messages["invalid_choice"] = _(
                "Choose one of the parts of the commitment."
            )
        self.fields["name"].widget.attrs["autocomplete"] = "nickname"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template has the token
        about = ["section"] if "section" in self.fields else []
        self.helper.layout = Layout(
            Fieldset(_("Your comment"), *about, "stance", "text"),
            Fieldset(_("About you"), "name", "sector", "region", "email"),
            Fieldset(
                _("Your data"),
                HTML(
                    format_html(
                        '<p><a href="{}">{}</a></p>',
                        reverse("core:privacy"),
                        _("Read how we protect your data"),
                    )
                ),
                "consent",
            ),
            *self.honeypot(),
            "started",
            Submit("submit", _("Send comment"), css_class="btn-lg"),
        )

    def target_section(self) -> tuple[str, int | None]:
        """(section, milestone id) from the choice."""
        value = self.cleaned_data.get("section") or Section.WHOLE
        if value.startswith("milestone-"):
            return Section.MILESTONE, int(value.removeprefix("milestone-"))
        return value, None


class FlagForm(_SpamChecks):
    reason = forms.ChoiceField(
        label=_("Why should a moderator review it?"),
        choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason.")},
    )
    note = forms.CharField(
        label=_("Details (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the moderators read it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "reason",
            "note",
            *self.honeypot(),
            "started",
            Submit("submit", _("Report the comment")),
        )

    def clean_started(self):
        # Reporting is one click and a reason: no minimum time.
        try:
            return signing.loads(self.cleaned_data["started"], salt=FORM_STAMP_SALT, max_age=86400)
        except signing.BadSignature:
            raise forms.ValidationError(_("The form expired. Reload the page.")) from None


# --- Staff -------------------------------------------------------------------------------


class _VersionField(forms.ModelChoiceField):
    def label_from_instance(self, version: CommitmentVersion) -> str:
        return _("Version %(number)s (%(kind)s)") % {
            "number": version.number,
            "kind": version.get_kind_display(),
        }


class ResponseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("Choose one"))] + list(Outcome.choices),
        error_messages={"invalid_choice": _("Choose one of the outcomes.")},
    )
    reason = forms.CharField(
        label=_("Reason, published under the comment and e-mailed to its author"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = _VersionField(
        label=_("The change of the text it led to (optional)"),
        queryset=CommitmentVersion.objects.none(),
        required=False,
        empty_label=_("None"),
    )

    def __init__(self, *args, commitment_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if commitment_id is None:
            del self.fields["version"]
        else:
            self.fields["version"].queryset = CommitmentVersion.objects.filter(
                commitment_id=commitment_id, kind=CommitmentVersion.Kind.REVISED
            ).order_by("number")


class BulkResponseForm(forms.Form):
    """One outcome and a shared reason for many comments; each comment may
    have its own reason (``reason-<id>``), which replaces the shared one."""

    ids = IdListField(error_messages={"required": _("Select at least one comment.")})
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("Choose one"))] + list(Outcome.choices),
        error_messages={"invalid_choice": _("Choose one of the outcomes.")},
    )
    reason = forms.CharField(
        label=_("Shared reason"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For every comment selected that has no reason of its own."),
    )

    def own_reasons(self, data) -> dict[int, str]:
        reasons = {}
        for comment_id in self.cleaned_data["ids"]:
            text = (data.get(f"reason-{comment_id}") or "").strip()
            if text:
                reasons[comment_id] = text
        return reasons

    def clean(self):
        cleaned = super().clean()
        ids = cleaned.get("ids") or []
        if not self.errors and ids:
            own = self.own_reasons(self.data)
            too_long = [i for i, text in own.items() if len(text) > TEXT_LIMIT or "\x00" in text]
            if too_long:
                raise forms.ValidationError(
                    _("A reason may have up to %(size)s characters and no null characters.")
                    % {"size": TEXT_LIMIT}
                )
            if not cleaned.get("reason", "").strip() and any(i not in own for i in ids):
                raise forms.ValidationError(
                    _("Give a shared reason, or a reason for each comment selected.")
                )
        return cleaned


class ModerateForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("hide", _("Hide")), ("restore", _("Show again"))],
        error_messages={"invalid_choice": _("Choose hide or show again.")},
    )
    reason = forms.CharField(
        label=_("Public reason, shown in place of the comment"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "hide" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why the comment is hidden."))
        return cleaned


class RevisionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    problem = forms.CharField(
        label=_("Problem"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    expected_results = forms.CharField(
        label=_("Expected results"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    summary = forms.CharField(
        label=_("What changed and why (public)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    @classmethod
    def initial_for(cls, commitment: Commitment) -> dict:
        return {
            name: getattr(commitment, name)
            for name in ("title", "problem", "description", "expected_results")
        }
