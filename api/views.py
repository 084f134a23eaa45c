"""The endpoints of /api/v1/: one read-only viewset per kind of record.

A new endpoint is a serializer (serializers.py, a ``PublicSerializer``), a
queryset (selectors.py: official record, ``core.public.only``), a viewset
here, and one ``router.register`` line in urls.py."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from . import filters, selectors, serializers
from .base import PublicViewSet


def described(summary, description=""):
    return extend_schema_view(
        list=extend_schema(summary=summary, description=description),
        retrieve=extend_schema(summary=summary, description=description),
    )


@described(_("Action plans of the official record"))
class PlanViewSet(PublicViewSet):
    serializer_class = serializers.PlanSerializer
    filterset_class = filters.PlanFilter

    def get_queryset(self):
        return selectors.plans()


@described(_("Stages of each plan's co-creation calendar"))
class StageViewSet(PublicViewSet):
    serializer_class = serializers.StageSerializer
    filterset_class = filters.StageFilter

    def get_queryset(self):
        return selectors.stages()


@described(_("Institutions: responsible for commitments, or taking part in them"))
class InstitutionViewSet(PublicViewSet):
    serializer_class = serializers.InstitutionSerializer
    filterset_class = filters.InstitutionFilter

    def get_queryset(self):
        return selectors.institutions()


@described(
    _("Commitments with their milestones and progress"),
    _(
        "irm_completion is the IRM's assessment; reported_completion and "
        "reported_progress come from the responsible institution's progress updates."
    ),
)
class CommitmentViewSet(PublicViewSet):
    serializer_class = serializers.CommitmentSerializer
    filterset_class = filters.CommitmentFilter

    def get_queryset(self):
        return selectors.commitments()


@described(
    _("Published citizen proposals with their public trail"),
    _("The proposer's name appears only if they chose to show it; contact details never."),
)
class ProposalViewSet(PublicViewSet):
    serializer_class = serializers.ProposalSerializer
    filterset_class = filters.ProposalFilter

    def get_queryset(self):
        return selectors.proposals()


@described(_("Sessions: awareness sessions and work table sessions"))
class EventViewSet(PublicViewSet):
    serializer_class = serializers.EventSerializer
    filterset_class = filters.EventFilter

    def get_queryset(self):
        return selectors.events()


@described(_("Published commitment drafts of the work tables"))
class DraftViewSet(PublicViewSet):
    serializer_class = serializers.DraftSerializer
    filterset_class = filters.DraftFilter

    def get_queryset(self):
        return selectors.drafts()


@described(
    _("Progress updates reported by the responsible institutions"),
    _("A disputed update stays public with the Forum's note and does not count."),
)
class ProgressUpdateViewSet(PublicViewSet):
    serializer_class = serializers.ProgressUpdateSerializer
    filterset_class = filters.ProgressUpdateFilter

    def get_queryset(self):
        return selectors.progress_updates()
