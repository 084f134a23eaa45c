"""The staff forms of the forum's public record: its rules of operation, its
seats with their terms, and its meetings."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .models import (
    MAX_FORUM_FILE_BYTES,
    MAX_PLAN_DOCUMENT_BYTES,
    Forum,
    ForumMeeting,
    ForumMember,
    Institution,
    PlanDocument,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def checked_pdf(upload, limit: int = MAX_FORUM_FILE_BYTES):
    """A small PDF, checked by its first bytes, not by what its name says."""
    if not isinstance(upload, UploadedFile):
        return upload  # nothing new: empty, cleared (False) or the stored file
    if upload.size > limit:
        raise forms.ValidationError(
            _("The file is larger than %(size)d MB. Attach a smaller PDF.")
            % {"size": limit // (1024 * 1024)}
        )
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


class PlanDocumentForm(forms.ModelForm):
    """An official document of a plan, in the admin (the plan's page): a link
    or a PDF, one of the two; the PDF checked by its content and size."""

    url = forms.URLField(
        label=PlanDocument._meta.get_field("url").verbose_name,
        help_text=PlanDocument._meta.get_field("url").help_text,
        max_length=500,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = PlanDocument
        fields = ["kind", "title", "published_on", "url", "file"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})}

    def clean_file(self):
        upload = checked_pdf(self.cleaned_data.get("file"), MAX_PLAN_DOCUMENT_BYTES)
        if isinstance(upload, UploadedFile):
            self.instance.size = upload.size
        return upload

    def clean(self):
        cleaned = super().clean()
        has_file, has_url = bool(cleaned.get("file")), bool(cleaned.get("url"))
        if has_file == has_url and not self.has_error("file") and not self.has_error("url"):
            raise forms.ValidationError(_("Give a link or upload a PDF, one of the two."))
        if not has_file:
            self.instance.size = None
        return cleaned
