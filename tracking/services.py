"""Writes of the follow-up: a progress update with its evidence, the Forum's
dispute and withdrawal, the derived current progress, and the reviewers'
permission. Every change locks the milestone, writes the activity log and
re-derives the milestone's current progress in the same transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from core import activity
from plans.models import Milestone
from proposals.services import normalise

from .models import REPORTABLE, CurrentProgress, Evidence, ProgressUpdate

REFRESH_CHUNK = 2000


class NotAllowed(Exception):
    """A change the update's state does not allow; the message says why."""


@dataclass(frozen=True)
class Link:
    url: str
    title: str = ""


@dataclass(frozen=True)
class File:
    upload: UploadedFile
    content_type: str  # as files.detect found it
    title: str = ""


def report(
    milestone_id: int,
    *,
    status: str,
    note: str,
    author,
    files: Sequence[File] = (),
    links: Sequence[Link] = (),
) -> ProgressUpdate:
    """Add a dated progress update to a milestone, with its evidence. The
    caller has checked that ``author`` reports for the responsible institution."""
    if status not in REPORTABLE:
        raise NotAllowed(_("Choose a status on the completion scale."))
    stored: list[Evidence] = []
    try:
        with transaction.atomic():
            update = _report(milestone_id, status, note, author, files, links, stored)
    except BaseException:
        # The rows are gone with the rollback; the files they named must go too.
        for evidence in stored:
            evidence.file.storage.delete(evidence.file.name)
        raise
    return update


def _report(
    milestone_id: int,
    status: str,
    note: str,
    author,
    files: Sequence[File],
    links: Sequence[Link],
    stored: list[Evidence],
) -> ProgressUpdate:
    milestone = (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("commitment__plan", "commitment__responsible_institution")
        .get(pk=milestone_id)
    )
    commitment = milestone.commitment
    update = ProgressUpdate.objects.create(
        milestone=milestone,
        institution=commitment.responsible_institution,
        status=status,
        note=note,
        author=author,
        origin=commitment.plan.origin,
    )
    words = " ".join(
        [
            note,
            milestone.title,
            milestone.deliverable,
            commitment.title,
            commitment.responsible_institution.name,
            commitment.responsible_institution.acronym,
        ]
    )
    default_title = milestone.deliverable or milestone.title
    for item in files:
        _add_file(update, item, default_title, words, stored)
    for link in links:
        title = link.title or default_title
        Evidence.objects.create(
            update=update,
            title=title[:200],
            url=link.url,
            search_document=normalise(f"{title} {words}"),
        )
    refresh_current([milestone.pk])
    activity.log(
        author,
        "progress.reported",
        update,
        public=True,
        message=f"{milestone}: {update.get_status_display()}",
        milestone=milestone.pk,
        evidence=len(files) + len(links),
    )
    return update


def _add_file(
    update: ProgressUpdate, item: File, default_title: str, words: str, stored: list[Evidence]
) -> Evidence:
    digest = hashlib.sha256()
    item.upload.seek(0)
    for chunk in item.upload.chunks():
        digest.update(chunk)
    item.upload.seek(0)
    title = item.title or default_title
    evidence = Evidence(
        update=update,
        title=title[:200],
        content_type=item.content_type,
        size=item.upload.size,
        sha256=digest.hexdigest(),
        search_document=normalise(f"{title} {words}"),
    )
    # upload_to (models.evidence_path) names the file; the uploader's name is dropped.
    evidence.file.save("evidence", item.upload, save=False)
    stored.append(evidence)  # from now on, a rollback must delete the file
    evidence.save()
    return evidence


def dispute(update_id: int, note: str, actor) -> ProgressUpdate:
    """The Forum disagrees with an update: it stays, marked, with a public note,
    and no longer counts towards the milestone's progress."""
    note = note.strip()
    if not note:
        raise NotAllowed(_("Say publicly why the update is disputed."))
    with transaction.atomic():
        update = _locked(update_id)
        if update.is_disputed:
            raise NotAllowed(_("This update is already disputed."))
        update.is_disputed = True
        update.dispute_note = note
        update.disputed_at = timezone.now()
        update.disputed_by = actor if getattr(actor, "is_authenticated", False) else None
        update.save(update_fields=["is_disputed", "dispute_note", "disputed_at", "disputed_by"])
        refresh_current([update.milestone_id])
        activity.log(actor, "progress.disputed", update, public=True, message=note)
    return update


def withdraw(update_id: int, reason: str, actor) -> ProgressUpdate:
    """Take an update and its evidence off the public pages (e.g. a file with
    personal data). The update is kept for the record; the reason is internal."""
    reason = reason.strip()
    if not reason:
        raise NotAllowed(_("Note why the update is withdrawn."))
    with transaction.atomic():
        update = _locked(update_id)
        if not update.is_public:
            raise NotAllowed(_("This update is already withdrawn from public view."))
        update.is_public = False
        update.withdrawn_reason = reason
        update.save(update_fields=["is_public", "withdrawn_reason"])
        refresh_current([update.milestone_id])
        activity.log(actor, "progress.withdrawn", update, message=reason)
    return update


def _locked(update_id: int) -> ProgressUpdate:
    """The update, after locking its milestone: changes to one milestone's
    updates happen one at a time, so its current progress is never stale."""
    milestone_id = (
        ProgressUpdate.objects.filter(pk=update_id).values_list("milestone_id", flat=True).first()
    )
    if milestone_id is None:
        raise NotAllowed(_("This update no longer exists."))
    Milestone.objects.select_for_update().filter(pk=milestone_id).exists()
    return ProgressUpdate.objects.select_for_update().get(pk=update_id)


def refresh_current(milestone_ids: Iterable[int]) -> int:
    """Re-derive the current progress of these milestones from their updates:
    the latest public, undisputed one, or nothing. Returns rows written."""
    ids = list(milestone_ids)
    written = 0
    for start in range(0, len(ids), REFRESH_CHUNK):
        chunk = ids[start : start + REFRESH_CHUNK]
        latest = (
            ProgressUpdate.objects.filter(
                milestone=OuterRef("pk"), is_public=True, is_disputed=False
            )
            .order_by("-reported_at", "-id")
            .values("pk")[:1]
        )
        current = dict(
            Milestone.objects.filter(pk__in=chunk)
            .annotate(update_id=Subquery(latest))
            .values_list("pk", "update_id")
        )
        updates = ProgressUpdate.objects.in_bulk([pk for pk in current.values() if pk is not None])
        CurrentProgress.objects.filter(milestone_id__in=chunk).delete()
        rows = [
            CurrentProgress(
                milestone_id=milestone_id,
                update_id=update_id,
                status=updates[update_id].status,
                reported_at=updates[update_id].reported_at,
            )
            for milestone_id, update_id in current.items()
            if update_id is not None
        ]
        CurrentProgress.objects.bulk_create(rows)
        written += len(rows)
    return written


def ensure_reviewers_permission() -> None:
    """The Mesa de Gobierno Abierto's staff group may see every institution's
    progress and dispute or withdraw updates."""
    from django.contrib.auth.models import Group, Permission

    from proposals.services import MODERATORS_GROUP

    group, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="tracking", codename="review_progress")
    )
