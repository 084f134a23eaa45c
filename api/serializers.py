"""What the API shows of each record: public fields only (api/public.py checks
each serializer against the models' declarations), named as in the
portal's commitment file and the IRM's data (``ogp_id``, the completion
scale, ``transparency``...). Related records are their id, or a short nested
object where a reader always wants the name (institutions)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from plans.models import ActionPlan, Commitment, Completion, Institution, Milestone
from proposals.models import Proposal, ProposalEvent
from stages.models import Stage
from tracking.models import Evidence, ProgressUpdate
from worktables.models import Draft, DraftMilestone, Event

from .public import PublicSerializer


def site_url(path: str) -> str:
    return settings.SITE_URL + path


def page_url(record) -> str:
    """The record's public page, in the portal's first language (no prefix)."""
    with translation.override(settings.LANGUAGE_CODE):
        return site_url(record.get_absolute_url())


class WithPageUrl(PublicSerializer):
    url = serializers.SerializerMethodField(
        help_text=_("Address of the record's page on the portal.")
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, record) -> str:
        return page_url(record)


# --- Institutions and plans -------------------------------------------------------------


class InstitutionSerializer(PublicSerializer):
    class Meta:
        model = Institution
        fields = ["id", "name", "acronym", "sector", "website"]


class InstitutionRefSerializer(PublicSerializer):
    """An institution named where a record points at it."""

    class Meta:
        model = Institution
        fields = ["id", "name", "acronym"]


class PlanSerializer(WithPageUrl):
    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "number",
            "slug",
            "title",
            "start_year",
            "end_year",
            "status",
            "summary",
            "published_commitment_count",
            "url",
        ]


class StageSerializer(PublicSerializer):
    class Meta:
        model = Stage
        fields = ["id", "plan", "kind", "starts_at", "ends_at", "description"]


# --- Commitments ---------------------------------------------------------------------------


class MilestoneSerializer(PublicSerializer):
    irm_completion = serializers.CharField(
        source="completion", help_text=_("The IRM's assessment, empty until there is one.")
    )
    reported_completion = serializers.SerializerMethodField(
        help_text=_(
            "The latest undisputed progress update's status on the IRM scale, or "
            "no_evidence while nothing is reported."
        )
    )
    reported_at = serializers.SerializerMethodField(help_text=_("When that update was reported."))
    latest_update = serializers.SerializerMethodField(
        help_text=_("The id of that progress update (see /api/v1/progress-updates/).")
    )

    class Meta:
        model = Milestone
        fields = [
            "id",
            "number",
            "title",
            "deliverable",
            "start_date",
            "end_date",
            "irm_completion",
            "reported_completion",
            "reported_at",
            "latest_update",
        ]

    @staticmethod
    def _current(milestone: Milestone):
        try:
            return milestone.current_progress
        except Milestone.current_progress.RelatedObjectDoesNotExist:
            return None

    @extend_schema_field(serializers.ChoiceField(choices=Completion.choices))
    def get_reported_completion(self, milestone: Milestone) -> str:
        current = self._current(milestone)
        return current.status if current else Completion.NO_EVIDENCE.value

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_reported_at(self, milestone: Milestone):
        current = self._current(milestone)
        return (
            serializers.DateTimeField().to_representation(current.reported_at) if current else None
        )

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_latest_update(self, milestone: Milestone) -> int | None:
        current = self._current(milestone)
        return current.update_id if current else None


class CommitmentSerializer(WithPageUrl):
    plan_number = serializers.IntegerField(source="plan.number", allow_null=True)
    responsible_institution = InstitutionRefSerializer()
    supporting_institutions = InstitutionRefSerializer(source="actors", many=True)
    irm_completion = serializers.CharField(
        source="completion", help_text=_("The IRM's assessment, empty until there is one.")
    )
    reported_completion = serializers.ChoiceField(
        source="reported_status",
        choices=Completion.choices,
        help_text=_("Derived from the milestones' reported progress (see reported_progress)."),
    )
    reported_progress = serializers.IntegerField(
        source="progress",
        help_text=_(
            "Percentage: the milestones' scores (0 not started, 1 limited, 2 substantial, "
            "3 complete) over the highest possible."
        ),
    )
    last_reported_at = serializers.DateTimeField(source="last_reported", allow_null=True)
    milestones = MilestoneSerializer(many=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "ogp_id",
            "plan",
            "plan_number",
            "number",
            "title",
            "responsible_institution",
            "supporting_institutions",
            "problem",
            "description",
            "expected_results",
            "transparency",
            "accountability",
            "participation",
            "technology",
            "irm_completion",
            "reported_completion",
            "reported_progress",
            "last_reported_at",
            "source_note",
            "milestones",
            "url",
        ]


# --- Proposals ---------------------------------------------------------------------------


class TrailStepSerializer(PublicSerializer):
    reason = serializers.CharField(source="public_reason")
    related_proposal = serializers.PrimaryKeyRelatedField(
        source="related", read_only=True, allow_null=True
    )
    link_url = serializers.SerializerMethodField()

    class Meta:
        model = ProposalEvent
        fields = [
            "id",
            "at",
            "from_status",
            "to_status",
            "actor_role",
            "reason",
            "related_proposal",
            "link_label",
            "link_url",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_link_url(self, step: ProposalEvent) -> str:
        """Where the step led (a work table, a draft), as a full address."""
        return site_url(step.link_url) if step.link_url.startswith("/") else step.link_url


class ProposalSerializer(WithPageUrl):
    received_at = serializers.DateTimeField(source="created_at")
    responsible_institution = InstitutionRefSerializer(allow_null=True)
    proposer_name = serializers.CharField(
        source="public_name",
        help_text=_("The proposer's name only if they chose to show it; otherwise empty."),
    )
    proposer_sector = serializers.CharField(source="sector")
    proposer_region = serializers.CharField(source="region")
    trail = TrailStepSerializer(source="events", many=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "tracking_code",
            "plan",
            "status",
            "received_at",
            "status_changed_at",
            "title",
            "problem",
            "description",
            "actors",
            "activities",
            "responsible_institution",
            "transparency",
            "accountability",
            "participation",
            "technology",
            "proposer_name",
            "proposer_sector",
            "proposer_region",
            "merged_into",
            "commitment",
            "trail",
            "url",
        ]


# --- Sessions and commitment drafts ----------------------------------------------------


class EventSerializer(WithPageUrl):
    work_table = serializers.PrimaryKeyRelatedField(
        source="table",
        read_only=True,
        allow_null=True,
        help_text=_("Empty for awareness sessions."),
    )

    class Meta:
        model = Event
        fields = [
            "id",
            "plan",
            "work_table",
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "modality",
            "address",
            "region",
            "capacity",
            "accessibility_note",
            "status",
            "cancellation_reason",
            "url",
        ]


class DraftMilestoneSerializer(PublicSerializer):
    class Meta:
        model = DraftMilestone
        fields = ["number", "title", "deliverable", "start_date", "end_date"]


class DraftSerializer(WithPageUrl):
    plan = serializers.IntegerField(source="table.plan_id")
    work_table = serializers.PrimaryKeyRelatedField(source="table", read_only=True)
    responsible_institution = InstitutionRefSerializer(allow_null=True)
    milestones = DraftMilestoneSerializer(many=True)
    integrated_proposals = serializers.SerializerMethodField(
        help_text=_("The ids of the published proposals the draft takes up.")
    )

    class Meta:
        model = Draft
        fields = [
            "id",
            "plan",
            "work_table",
            "title",
            "problem",
            "description",
            "expected_results",
            "actors",
            "responsible_institution",
            "transparency",
            "accountability",
            "participation",
            "technology",
            "version",
            "created_at",
            "updated_at",
            "published_at",
            "milestones",
            "integrated_proposals",
            "url",
        ]

    def get_integrated_proposals(self, draft: Draft) -> list[int]:
        return [link.proposal_id for link in draft.public_links]


# --- Progress updates ---------------------------------------------------------------------


class EvidenceSerializer(PublicSerializer):
    url = serializers.SerializerMethodField(
        help_text=_("The link given as evidence, or the address of the stored file.")
    )
    added_at = serializers.DateTimeField(source="created_at")

    class Meta:
        model = Evidence
        fields = ["id", "title", "url", "content_type", "size", "sha256", "added_at"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, evidence: Evidence) -> str:
        if evidence.url:
            return evidence.url
        with translation.override(settings.LANGUAGE_CODE):
            return site_url(reverse("tracking:evidence_file", args=[evidence.pk]))


class ProgressUpdateSerializer(PublicSerializer):
    commitment = serializers.IntegerField(source="milestone.commitment_id")
    reporting_institution = InstitutionRefSerializer(source="institution")
    disputed = serializers.BooleanField(source="is_disputed")
    evidence = EvidenceSerializer(many=True)

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "milestone",
            "commitment",
            "reporting_institution",
            "status",
            "note",
            "reported_at",
            "disputed",
            "dispute_note",
            "disputed_at",
            "evidence",
        ]
