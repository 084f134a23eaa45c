"""Who may do what in the follow-up, decided in one place.

- An **officer** (``Officer`` row) reports progress on the milestones of the
  commitments their institution is responsible for, and only those.
- The Forum's staff (permission ``tracking.review_progress``) see every
  institution's progress and dispute or withdraw updates; they do not report.

Each helper loads the object with what the page needs and raises
``PermissionDenied`` when the person may not see it (``staff_view`` has
already sent anonymous visitors to sign in and refused non-staff)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from plans.models import Milestone

from .models import Officer, ProgressUpdate

REVIEW = "tracking.review_progress"


def is_reviewer(user) -> bool:
    return user.has_perm(REVIEW)


def institution_ids(user) -> set[int]:
    """The institutions ``user`` reports for."""
    return set(Officer.objects.filter(user=user).values_list("institution_id", flat=True))


def require_tracker(user) -> set[int]:
    """The institutions ``user`` reports for; 403 if none and not a reviewer."""
    ids = institution_ids(user)
    if not ids and not is_reviewer(user):
        raise PermissionDenied
    return ids


def milestone_for(user, milestone_id: int) -> tuple[Milestone, bool]:
    """The milestone with its commitment, plan and institution, and whether
    ``user`` may report on it. 403 for another institution's officer and for
    staff who are neither its officers nor reviewers."""
    milestone = get_object_or_404(
        Milestone.objects.select_related("commitment__plan", "commitment__responsible_institution"),
        pk=milestone_id,
    )
    reports = Officer.objects.filter(
        user=user, institution_id=milestone.commitment.responsible_institution_id
    ).exists()
    if not reports and not is_reviewer(user):
        raise PermissionDenied
    return milestone, reports


def update_for_review(user, update_id: int) -> ProgressUpdate:
    """An update a reviewer acts on (the view requires the permission)."""
    if not is_reviewer(user):
        raise PermissionDenied
    return get_object_or_404(ProgressUpdate.objects.only("pk", "milestone_id"), pk=update_id)
