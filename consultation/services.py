"""Writes of the consultation and the publication: comments (sent, confirmed,
replied to), flags and moderation, reasoned responses, the commitment's
versions, marking the consultation answered, and publishing the plan.

Every write locks the row it changes, checks the state it expects, and leaves
an entry in the activity log; every e-mail goes through the outbox with a key
naming the step and the comment, so a step run twice sends nothing twice."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import activity
from core.mail import queue_email
from core.models import Origin
from plans.models import ActionPlan, Commitment, Milestone
from stages import engine
from stages.models import Stage, StageEvent, StageKind

from .models import (
    COUNTED,
    FLAGS_TO_HIDE,
    Comment,
    CommentStatus,
    CommitmentVersion,
    Consultation,
    Flag,
    Outcome,
    Publication,
    Response,
    Section,
)

# Demonstration comments send their e-mails (people try the portal with their
# own address); synthetic ones never do.
NOTIFIED_ORIGINS = {Origin.OFFICIAL, Origin.DEMO}
TEXT_FIELDS = ("title", "problem", "description", "expected_results")


class Refused(Exception):
    """The action cannot go ahead; the message says why, in the visitor's language."""


class ConsultationClosed(Refused):
    pass


# --- The stage -----------------------------------------------------------------------


def consultation_stage(plan: ActionPlan) -> Stage | None:
    return next((s for s in plan.stages.all() if s.kind == StageKind.CONSULTATION), None)


def _check_open(plan: ActionPlan) -> None:
    if plan.origin == Origin.SYNTHETIC:
        raise ConsultationClosed(_("This is a synthetic test process: it takes no comments."))
    if not engine.is_open(plan, StageKind.CONSULTATION):
        raise ConsultationClosed(
            _("The public consultation of this plan is not open: it takes no comments now.")
        )


# --- Comments ------------------------------------------------------------------------


@dataclass(frozen=True)
class CommentData:
    """What a person writes: the comment and who they are."""

    stance: str
    text: str
    name: str
    sector: str
    region: str
    email: str
    language: str = "es-cl"


@dataclass(frozen=True)
class Target:
    """Where a comment goes: a plan, optionally one of its commitments and a
    section of it (a milestone of that commitment), or a comment it replies to."""

    plan_id: int
    commitment_id: int | None = None
    section: str = Section.WHOLE
    milestone_id: int | None = None
    parent_id: int | None = None


def post(target: Target, data: CommentData) -> Comment:
    """Store a comment, unpublished until its e-mail is confirmed, and send
    the link that confirms it."""
    with transaction.atomic():
        plan = ActionPlan.objects.prefetch_related("stages").filter(pk=target.plan_id).first()
        if plan is None:
            raise Refused(_("This plan does not exist."))
        _check_open(plan)
        commitment, section, milestone, parent = _resolve(plan, target)
        comment = Comment.objects.create(
            plan=plan,
            commitment=commitment,
            section=section,
            milestone=milestone,
            parent=parent,
            origin=plan.origin,
            stance=data.stance,
            text=data.text,
            name=data.name,
            sector=data.sector,
            region=data.region,
            email=data.email,
            language=data.language,
            consent_at=timezone.now(),
        )
        activity.log(None, "comment.received", comment)
        if comment.origin in NOTIFIED_ORIGINS:
            queue_email(
                f"comment-confirm:{comment.pk}",
                comment.email,
                "comment_confirm",
                _context(comment, plan, commitment),
                language=comment.language,
            )
    return comment


def _resolve(plan: ActionPlan, target: Target):
    """The commitment, section, milestone and parent the target names, each
    checked against the plan (a forged id is refused, not trusted)."""
    parent = None
    if target.parent_id is not None:
        parent = (
            Comment.objects.filter(pk=target.parent_id, plan=plan, status__in=COUNTED)
            .select_related("commitment")
            .first()
        )
        if parent is None:
            raise Refused(_("The comment you reply to does not exist or is not public."))
        if parent.parent_id is not None:
            raise Refused(_("Replies go one level deep: reply to the first comment."))
        return parent.commitment, Section.WHOLE, None, parent
    commitment = None
    if target.commitment_id is not None:
        commitment = Commitment.objects.filter(pk=target.commitment_id, plan=plan).first()
        if commitment is None:
            raise Refused(_("This commitment is not part of the draft plan."))
    section = target.section if commitment is not None else Section.WHOLE
    if section not in Section.values:
        raise Refused(_("Choose one of the sections of the commitment."))
    milestone = None
    if section == Section.MILESTONE:
        milestone = Milestone.objects.filter(pk=target.milestone_id, commitment=commitment).first()
        if milestone is None:
            raise Refused(_("Choose one of the commitment's milestones."))
    return commitment, section, milestone, None


