"""The filters each list accepts (django-filter): ``?plan=5&status=published``.
A value that is not one of the choices answers 400 with the reason."""

from __future__ import annotations

import datetime as dt

import django_filters as filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from plans.models import ActionPlan, Commitment, Completion, Institution, OGPValue, Sector
from proposals.models import PUBLIC_STATUSES, Proposal, ProposerSector, Region
from stages.models import Stage, StageKind
from tracking.models import REPORTABLE, ProgressUpdate
from worktables.models import Draft, Event, EventKind, Modality

# The largest id PostgreSQL's bigint holds: a larger one is no id, and a 400.
MAX_ID = 2**63 - 1


MAX_SMALL = 32767  # a PositiveSmallIntegerField (a plan's number)


class _WholeNumber(forms.IntegerField):
    """Digits only: Django's IntegerField also takes "+0.0" and "1e3"."""

    def to_python(self, value):
        text = str(value)
        if value not in self.empty_values and not (text.isascii() and text.isdigit()):
            raise forms.ValidationError(_("Enter a whole number."), code="invalid")
        return super().to_python(value)


@extend_schema_field({"type": "integer", "minimum": 0, "maximum": MAX_ID})
class NumberFilter(filters.NumberFilter):
    """A whole number in the column's range, or 400 (never a database error)."""

    field_class = _WholeNumber
    max_value = MAX_ID

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, min_value=0, max_value=self.max_value, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 0, "maximum": MAX_SMALL})
class SmallNumberFilter(NumberFilter):
    max_value = MAX_SMALL


class _TrueOrFalse(forms.Field):
    def to_python(self, value):
        if value in (None, ""):
            return None
        if value not in ("true", "false"):
            raise forms.ValidationError(_("Use true or false."))
        return value == "true"


class BooleanFilter(filters.BooleanFilter):
    """``true`` or ``false`` (django-filter also takes "null" and "unknown" as no value)."""

    field_class = _TrueOrFalse


def small_number(field_name: str) -> NumberFilter:
    return SmallNumberFilter(field_name=field_name)


class MomentField(filters.fields.IsoDateTimeField):
    """An ISO 8601 moment, read in UTC. PostgreSQL refuses an offset past
    ±15:59, which ISO allows (a 500 before): the moment is converted to UTC,
    and one that cannot be is refused like any invalid value."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(dt.UTC)
        except (OverflowError, ValueError) as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error


class MomentFilter(filters.IsoDateTimeFilter):
    field_class = MomentField


class FilterSet(filters.FilterSet):
    """An empty value is no value for a number, a date or a choice: 400, as
    for any other value that is not one (django-filter would ignore it)."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name, value in self.data.items():
            field = self.filters.get(name)
            if value == "" and field is not None and not isinstance(field, filters.CharFilter):
                self.form.add_error(name, _("Give a value, or leave the filter out."))
                valid = False
        return valid


def _value(queryset: QuerySet, name: str, value: str) -> QuerySet:
    return queryset.filter(**{value: True}) if value else queryset


def ogp_value() -> filters.ChoiceFilter:
    return filters.ChoiceFilter(
        choices=OGPValue.choices,
        method=_value,
        label=_("Only records that serve this OGP value."),
    )


class PlanFilter(FilterSet):
    number = small_number("number")
    status = filters.ChoiceFilter(choices=ActionPlan.Status.choices)

    class Meta:
        model = ActionPlan
        fields = ["number", "status", "slug"]


class StageFilter(FilterSet):
    plan = NumberFilter(field_name="plan_id")
    kind = filters.ChoiceFilter(choices=StageKind.choices)

    class Meta:
        model = Stage
        fields = ["plan", "kind"]


class InstitutionFilter(FilterSet):
    sector = filters.ChoiceFilter(choices=Sector.choices)

    class Meta:
        model = Institution
        fields = ["sector"]


class CommitmentFilter(FilterSet):
    plan = NumberFilter(field_name="plan_id")
    plan_number = small_number("plan__number")
    responsible_institution = NumberFilter(field_name="responsible_institution_id")
    ogp_value = ogp_value()
    reported_completion = filters.ChoiceFilter(
        field_name="reported_status", choices=Completion.choices
    )

    class Meta:
        model = Commitment
        fields = ["plan", "plan_number", "ogp_id", "responsible_institution"]


class ProposalFilter(FilterSet):
    status = filters.ChoiceFilter(choices=[(s.value, s.label) for s in PUBLIC_STATUSES])
    ogp_value = ogp_value()
    proposer_sector = filters.ChoiceFilter(field_name="sector", choices=ProposerSector.choices)
    proposer_region = filters.ChoiceFilter(field_name="region", choices=Region.choices)
    plan = NumberFilter(field_name="plan_id")
    responsible_institution = NumberFilter(field_name="responsible_institution_id")
    commitment = NumberFilter(field_name="commitment_id")
    received_after = MomentFilter(field_name="created_at", lookup_expr="gte")
    received_before = MomentFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = Proposal
        fields = ["plan", "status", "tracking_code"]


class EventFilter(FilterSet):
    kind = filters.ChoiceFilter(choices=EventKind.choices)
    modality = filters.ChoiceFilter(choices=Modality.choices)
    status = filters.ChoiceFilter(choices=Event.Status.choices)
    region = filters.ChoiceFilter(choices=Region.choices)
    plan = NumberFilter(field_name="plan_id")
    work_table = NumberFilter(field_name="table_id")
    starts_after = MomentFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = MomentFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = Event
        fields = ["plan"]


class DraftFilter(FilterSet):
    plan = NumberFilter(field_name="table__plan_id")
    work_table = NumberFilter(field_name="table_id")
    responsible_institution = NumberFilter(field_name="responsible_institution_id")
    ogp_value = ogp_value()

    class Meta:
        model = Draft
        fields = ["plan", "work_table"]


class ProgressUpdateFilter(FilterSet):
    plan = NumberFilter(field_name="milestone__commitment__plan_id")
    milestone = NumberFilter(field_name="milestone_id")
    commitment = NumberFilter(field_name="milestone__commitment_id")
    reporting_institution = NumberFilter(field_name="institution_id")
    status = filters.ChoiceFilter(choices=[(s.value, s.label) for s in REPORTABLE])
    disputed = BooleanFilter(field_name="is_disputed")
    reported_after = MomentFilter(field_name="reported_at", lookup_expr="gte")
    reported_before = MomentFilter(field_name="reported_at", lookup_expr="lt")

    class Meta:
        model = ProgressUpdate
        fields = ["milestone", "commitment"]
