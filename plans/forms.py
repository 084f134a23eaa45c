"""The staff forms of the forum's public record: its rules of operation, its
seats with their terms, and its meetings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_FORUM_FILE_BYTES, Forum, ForumMeeting, ForumMember, Institution

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def checked_pdf(upload):
    """A small PDF, checked by its first bytes, not by what its name says."""
    if not upload:
        return upload
    if upload.size > MAX_FORUM_FILE_BYTES:
        raise forms.ValidationError(_("The file is larger than 10 MB. Attach a smaller PDF."))
    head = upload.read(5)
    upload.seek(0)
    if not upload.name.lower().endswith(".pdf") or head != b"%PDF-":
        raise forms.ValidationError(_("The file is not a PDF. Attach a PDF document."))
    return upload


def pdf_field(label) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class ForumSettingsForm(forms.ModelForm):
    rules_upload = pdf_field(_("Rules of operation (PDF, up to 10 MB)"))

    class Meta:
        model = Forum
        fields = ["rules_adopted_on", "publish_member_scores"]
        widgets = {"rules_adopted_on": DATE_WIDGET}

    def clean_rules_upload(self):
        return checked_pdf(self.cleaned_data.get("rules_upload"))


class ForumMemberForm(forms.ModelForm):
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.exclude(origin="synthetic")
    )

    class Meta:
        model = ForumMember
        fields = [
            "institution",
            "position",
            "role",
            "person_name",
            "term_start",
            "term_end",
            "order",
        ]
        widgets = {"term_start": DATE_WIDGET, "term_end": DATE_WIDGET}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The term cannot end before it starts."))
        return cleaned


class ForumMeetingForm(forms.ModelForm):
    attendees = forms.ModelMultipleChoiceField(
        label=_("Members present"),
        queryset=ForumMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    minutes_upload = pdf_field(_("Minutes document (PDF, up to 10 MB, optional)"))

    class Meta:
        model = ForumMeeting
        fields = ["held_on", "title", "agenda", "minutes", "guests"]
        widgets = {
            "held_on": DATE_WIDGET,
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
            "guests": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, forum: Forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = ForumMember.objects.filter(forum=forum).select_related(
            "institution"
        )
        self.fields["attendees"].label_from_instance = lambda member: str(member)
        if self.instance.pk:
            self.initial["attendees"] = list(self.instance.attendees.values_list("pk", flat=True))

    def clean_minutes_upload(self):
        return checked_pdf(self.cleaned_data.get("minutes_upload"))
