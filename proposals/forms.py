from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import public
from core.models import Origin
from core.staff import IdListField, first_error
from plans.models import ActionPlan, Commitment, Institution, OGPValue

from . import destinations
from .destinations import COMMITMENT
from .models import (
    MAX_ATTACHMENT_BYTES,
    NotAdmittedReason,
    Proposal,
    ProposerSector,
    Region,
    Status,
)
from .services import ALLOWED, Change, normalise_code

MIN_FILL_SECONDS = 5
FORM_STAMP_SALT = "proposals.form-started"


def _limit(text, size: int):
    return _("%(help)s Up to %(size)s characters.") % {"help": text, "size": size}


def consent_text(show_name_label) -> str:
    """What the consent says about the name: the form offers to show it, so it
    is published only with that box ticked, and never said to be unpublished."""
    return _(
        "We use your name and e-mail only for this proposal. Your e-mail is never "
        "published. Your name is published next to your proposal only if you ticked "
        "“%(show_name)s”."
    ) % {"show_name": show_name_label}


class ProposalForm(forms.ModelForm):
    values = forms.MultipleChoiceField(
        label=_("Which open government values does it serve?"),
        choices=OGPValue.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose at least one."),
        error_messages={"required": _("Choose at least one open government value.")},
    )
    responsible_institution = forms.ModelChoiceField(
        label=_("Which institution should be responsible?"),
        queryset=Institution.objects.filter(origin=Origin.OFFICIAL).order_by("name"),
        required=False,
        empty_label=_("I don't know"),
        help_text=_("If you are not sure, choose “I don't know”."),
    )
    consent = forms.BooleanField(
        label=_("I agree that my personal data is used to process this proposal."),
        error_messages={"required": _("We need your consent to receive the proposal.")},
    )
    # Spam protection without an image captcha: people never see or fill the
    # honeypot, and nobody writes a proposal in under five seconds.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)
    started = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Proposal
        fields = [
            "title",
            "problem",
            "description",
            "actors",
            "activities",
            "responsible_institution",
            "name",
            "email",
            "show_name",
            "sector",
            "organisation",
            "region",
            "attachment",
        ]
        labels = {
            "title": _("Title of your proposal"),
            "problem": _("What problem does it address?"),
            "description": _("What should the commitment be, and what results do you expect?"),
            "actors": _("Who should take part?"),
            "activities": _("Key activities and deliverables"),
            "name": _("Your name"),
            "email": _("Your e-mail"),
            "show_name": _("Show my name next to my proposal"),
            "sector": _("You take part as"),
            "organisation": _("Organisation (optional)"),
            "region": _("Region where you live"),
            "attachment": _("Attach a document (optional)"),
        }
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 5}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "actors": forms.Textarea(attrs={"rows": 3}),
            "activities": forms.Textarea(attrs={"rows": 5}),
            "attachment": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        }

    def __init__(self, *args, privacy_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = signing.dumps(
                timezone.now().timestamp(), salt=FORM_STAMP_SALT
            )
        help_texts = {
            "title": _limit(_("A short name for the commitment you propose."), 200),
            "problem": _limit(
                _("Describe the public problem and what is missing in terms of open government."),
                3000,
            ),
            "description": _limit(_("What the government should do and what would change."), 3000),
            "actors": _limit(
                _("Government bodies, civil society, academia, private sector or others."), 1500
            ),
            "activities": _limit(_("The main steps and what each one would deliver."), 3000),
            "name": _("It is not published unless you tick the box below."),
            "email": _("We send your tracking code here. It is never published."),
            "sector": _("This is shown with your proposal."),
            "region": _("This is shown with your proposal."),
            "attachment": _("PDF only, up to 5 MB."),
        }
        for name, text in help_texts.items():
            self.fields[name].help_text = text
        self.fields["consent"].help_text = consent_text(self.fields["show_name"].label)
        self.fields["sector"].choices = [("", _("Choose one"))] + list(ProposerSector.choices)
        self.fields["region"].choices = [("", _("Choose one"))] + list(Region.choices)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        # The error summary lists the fields in the order the page shows them.
        self.order_fields(
            ["title", "problem", "description", "actors", "activities"]
            + ["responsible_institution", "values", "attachment", "name", "email"]
            + ["show_name", "sector", "organisation", "region", "consent"]
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template has the token
        self.helper.layout = Layout(
            Fieldset(
                _("Your proposal"),
                "title",
                "problem",
                "description",
                "actors",
                "activities",
                "responsible_institution",
                "values",
                "attachment",
            ),
            Fieldset(
                _("About you"),
                "name",
                "email",
                "show_name",
                "sector",
                "organisation",
                "region",
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
            "started",
            Submit("submit", _("Send proposal"), css_class="btn-lg"),
        )

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload or not hasattr(upload, "size"):
            return upload
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB. Attach a smaller PDF."))
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("The file is not a PDF. Attach a PDF document."))
        return upload

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
                _("That was too fast. Please check your proposal and send it again.")
            )
        return started

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("Your proposal could not be received. Please try again."))
        return cleaned

    def save(self, commit: bool = False) -> Proposal:
        proposal = super().save(commit=False)
        for value in OGPValue.values:
            setattr(proposal, value, value in self.cleaned_data["values"])
        return proposal