def confirm(token: str) -> Comment:
    """The person opened the link in their e-mail: the comment is published
    and counted. A second click changes nothing; after the stage closed it
    cannot be published any more."""
    with transaction.atomic():
        comment = (
            Comment.objects.select_for_update(of=("self",))
            .select_related("plan")
            .filter(token=token)
            .first()
        )
        if comment is None:
            raise Comment.DoesNotExist
        if comment.status != CommentStatus.PENDING:
            return comment
        _check_open(ActionPlan.objects.prefetch_related("stages").get(pk=comment.plan_id))
        comment.status = CommentStatus.PUBLISHED
        comment.confirmed_at = timezone.now()
        comment.save(update_fields=["status", "confirmed_at"])
        activity.log(None, "comment.confirmed", comment, public=True)
    return comment


# --- Flags and moderation --------------------------------------------------------------


def flagger_key(address: str) -> str:
    """Who flagged, as a keyed hash of their address: it counts each person
    once without keeping the address."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"comment-flag:{address}".encode(), hashlib.sha256).hexdigest()


def flag(comment_id: int, reason: str, note: str, flagger: str) -> Comment:
    """Someone reports a comment; the third person to do so hides it until a
    moderator decides."""
    with transaction.atomic():
        comment = Comment.objects.select_for_update().filter(pk=comment_id).first()
        if comment is None or comment.status not in COUNTED:
            raise Refused(_("This comment cannot be reported: it is not public."))
        if reason not in Flag.Reason.values:
            raise Refused(_("Choose a reason from the list."))
        try:
            with transaction.atomic():
                Flag.objects.create(comment=comment, reason=reason, note=note, flagger=flagger)
        except IntegrityError:
            raise Refused(
                _("You already reported this comment. A moderator will review it.")
            ) from None
        activity.log(None, "comment.flagged", comment, reason=reason)
        pending = comment.flags.filter(reviewed_at__isnull=True).count()
        if comment.status == CommentStatus.PUBLISHED and pending >= FLAGS_TO_HIDE:
            comment.status = CommentStatus.FLAGGED
            comment.save(update_fields=["status"])
            activity.log(None, "comment.hidden_by_flags", comment, flags=pending)
    return comment


def hide(comment_id: int, reason: str, actor) -> Comment:
    """A moderator hides a comment with a public reason (shown in its place)."""
    reason = reason.strip()
    if not reason:
        raise Refused(_("Say why the comment is hidden: the reason is shown in its place."))
    return _moderate(comment_id, CommentStatus.HIDDEN, reason, actor, "comment.hidden")


def restore(comment_id: int, actor) -> Comment:
    """A moderator shows a flagged or hidden comment again."""
    return _moderate(comment_id, CommentStatus.PUBLISHED, "", actor, "comment.restored")


def _moderate(comment_id: int, status: str, reason: str, actor, action: str) -> Comment:
    with transaction.atomic():
        comment = Comment.objects.select_for_update().filter(pk=comment_id).first()
        if comment is None or comment.status == CommentStatus.PENDING:
            raise Refused(_("This comment is not published: there is nothing to moderate."))
        now = timezone.now()
        comment.status = status
        comment.hidden_reason = reason
        comment.moderated_at = now
        comment.moderated_by = actor if getattr(actor, "is_authenticated", False) else None
        comment.save(update_fields=["status", "hidden_reason", "moderated_at", "moderated_by"])
        comment.flags.filter(reviewed_at__isnull=True).update(reviewed_at=now)
        activity.log(actor, action, comment, public=True, message=reason)
    return comment


# --- Reasoned responses ----------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    outcome: str
    reason: str
    version_id: int | None = None
    # Per-comment reasons that replace the shared one: {comment id: reason}.
    own_reasons: dict[int, str] = field(default_factory=dict)


def respond(comment_ids: Iterable[int], answer: Answer, actor) -> tuple[int, list[str]]:
    """Answer each comment (a new response, or a change to its response).
    Returns how many were answered and, for the others, why not. Each
    comment is its own transaction: one that cannot be answered never
    undoes the others. The commenter is e-mailed once, the first time."""
    if answer.outcome not in Outcome.values:
        raise Refused(_("Choose one of the outcomes."))
    done, problems = 0, []
    for comment_id in comment_ids:
        reason = (answer.own_reasons.get(comment_id) or answer.reason).strip()
        try:
            _respond_one(comment_id, answer, reason, actor)
        except Refused as refusal:
            problems.append(f"#{comment_id}: {refusal}")
        else:
            done += 1
    return done, problems


def _respond_one(comment_id: int, answer: Answer, reason: str, actor) -> Response:
    if not reason:
        raise Refused(_("Give the reason for the response."))
    with transaction.atomic():
        comment = (
            Comment.objects.select_for_update(of=("self",))
            .select_related("plan", "commitment")
            .filter(pk=comment_id)
            .first()
        )
        if comment is None:
            raise Refused(_("This comment no longer exists."))
        if comment.status not in COUNTED:
            raise Refused(_("Only published comments are answered."))
        version = None
        if answer.version_id is not None:
            version = CommitmentVersion.objects.filter(
                pk=answer.version_id, commitment_id=comment.commitment_id
            ).first()
            if version is None:
                raise Refused(_("The change named is not a version of this commitment."))
        now = timezone.now()
        author = actor if getattr(actor, "is_authenticated", False) else None
        response, created = Response.objects.update_or_create(
            comment=comment,
            defaults={
                "outcome": answer.outcome,
                "reason": reason,
                "version": version,
                "updated_at": now,
                "author": author,
            },
        )
        activity.log(
            actor,
            "comment.answered" if created else "comment.answer_changed",
            comment,
            public=True,
            message=reason,
            outcome=answer.outcome,
        )
        if comment.origin in NOTIFIED_ORIGINS:
            context = _context(comment, comment.plan, comment.commitment)
            with translation.override(comment.language):
                context |= {
                    "outcome": str(response.get_outcome_display()),
                    "reason": response.reason,
                }
            queue_email(
                f"comment-response:{comment.pk}",
                comment.email,
                "comment_response",
                context,
                language=comment.language,
            )
    return response


def mark_answered(plan_id: int, actor) -> Consultation:
    """Staff declare the consultation answered: refused while the stage is
    open or while one counted comment lacks a response."""
    with transaction.atomic():
        plan = ActionPlan.objects.select_for_update().prefetch_related("stages").get(pk=plan_id)
        stage = consultation_stage(plan)
        if stage is None:
            raise Refused(_("This plan has no public consultation in its calendar."))
        if stage.ends_at > timezone.now():
            raise Refused(_("The consultation is still open: it can be answered once it closes."))
        waiting = awaiting(plan).count()
        if waiting:
            raise Refused(
                _(
                    "%(count)d comment(s) still lack a response. Answer every comment "
                    "before marking the consultation answered."
                )
                % {"count": waiting}
            )
        consultation, _created = Consultation.objects.get_or_create(plan=plan)
        if consultation.answered_at is None:
            consultation.answered_at = timezone.now()
            consultation.answered_by = actor if getattr(actor, "is_authenticated", False) else None
            consultation.save(update_fields=["answered_at", "answered_by"])
            activity.log(actor, "consultation.answered", consultation, public=True)
    return consultation


def awaiting(plan: ActionPlan):
    """The counted comments of ``plan`` still without a response."""
    return Comment.objects.filter(plan=plan, status__in=COUNTED, response__isnull=True)


# --- Versions of a commitment's text -----------------------------------------------------


def content_of(commitment: Commitment) -> dict:
    """The text of a commitment as a version keeps it."""
    return {
        **{name: getattr(commitment, name) for name in TEXT_FIELDS},
        "milestones": [
            {
                "number": m.number,
                "title": m.title,
                "deliverable": m.deliverable,
                "start_date": m.start_date.isoformat() if m.start_date else "",
                "end_date": m.end_date.isoformat() if m.end_date else "",
            }
            for m in commitment.milestones.order_by("number")
        ],
    }


def _snapshot(commitment: Commitment, kind: str, actor=None, summary: str = ""):
    number = (commitment.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return CommitmentVersion.objects.create(
        commitment=commitment,
        number=number,
        kind=kind,
        content=content_of(commitment),
        summary=summary,
        author=actor if getattr(actor, "is_authenticated", False) else None,
    )


def open_consultation(plan: ActionPlan) -> int:
    """Freeze the text of each commitment of the draft plan, as put to
    consultation. Idempotent: a commitment frozen already is left alone."""
    with transaction.atomic():
        consultation, _created = Consultation.objects.get_or_create(plan=plan)
        if consultation.opened_at is None:
            consultation.opened_at = timezone.now()
            consultation.save(update_fields=["opened_at"])
        frozen = 0
        commitments = plan.commitments.exclude(versions__kind=CommitmentVersion.Kind.CONSULTED)
        for commitment in commitments.select_for_update():
            _snapshot(commitment, CommitmentVersion.Kind.CONSULTED)
            frozen += 1
        if frozen:
            activity.log(None, "consultation.opened", consultation, public=True, frozen=frozen)
    return frozen


@dataclass(frozen=True)
class MilestoneText:
    title: str
    deliverable: str
    start_date: dt.date | None
    end_date: dt.date | None


@dataclass(frozen=True)
class Revision:
    title: str
    problem: str
    description: str
    expected_results: str
    milestones: list[MilestoneText]
    summary: str


def revise(commitment_id: int, revision: Revision, actor) -> CommitmentVersion:
    """Staff change a commitment's text after the consultation: the new text
    becomes a version, to compare with the one consulted."""
    with transaction.atomic():
        commitment = (
            Commitment.objects.select_for_update(of=("self",))
            .select_related("plan")
            .filter(pk=commitment_id)
            .first()
        )
        if commitment is None:
            raise Refused(_("This commitment no longer exists."))
        if not commitment.versions.filter(kind=CommitmentVersion.Kind.CONSULTED).exists():
            raise Refused(
                _("This commitment was not put to consultation: its text has no version yet.")
            )
        if engine.is_open(commitment.plan, StageKind.CONSULTATION):
            raise Refused(
                _("The consultation is open: the text cannot change while people comment on it.")
            )
        for name in TEXT_FIELDS:
            setattr(commitment, name, getattr(revision, name))
        commitment.save(update_fields=list(TEXT_FIELDS))
        _replace_milestones(commitment, revision.milestones)
        version = _snapshot(
            commitment, CommitmentVersion.Kind.REVISED, actor, revision.summary.strip()
        )
        activity.log(actor, "commitment.revised", commitment, public=True, version=version.number)
    return version


def _replace_milestones(commitment: Commitment, milestones: list[MilestoneText]) -> None:
    """Milestones keep their rows by number (comments and progress point at
    them); ones beyond the new list go."""
    for number, text in enumerate(milestones, start=1):
        Milestone.objects.update_or_create(
            commitment=commitment,
            number=number,
            defaults={
                "title": text.title,
                "deliverable": text.deliverable,
                "start_date": text.start_date,
                "end_date": text.end_date,
            },
        )
    commitment.milestones.filter(number__gt=len(milestones)).delete()


# --- Publication (stage 7) ----------------------------------------------------------------


def publish(plan: ActionPlan, event: StageEvent | None = None) -> Publication | None:
    """The plan becomes published: once, whoever calls it again. A plan in
    co-creation moves into implementation. Returns None if it was already."""
    with transaction.atomic():
        plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        publication, created = Publication.objects.get_or_create(
            plan=plan, defaults={"event": event}
        )
        if not created:
            return None
        if plan.status == ActionPlan.Status.COCREATION:
            plan.status = ActionPlan.Status.IMPLEMENTATION
            plan.save(update_fields=["status"])
        activity.log(None, "plan.published", plan, public=True)
    return publication


# --- E-mails -----------------------------------------------------------------------------


def _context(comment: Comment, plan: ActionPlan, commitment: Commitment | None) -> dict:
    with translation.override(comment.language):
        if commitment is not None:
            page = reverse("consultation:commitment", args=[plan.slug, commitment.number])
        else:
            page = reverse("consultation:plan", args=[plan.slug])
        return {
            "name": comment.name,
            "plan_title": plan.title,
            "commitment_title": commitment.title if commitment else "",
            "text": comment.text,
            "page_url": f"{settings.SITE_URL}{page}#comentario-{comment.pk}",
            "confirm_url": settings.SITE_URL
            + reverse("consultation:confirm", args=[comment.token]),
        }


# --- Personal data -------------------------------------------------------------------------


def prune(cutoff: dt.datetime) -> dict[str, int]:
    """Erase commenters' e-mails and who flagged, once their consultation
    closed before ``cutoff``; comments never confirmed go whole. The public
    comments, their names or pseudonyms and their responses stay."""
    closed = Stage.objects.filter(kind=StageKind.CONSULTATION, ends_at__lt=cutoff).values("plan_id")
    unconfirmed, _ = Comment.objects.filter(
        plan_id__in=closed, status=CommentStatus.PENDING
    ).delete()
    erased = Comment.objects.filter(plan_id__in=closed).exclude(email="").update(email="")
    flags = (
        Flag.objects.filter(comment__plan_id__in=closed)
        .exclude(flagger="")
        .update(flagger="", note="")
    )
    return {
        "unconfirmed comments deleted": unconfirmed,
        "commenters' e-mails erased": erased,
        "flags made anonymous": flags,
    }
