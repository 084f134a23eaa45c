from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import Origin
from plans.models import ActionPlan, Completion, OGPValue

from . import files, selectors
from .models import MAX_EVIDENCE_BYTES, REPORTABLE
from .services import File, Link

MAX_FILES = 5
MAX_LINKS = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ReportForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status of the milestone"),
        choices=[(status.value, status.label) for status in REPORTABLE],
        widget=forms.RadioSelect,
        help_text=_("The completion scale the Independent Reporting Mechanism (IRM) uses."),
    )
    note = forms.CharField(
        label=_("Progress note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was done since the last update, and what comes next. It is public."),
    )
    files = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_(
            "Up to %(count)d files of %(size)d MB each: %(types)s. They are public: "
            "leave out personal data."
        )
        % {
            "count": MAX_FILES,
            "size": MAX_EVIDENCE_BYTES // (1024 * 1024),
            "types": files.accepted_types(),
        },
    )
    links = forms.CharField(
        label=_("Evidence links"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: the address, then a space and a title if you like, e.g. "
            "https://www.example.cl/acta.pdf Minutes of the first session."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].widget.attrs["accept"] = ",".join(
            f".{extension}" for extension, _label in _extensions()
        )

    def clean_files(self) -> list[File]:
        uploads = self.cleaned_data.get("files") or []
        if len(uploads) > MAX_FILES:
            raise ValidationError(
                _("Attach at most %(count)d files at a time.") % {"count": MAX_FILES}
            )
        found, errors = [], []
        for upload in uploads:
            try:
                content_type = files.detect(upload)
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                found.append(File(upload=upload, content_type=content_type, title=_title(upload)))
        if errors:
            raise ValidationError(errors)
        return found

    def clean_links(self) -> list[Link]:
        validate = URLValidator(schemes=["http", "https"])
        links, errors = [], []
        for line in self.cleaned_data.get("links", "").splitlines():
            address, _space, title = line.strip().partition(" ")
            if not address:
                continue
            try:
                validate(address)
            except ValidationError:
                errors.append(
                    _("“%(address)s” is not a web address (http:// or https://).")
                    % {"address": address[:100]}
                )
            else:
                links.append(Link(url=address, title=title.strip()[:200]))
        if len(links) > MAX_LINKS:
            errors.append(_("Add at most %(count)d links at a time.") % {"count": MAX_LINKS})
        if errors:
            raise ValidationError(errors)
        return links


def _extensions():
    from .models import EVIDENCE_TYPES

    return EVIDENCE_TYPES.values()


def _title(upload) -> str:
    """A readable title from the uploaded file's name (the stored name is
    random): "acta_sesion-1.pdf" gives "acta sesion 1"."""
    stem = upload.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0]
    words = "".join(char if char.isalnum() else " " for char in stem).split()
    return " ".join(words)[:200]


class DisputeForm(forms.Form):
    note = forms.CharField(
        label=_("Why the Forum disputes this update (public)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is withdrawn from public view (internal)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: a file shows personal data. The update is kept for the record."),
    )


class _PlanChoiceField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(label=_("Plan"), required=False, **kwargs)

    def load(self) -> None:
        self.plans = {plan.slug: plan for plan in selectors.plans_for_filter()}
        official, others = [], []
        for plan in self.plans.values():
            choice = (plan.slug, f"{plan.title} {plan.period}")
            (official if plan.origin == Origin.OFFICIAL else others).append(choice)
        choices = [("", pgettext_lazy("every plan", "All official plans"))] + official
        if others:
            choices.append((_("Demonstration and synthetic data"), others))
        self.choices = choices


def plan_named(form: forms.Form, slug: str) -> ActionPlan | None:
    """The plan a filter names, from the choices the form already loaded."""
    field = form.fields.get("plan")
    return field.plans.get(slug) if slug and field is not None else None


class DashboardFilterForm(forms.Form):
    """The dashboard's filters (GET): only the fields that validate apply."""

    plan = _PlanChoiceField()
    institution = forms.ModelChoiceField(
        label=_("Responsible institution"),
        required=False,
        queryset=selectors.responsible_institutions(),
        empty_label=pgettext_lazy("every institution", "All"),
    )
    value = forms.ChoiceField(
        label=_("Value"),
        required=False,
        choices=[("", pgettext_lazy("every OGP value", "All"))] + list(OGPValue.choices),
    )
    status = forms.ChoiceField(
        label=_("Reported progress"),
        required=False,
        choices=[("", pgettext_lazy("every status", "All"))] + list(Completion.choices),
    )

    def __init__(self, *args, with_plan: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_plan:
            self.fields["plan"].load()
        else:
            del self.fields["plan"]

    def params(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value}
        if data.get("institution"):
            data["institution"] = data["institution"].pk
        return data


class RepositoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    plan = _PlanChoiceField()
    stage = forms.ChoiceField(label=_("Stage"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].load()
        self.fields["stage"].choices = [
            ("", pgettext_lazy("every stage", "All"))
        ] + selectors.stage_choices()

    def query(self) -> selectors.DocumentQuery:
        if not self.is_bound:
            return selectors.DocumentQuery()
        self.is_valid()
        data = self.cleaned_data
        return selectors.DocumentQuery(
            text=data.get("q") or "", plan=data.get("plan") or "", stage=data.get("stage") or ""
        )
