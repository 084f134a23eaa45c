from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core import retention
from plans.models import Institution, OGPValue
from proposals.models import Proposal, ProposerSector, Region, Status

from .models import MAX_MINUTES_FILE_BYTES, Event, Modality, WorkTable


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
        error_messages={"required": _("We need your consent to register you.")},
    )
    # Spam protection without an image captcha (as the proposal form).
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args, privacy_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["consent"].help_text = _(
            "Your data is never published. The organisers see it to prepare the session, "
            "and it is erased %(period)s after it."
        ) % {"period": retention.in_words()}
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


# --- Staff ------------------------------------------------------------------------

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm):
    """A session, as staff schedule or change it (times in Chile's time)."""

    table = forms.ModelChoiceField(
        label=_("Work table"),
        queryset=WorkTable.objects.none(),
        required=False,
        empty_label=_("None: an awareness session"),
    )
    online_url = forms.URLField(
        label=_("Link to join online"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Sent only to the people with a seat, never shown on a page."),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "description",
            "starts_at",
            "ends_at",
            "modality",
            "address",
            "region",
            "online_url",
            "capacity",
            "waiting_list_size",
            "accessibility_note",
        ]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "description": forms.Textarea(attrs={"rows": 4}),
            "accessibility_note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "starts_at": _("Chile time."),
            "accessibility_note": _("Step-free access, sign language, captions..."),
        }

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk or plan is None:
            del self.fields["table"]
        else:
            self.fields["table"].queryset = WorkTable.objects.filter(plan=plan)
            self.order_fields(["table"])

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("A session must end after it starts."))
        if starts and "starts_at" in self.changed_data and starts <= timezone.now():
            self.add_error("starts_at", _("Choose a moment in the future."))
        modality = cleaned.get("modality")
        if modality in (Modality.IN_PERSON, Modality.HYBRID) and not cleaned.get("address"):
            self.add_error("address", _("Give the address of a session people attend in person."))
        return cleaned

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent to every registered person and shown on the page"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MinutesForm(forms.Form):
    text = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 8}))
    document_title = forms.CharField(
        label=_("Title of a document to add (optional)"), max_length=200, required=False
    )
    document = forms.FileField(
        label=_("Document (PDF, up to 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for sector in ProposerSector:
            self.fields[f"attendance_{sector.value}"] = forms.IntegerField(
                label=_("Attendance: %(sector)s") % {"sector": sector.label},
                min_value=0,
                max_value=100_000,
                required=False,
            )
        self.order_fields(["text"])

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if not upload:
            return upload
        if upload.size > MAX_MINUTES_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB. Attach a smaller PDF."))
        if not upload.name.lower().endswith(".pdf"):
            raise forms.ValidationError(_("The file is not a PDF. Attach a PDF document."))
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("The file is not a PDF. Attach a PDF document."))
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("document") and not cleaned.get("document_title"):
            self.add_error("document_title", _("Give the document a title."))
        return cleaned

    def attendance(self) -> dict[str, int]:
        return {
            sector.value: self.cleaned_data.get(f"attendance_{sector.value}") or 0
            for sector in ProposerSector
        }


class SetAsideForm(forms.Form):
    proposal = forms.ModelChoiceField(queryset=Proposal.objects.none())
    public_reason = forms.CharField(
        label=_("Public reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Published in the proposal's trail and sent to the proposer."),
    )

    def __init__(self, *args, table: WorkTable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = Proposal.objects.filter(
            table_assignment__table=table, status=Status.ASSIGNED
        )


class DraftForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    problem = forms.CharField(
        label=_("Problem and gap"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What problem it addresses, and the gap with respect to open government."),
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the commitment is and what it implies."),
    )
    expected_results = forms.CharField(
        label=_("Expected results"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    actors = forms.CharField(
        label=_("Actors"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Government bodies, civil society, academia, private sector..."),
    )
    responsible_institution = forms.ModelChoiceField(
        label=_("Responsible institution"),
        queryset=Institution.objects.order_by("name"),
        required=False,
        empty_label=_("Not decided yet"),
    )
    values = forms.MultipleChoiceField(
        label=_("Open government values"),
        choices=OGPValue.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one open government value.")},
    )
    proposals = forms.ModelMultipleChoiceField(
        label=_("Citizen proposals it takes up"),
        queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("They become “integrated”, with a link to this draft, when it is published."),
    )

    def __init__(self, *args, table: WorkTable, draft=None, **kwargs):
        super().__init__(*args, **kwargs)
        linked = Q(draft_link__draft=draft) if draft is not None else Q(pk__in=[])
        self.fields["proposals"].queryset = (
            Proposal.objects.filter(table_assignment__table=table)
            .filter(Q(status=Status.ASSIGNED, draft_link__isnull=True) | linked)
            .order_by("tracking_code")
        )
        self.fields["proposals"].label_from_instance = lambda p: f"{p.tracking_code}: {p.title}"

    @classmethod
    def initial_for(cls, draft) -> dict:
        return {
            **{name: getattr(draft, name) for name in ("title", "problem", "description")},
            "expected_results": draft.expected_results,
            "actors": draft.actors,
            "responsible_institution": draft.responsible_institution_id,
            "values": [value.value for value in draft.ogp_values],
            "proposals": list(draft.links.values_list("proposal_id", flat=True)),
        }


class MilestoneForm(forms.Form):
    """A milestone may be saved before its deliverable and dates are agreed:
    the selection's SMART check then says what is missing."""

    title = forms.CharField(label=_("Activity"), max_length=300)
    deliverable = forms.CharField(
        label=_("Verifiable deliverable"), max_length=2000, required=False
    )
    start_date = forms.DateField(
        label=_("Start date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end_date = forms.DateField(
        label=_("End date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot come before the start date."))
        return cleaned


MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=2, max_num=30, validate_max=True)


class WorkTableForm(forms.ModelForm):
    """A work table's theme, what it is about, who runs it and which
    institutions are invited, as the public table page shows them."""

    class Meta:
        model = WorkTable
        fields = ["name", "description", "facilitators", "institutions"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "facilitators": forms.Textarea(attrs={"rows": 2}),
            "institutions": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].max_length = 200
        self.fields["institutions"].queryset = Institution.objects.filter(
            origin="official"
        ).order_by("name")
        self.fields["institutions"].help_text = _(
            "Hold Ctrl (or Cmd on a Mac) to choose more than one."
        )