# How the public list can be sorted (``?orden=``); the first is the default.
SORTS = [
    ("recientes", _("Newest")),
    ("antiguas", _("Oldest")),
    ("titulo", pgettext_lazy("sort by", "Title")),
]


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    value = forms.ChoiceField(
        label=_("Value"),
        required=False,
        choices=[("", pgettext_lazy("every OGP value", "All"))] + list(OGPValue.choices),
    )
    sector = forms.ChoiceField(
        label=_("Sector"),
        required=False,
        choices=[("", pgettext_lazy("every sector", "All"))] + list(ProposerSector.choices),
    )
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=[("", pgettext_lazy("every region", "All"))] + list(Region.choices),
    )
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        required=False,
        queryset=Institution.objects.filter(origin=Origin.OFFICIAL).order_by("name"),
        empty_label=pgettext_lazy("every institution", "All"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    # Any origin: a demonstration plan's list shows its own proposals, labelled.
    plan = forms.ModelChoiceField(
        required=False, queryset=public.only(ActionPlan.objects.all()), to_field_name="slug"
    )
    orden = forms.ChoiceField(required=False, choices=SORTS, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        from .models import PUBLIC_STATUSES

        super().__init__(*args, **kwargs)
        self.plan: ActionPlan | None = None  # the plan chosen, once params() has run
        self.fields["status"].choices = [("", pgettext_lazy("every status", "All"))] + [
            (status.value, status.label) for status in PUBLIC_STATUSES
        ]

    def params(self) -> dict:
        """The valid parameters; one that is not (a stale link, a made-up
        value) is left out rather than emptying the whole list."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value}
        if data.get("institution"):
            institution = data.pop("institution")
            data["institution"], data["institution_name"] = institution.pk, institution.name
        if data.get("plan"):
            self.plan = data.pop("plan")
            data["plan"], data["plan_name"] = self.plan.slug, plan_label(self.plan)
        return data


def plan_label(plan: ActionPlan) -> str:
    """A plan as the list's filter names it (the same words as its SQL, selectors)."""
    return f"{plan.title} {plan.period}"


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=30,
        help_text=_("It looks like GA5-7KQ2-M9XD. You received it by e-mail."),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if len(code.replace("-", "")) < 9:
            raise forms.ValidationError(
                _("That is not a tracking code. It looks like GA5-7KQ2-M9XD.")
            )
        return code


# What each decision needs besides the public reason and the internal note;
# the page shows only those fields (CSS, with the decision), and the form
# ignores the others whatever they hold.
DECISION_FIELDS = {
    Status.NOT_ADMITTED: ("not_admitted_reason",),
    Status.MERGED: ("merged_into",),
    Status.INTEGRATED: ("destination",),
    Status.SELECTED: ("destination",),
}
DEPENDENT_FIELDS = ("not_admitted_reason", "merged_into", "destination")


def commitment_label(commitment: Commitment) -> str:
    return _("Commitment No. %(number)s: %(title)s") % {
        "number": commitment.number,
        "title": commitment.title,
    }


class ModerationForm(forms.Form):
    """One moderator decision on one proposal (or many, in bulk). No decision
    is chosen beforehand: saving without one changes nothing and says so."""

    # Assigning to a work table is decided on the work tables' own form.
    to_status = forms.ChoiceField(
        label=_("Decision"),
        choices=[("", _("Choose a decision"))]
        + [c for c in Status.choices if c[0] != Status.ASSIGNED],
        error_messages={"required": _("Choose a decision: nothing was changed.")},
    )
    expected_status = forms.ChoiceField(
        choices=Status.choices, widget=forms.HiddenInput, required=False
    )
    not_admitted_reason = forms.ChoiceField(
        label=_("Reason for not admitting"),
        choices=[("", "—")] + list(NotAdmittedReason.choices),
        required=False,
    )
    merged_into = forms.CharField(
        label=_("Merge into the proposal with code"), required=False, max_length=30
    )
    destination = forms.ChoiceField(
        label=_("Integrated into"),
        required=False,
        help_text=_(
            "The commitment draft or the commitment it went into. Its page will list "
            "the proposal, and the proposal's page will link to it."
        ),
    )
    public_reason = forms.CharField(
        label=_("Public reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Published on the proposal's page and sent to the proposer. Use plain language."
        ),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only staff see it."),
    )

    def __init__(self, *args, proposal: Proposal | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            # A field the chosen decision does not use is dropped, unread.
            needed = DECISION_FIELDS.get(self.data.get("to_status"), ())
            self.data = self.data.copy()
            for name in DEPENDENT_FIELDS:
                if name not in needed:
                    self.data.pop(name, None)
        self.allowed: set[str] | None = None
        if proposal is not None:
            # The page offers what its status allows; assigning to a work table
            # has its own form. A stale page's choice is checked in clean().
            self.allowed = ALLOWED[Status(proposal.status)] - {Status.ASSIGNED}
            self.status = proposal.status
            self.offered = [("", _("Choose a decision"))] + [
                (s.value, s.label) for s in Status if s in self.allowed
            ]
            if not self.is_bound:
                self.fields["to_status"].choices = self.offered
        self.commitments: dict[int, Commitment] = {}
        choices: list = [("", _("Choose one"))]
        if (
            proposal is not None
            and {Status.INTEGRATED, Status.SELECTED} & ALLOWED[Status(proposal.status)]
        ):
            self.commitments = {
                c.pk: c
                for c in Commitment.objects.filter(plan_id=proposal.plan_id)
                .select_related("plan")
                .order_by("number")
            }
            if self.commitments:
                choices.append(
                    (
                        _("Commitments of its plan"),
                        [
                            (f"{COMMITMENT}:{pk}", commitment_label(c))
                            for pk, c in self.commitments.items()
                        ],
                    )
                )
            for kind in destinations.KINDS.values():
                places = kind.choices(proposal)
                if places:
                    choices.append(
                        (kind.label, [(f"{kind.prefix}:{pk}", label) for pk, label in places])
                    )
        self.fields["destination"].choices = choices

    def clean_merged_into(self):
        code = self.cleaned_data.get("merged_into")
        if not code:
            return None
        survivor = Proposal.objects.filter(tracking_code=normalise_code(code)).first()
        if survivor is None:
            raise forms.ValidationError(_("There is no proposal with that code."))
        return survivor

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("to_status")
        # A decision its status does not allow. From a page that saw another
        # status, the status machine says someone changed it meanwhile.
        seen = cleaned.get("expected_status")
        stale = self.allowed is not None and seen and seen != self.status
        if decision and self.allowed is not None and decision not in self.allowed and not stale:
            self.add_error("to_status", _("That decision does not apply to this proposal now."))
        if decision == Status.NOT_ADMITTED and not cleaned.get("not_admitted_reason"):
            self.add_error("not_admitted_reason", _("Choose why the proposal is not admitted."))
        if (
            decision == Status.MERGED
            and not cleaned.get("merged_into")
            and not self.has_error("merged_into")
        ):
            self.add_error("merged_into", _("Write the code of the proposal it is merged into."))
        place = destinations.parse(cleaned.get("destination") or "")
        if decision == Status.INTEGRATED and place is None:
            self.add_error(
                "destination",
                _("Choose the commitment draft or the commitment it was integrated into."),
            )
        if decision == Status.SELECTED and (place is None or place[0] != COMMITMENT):
            self.add_error("destination", _("Choose the commitment it was selected for."))
        cleaned["place"] = place
        return cleaned

    def handed_over(self) -> tuple[destinations.Kind, int] | None:
        """The kind and id of the place another app owns, when the decision
        goes there (that app records it); None when this form's change does."""
        place = self.cleaned_data.get("place")
        if place is None or place[0] == COMMITMENT:
            return None
        return destinations.KINDS[place[0]], place[1]

    def change(self) -> Change:
        data = self.cleaned_data
        commitment, link_label, link_url = None, "", ""
        place = data.get("place")
        if place and place[0] == COMMITMENT:
            commitment = self.commitments[place[1]]
            with translation.override(settings.LANGUAGE_CODE):
                link_label = commitment_label(commitment)
                link_url = commitment.get_absolute_url()
        return Change(
            to_status=data["to_status"],
            expected_status=data.get("expected_status") or None,
            public_reason=data.get("public_reason", ""),
            internal_note=data.get("internal_note", ""),
            not_admitted_reason=data.get("not_admitted_reason", ""),
            merged_into=data.get("merged_into"),
            commitment=commitment,
            link_label=link_label,
            link_url=link_url,
        )


class ErasureForm(forms.Form):
    """A proposer asks to erase their details: the tracking code and the e-mail
    it was sent to prove the proposal is theirs."""

    code = forms.CharField(
        label=_("Tracking code"),
        max_length=30,
        help_text=_("It looks like GA5-7KQ2-M9XD. You received it by e-mail."),
    )
    email = forms.EmailField(label=_("The e-mail you gave with the proposal"), max_length=254)


# What the queue decides for many proposals at once: nothing that needs a
# place or another proposal of each.
BULK_DECISIONS = (Status.PUBLISHED, Status.NOT_ADMITTED, Status.NOT_SELECTED)


class BulkModerationForm(ModerationForm):
    """One decision on the proposals ticked in the queue."""

    ids = IdListField(error_messages={"required": _("Select at least one proposal.")})
    field_order = ["ids"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [("", _("Choose a decision"))] + [
            (status.value, status.label) for status in BULK_DECISIONS
        ]

    def problem(self) -> str:
        """Why nothing was done, in one sentence."""
        if "ids" in self.errors:
            return first_error(self)
        return _("The decision is incomplete: %(errors)s") % {"errors": first_error(self)}


class QueueFilterForm(forms.Form):
    """The moderation queue's address: ``?estado=``, ``?q=`` (``?pagina=`` is
    the paginator's, which already falls back to a page that exists)."""

    estado = forms.ChoiceField(
        required=False,
        choices=Status.choices,
        error_messages={
            "invalid_choice": _("There is no status “%(value)s”: showing the received proposals.")
        },
    )
    q = forms.CharField(
        required=False,
        max_length=200,
        error_messages={"max_length": _("The search can have at most %(limit_value)d characters.")},
    )

    def status(self) -> str:
        return (self.is_valid() and self.cleaned_data["estado"]) or Status.RECEIVED

    def text(self) -> str:
        return self.cleaned_data["q"] if self.is_valid() else ""


def form_stamp() -> str:
    """The signed time a form was opened: the minimum fill time counts from it."""
    return signing.dumps(timezone.now().timestamp(), salt=FORM_STAMP_SALT)


def read_stamp(stamp: str) -> float | None:
    """The time in a stamp this portal signed in the last day, or None."""
    try:
        return float(signing.loads(stamp, salt=FORM_STAMP_SALT, max_age=86400))
    except (signing.BadSignature, TypeError, ValueError):
        return None


class ProposalStepForm(ProposalForm):
    """One step of the form in steps: the one-page form's own fields, labels,
    limits and checks (honeypot included), only those of this step. The first
    step of a new draft also carries the signed time the form was opened."""

    def __init__(self, *args, step, stamped: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        keep = {*step.fields, "website"} | ({"started"} if stamped else set())
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.helper.layout = Layout(
            Fieldset(step.title, *step.fields),
            HTML('<div class="honeypot" aria-hidden="true">'),
            "website",
            HTML("</div>"),
            *(["started"] if stamped else []),
        )

    def clean_started(self):
        # The minimum fill time is checked when the proposal is sent, from
        # this stamp; here only that the portal signed it.
        started = read_stamp(self.cleaned_data["started"])
        if started is None:
            raise forms.ValidationError(
                _("This page had expired. Your text is still here: press the button again.")
            )
        return started

    def renew_stamp(self) -> None:
        """After an error, the page goes back with a fresh stamp."""
        if "started" in self.fields and self.is_bound:
            self.data = self.data.copy()
            self.data["started"] = form_stamp()


class ProposalReviewForm(ProposalForm):
    """The summary's form: the whole proposal is checked as the one-page form
    checks it (the view passes the draft's answers with the consent, the
    attachment and the honeypot); only those three are shown."""

    def __init__(self, *args, privacy_url: str = "", **kwargs):
        super().__init__(*args, privacy_url=privacy_url, **kwargs)
        self.helper.layout = Layout(
            Fieldset(_("Before sending"), "attachment"),
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
        )


class DraftLinkForm(forms.Form):
    """Where to send the link that opens the draft again."""

    email = forms.EmailField(
        label=_("Your e-mail"),
        max_length=254,
        help_text=_("We send the link here. We use it for nothing else."),
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "email",
            HTML('<div class="honeypot" aria-hidden="true">'),
            "website",
            HTML("</div>"),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("Your proposal could not be received. Please try again."))
        return cleaned
