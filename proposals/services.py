"""Every write to a proposal. A status changes only through :func:`transition`
(or the helpers built on it), under a row lock, and leaves a history entry."""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import activity, cache
from core.mail import queue_email
from core.models import Origin
from plans.models import ActionPlan, Commitment
from stages import engine
from stages.models import Stage, StageKind

from .models import ActorRole, NotAdmittedReason, Proposal, ProposalEvent, Status

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: easy to read aloud


class ReceptionClosed(Exception):
    """The plan's reception stage is not open."""


class TransitionNotAllowed(Exception):
    """The proposal is not in a status that allows the change; the message
    says so in words a moderator understands."""


# From each status, where a moderator may take a proposal.
ALLOWED = {
    Status.RECEIVED: {Status.PUBLISHED, Status.NOT_ADMITTED, Status.MERGED},
    Status.PUBLISHED: {Status.ASSIGNED, Status.NOT_ADMITTED, Status.MERGED, Status.NOT_SELECTED},
    Status.NOT_ADMITTED: {Status.PUBLISHED},
    # ASSIGNED to ASSIGNED: moved to another work table (worktables.services).
    Status.ASSIGNED: {Status.ASSIGNED, Status.INTEGRATED, Status.MERGED, Status.NOT_SELECTED},
    Status.INTEGRATED: {Status.SELECTED, Status.NOT_SELECTED},
    Status.SELECTED: set(),
    Status.NOT_SELECTED: set(),
    Status.MERGED: set(),
}


def normalise(text: str) -> str:
    """Lower case without accents: "Participación" and "participacion" match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def search_document(proposal: Proposal) -> str:
    parts = [proposal.title, proposal.problem, proposal.description, proposal.activities]
    return normalise(" ".join(parts))


def code_prefix(plan: ActionPlan) -> str:
    if plan.origin == Origin.OFFICIAL and plan.number:
        return f"GA{plan.number}"
    return "GAD" if plan.origin == Origin.DEMO else "GAS"


def new_tracking_code(plan: ActionPlan) -> str:
    """e.g. GA5-7KQ2-M9XD: 8 random characters, about 10^12 possibilities."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{code_prefix(plan)}-{chars[:4]}-{chars[4:]}"


def normalise_code(code: str) -> str:
    """Accept "ga5 7kq2 m9xd" or "GA5-7KQ2-M9XD" alike."""
    chars = "".join(char for char in code.upper() if char.isalnum())
    if len(chars) <= 8:
        return chars
    return f"{chars[:-8]}-{chars[-8:-4]}-{chars[-4:]}"


@transaction.atomic
def submit(plan: ActionPlan, proposal: Proposal) -> Proposal:
    """Store a citizen's proposal, then queue the e-mail with its tracking code.

    The e-mail is a row in the outbox written in this same transaction, so a
    broker that is down delays the e-mail but never loses the proposal."""
    if not engine.is_open(plan, StageKind.RECEPTION):
        raise ReceptionClosed
    proposal.plan = plan
    proposal.origin = plan.origin
    proposal.public_name = proposal.name if proposal.show_name else ""
    proposal.status = Status.RECEIVED
    proposal.consent_at = timezone.now()
    proposal.search_document = search_document(proposal)
    for _attempt in range(5):
        proposal.tracking_code = new_tracking_code(plan)
        try:
            with transaction.atomic():
                proposal.save()
            break
        except IntegrityError:
            if Proposal.objects.filter(tracking_code=proposal.tracking_code).exists():
                continue  # a one-in-a-trillion collision: draw again
            raise
    ProposalEvent.objects.create(
        proposal=proposal, to_status=Status.RECEIVED, actor_role=ActorRole.PROPOSER
    )
    queue_email(
        f"proposal-received:{proposal.pk}",
        proposal.email,
        "proposal_received",
        _mail_context(proposal),
        language=proposal.language,
    )
    return proposal


@dataclass(frozen=True)
class Change:
    """What a moderator asks for, and the status they saw when they asked."""

    to_status: str
    expected_status: str | None = None
    public_reason: str = ""
    internal_note: str = ""
    not_admitted_reason: str = ""
    merged_into: Proposal | None = None
    commitment: Commitment | None = None
    # Where the step leads when another app owns it (a work table, a draft):
    # shown as a link in the proposal's public trail.
    link_label: str = ""
    link_url: str = ""


def transition(proposal_id: int, change: Change, actor=None) -> ProposalEvent:
    """Move a proposal to another status. Raises TransitionNotAllowed when the
    current status does not allow it, or when someone else changed the
    proposal since the moderator loaded it (``expected_status``)."""
    with transaction.atomic():
        ids = [proposal_id] + ([change.merged_into.pk] if change.merged_into else [])
        # Lock in id order so two merges in opposite directions cannot deadlock.
        locked = {p.pk: p for p in Proposal.objects.select_for_update().filter(pk__in=sorted(ids))}
        proposal = locked.get(proposal_id)
        if proposal is None:  # deleted, or never existed (a stale or crafted page)
            raise TransitionNotAllowed(_("This proposal no longer exists."))
        _check(proposal, change, locked)
        event = _apply(proposal, change, actor, locked)
    return event


def _check(proposal: Proposal, change: Change, locked: dict[int, Proposal]) -> None:
    current = Status(proposal.status)
    if change.expected_status and change.expected_status != current:
        raise TransitionNotAllowed(
            _(
                "Someone else changed this proposal a moment ago: it is now "
                "“%(status)s”. Review it and try again."
            )
            % {"status": current.label}
        )
    if change.to_status not in ALLOWED[current]:
        raise TransitionNotAllowed(
            _("A proposal that is “%(current)s” cannot become “%(new)s”.")
            % {"current": current.label, "new": Status(change.to_status).label}
        )
    if change.to_status == Status.NOT_ADMITTED and not change.not_admitted_reason:
        raise TransitionNotAllowed(_("Choose why the proposal is not admitted."))
    if change.to_status == Status.ASSIGNED and not change.link_label:
        raise TransitionNotAllowed(_("Choose the work table."))
    # Integrated into a commitment, or into something another app owns and
    # links to (a work table's commitment draft).
    if change.to_status == Status.INTEGRATED and not (change.commitment or change.link_url):
        raise TransitionNotAllowed(
            _("Choose the commitment draft or the commitment it was integrated into.")
        )
    if change.to_status == Status.SELECTED and not (change.commitment or proposal.commitment_id):
        raise TransitionNotAllowed(_("Choose the commitment it was selected for."))
    if change.commitment and change.commitment.plan_id != proposal.plan_id:
        raise TransitionNotAllowed(_("Choose a commitment of the proposal's own plan."))
    if change.to_status == Status.MERGED:
        survivor = locked.get(change.merged_into.pk) if change.merged_into else None
        if survivor is None or survivor.pk == proposal.pk:
            raise TransitionNotAllowed(_("Choose another proposal to merge into."))
        if survivor.plan_id != proposal.plan_id:
            raise TransitionNotAllowed(_("Only proposals for the same plan can be merged."))
        if survivor.status in (Status.MERGED, Status.NOT_ADMITTED):
            raise TransitionNotAllowed(
                _("The proposal %(code)s cannot receive others: it is “%(status)s”.")
                % {"code": survivor.tracking_code, "status": survivor.get_status_display()}
            )


def _apply(proposal: Proposal, change: Change, actor, locked: dict[int, Proposal]) -> ProposalEvent:
    previous = proposal.status
    proposal.status = change.to_status
    proposal.status_changed_at = timezone.now()
    fields = ["status", "status_changed_at"]
    if change.to_status == Status.NOT_ADMITTED:
        proposal.not_admitted_reason = change.not_admitted_reason
        fields.append("not_admitted_reason")
    if change.merged_into:
        proposal.merged_into = change.merged_into
        fields.append("merged_into")
    if change.commitment:
        proposal.commitment = change.commitment
        fields.append("commitment")
    proposal.save(update_fields=fields)
    public_reason = change.public_reason
    if change.to_status == Status.NOT_ADMITTED and not public_reason:
        public_reason = str(NotAdmittedReason(change.not_admitted_reason).label)
    event = ProposalEvent.objects.create(
        proposal=proposal,
        from_status=previous,
        to_status=change.to_status,
        actor_role=ActorRole.MODERATOR if actor else ActorRole.SYSTEM,
        actor=actor,
        public_reason=public_reason,
        internal_note=change.internal_note,
        related=change.merged_into,
        link_label=change.link_label,
        link_url=change.link_url,
    )
    if change.merged_into:
        # The survivor's trail says what joined it, with its status as locked
        # now, not as the moderator's form saw it.
        survivor = locked[change.merged_into.pk]
        ProposalEvent.objects.create(
            proposal=survivor,
            from_status=survivor.status,
            to_status=survivor.status,
            actor_role=event.actor_role,
            actor=actor,
            public_reason=change.public_reason,
            related=proposal,
        )
    activity.log(
        actor,
        f"proposal.{change.to_status}",
        proposal,
        public=event.is_public,
        message=public_reason,
    )
    queue_email(
        f"proposal-status:{event.pk}",
        proposal.email,
        "proposal_status",
        {**_mail_context(proposal), "reason": public_reason},
        language=proposal.language,
    )
    return event


def bulk_transition(ids: list[int], change: Change, actor=None) -> tuple[int, list[str]]:
    """Apply one change to many proposals, each in its own transaction, so one
    that cannot change does not stop the others. Returns (done, problems)."""
    done, problems = 0, []
    for pk in ids:
        try:
            transition(pk, change, actor)
            done += 1
        except TransitionNotAllowed as refusal:
            code = Proposal.objects.filter(pk=pk).values_list("tracking_code", flat=True).first()
            problems.append(f"{code or f'#{pk}'}: {refusal}")
    return done, problems


def _mail_context(proposal: Proposal) -> dict:
    with translation.override(proposal.language):
        status = str(Status(proposal.status).label)
    return {
        "name": proposal.name,
        "title": proposal.title,
        "tracking_code": proposal.tracking_code,
        "status": proposal.status,
        "status_label": status,
        "tracking_url": settings.SITE_URL.rstrip("/")
        + reverse("proposals:track_code", args=[proposal.tracking_code]),
    }


# --- Personal data ----------------------------------------------------------------

ERASED_FIELDS = {
    "name": "",
    "public_name": "",
    "email": "",
    "organisation": "",
    "show_name": False,
}


def erase_personal_data(proposal_id: int, actor=None, reason: str = "") -> bool:
    """Erase who proposed it; the proposal and its public trail stay. Returns
    False if it was erased already."""
    with transaction.atomic():
        erased = Proposal.objects.filter(
            pk=proposal_id, personal_data_erased_at__isnull=True
        ).update(**ERASED_FIELDS, personal_data_erased_at=timezone.now())
        if erased:
            cache.bump()  # a shown name leaves the public pages
            proposal = Proposal.objects.only("pk").get(pk=proposal_id)
            activity.log(actor, "proposal.personal_data_erased", proposal, message=reason)
    return bool(erased)


def request_erasure(code: str, email: str) -> bool:
    """A proposer asks to erase their details, proving it with the tracking code
    and the e-mail it was sent to. True when both match and it is done."""
    proposal = (
        Proposal.objects.filter(
            tracking_code=normalise_code(code), personal_data_erased_at__isnull=True
        )
        .only("pk", "email")
        .first()
    )
    if proposal is None or proposal.email.casefold() != email.strip().casefold():
        return False
    return erase_personal_data(proposal.pk, reason="requested by the proposer")


def prune_closed_processes(cutoff) -> dict[str, int]:
    """Erase proposers' details in processes whose calendar ended before
    ``cutoff`` (no stage still open or ahead after it)."""
    still_running = Stage.objects.filter(ends_at__gte=cutoff).values("plan_id")
    ids = list(
        Proposal.objects.filter(created_at__lt=cutoff, personal_data_erased_at__isnull=True)
        .exclude(plan_id__in=still_running)
        .values_list("pk", flat=True)
    )
    count = Proposal.objects.filter(pk__in=ids).update(
        **ERASED_FIELDS, personal_data_erased_at=timezone.now()
    )
    return {"proposals erased": count}


MODERATORS_GROUP = "Mesa de Gobierno Abierto: moderación"


def ensure_moderators_group() -> None:
    """The group to put MGA staff in: they moderate proposals and see the staff
    pages. Add a person with the admin (Users > Groups), marked as staff."""
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="proposals",
            codename__in=["moderate_proposal", "view_proposal"],
        )
    )
