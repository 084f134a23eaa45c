"""Writes of the work tables: which proposals a table works on, the
commitment drafts it co-creates (each save a version), the minutes of its
sessions, and the publication of its results.

A proposal reaches a table only through :func:`assign`, leaves it untaken
through :func:`set_aside`, and becomes "integrated" when a draft that takes
it up is published (:func:`publish_table`, by staff or by the calendar when
the results stage opens): each step goes through the proposals' status
machine, so its public trail links to the table and to the draft."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import activity, cache
from plans.models import ActionPlan, Institution, OGPValue
from proposals.models import Proposal, ProposalEvent, Status
from proposals.services import Change, TransitionNotAllowed, transition

from ..models import (
    Draft,
    DraftMilestone,
    DraftProposal,
    DraftVersion,
    Event,
    EventKind,
    Minutes,
    MinutesAttachment,
    TableAssignment,
    WorkTable,
)


class DraftRefused(Exception):
    """The draft cannot be saved as asked; the message says why."""


class MinutesRefused(Exception):
    """The minutes cannot be published as asked; the message says why."""


def public_path(name: str, pk: int) -> str:
    """A page's address in the site's first language, for a trail step that
    is stored once and read in any language."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, args=[pk])


def _table_label(table: WorkTable) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Work table: %(name)s") % {"name": table.name}


# --- Proposals at a table ---------------------------------------------------------


def assign(
    proposal_id: int,
    table: WorkTable,
    actor=None,
    public_reason: str = "",
    expected_status: str | None = None,
) -> TableAssignment:
    """Give a published proposal (or one at another table) to ``table``."""
    with transaction.atomic():
        plan_id = Proposal.objects.filter(pk=proposal_id).values_list("plan_id", flat=True).first()
        if plan_id is not None and plan_id != table.plan_id:
            raise TransitionNotAllowed(_("Choose a work table of the proposal's own process."))
        if DraftProposal.objects.filter(proposal_id=proposal_id).exists():
            raise TransitionNotAllowed(
                _("A commitment draft takes this proposal up: remove it from the draft first.")
            )
        transition(
            proposal_id,
            Change(
                Status.ASSIGNED,
                expected_status=expected_status,
                public_reason=public_reason,
                link_label=_table_label(table),
                link_url=public_path("worktables:table", table.pk),
            ),
            actor,
        )
        assignment, _created = TableAssignment.objects.update_or_create(
            proposal_id=proposal_id,
            defaults={"table": table, "assigned_by": actor, "assigned_at": timezone.now()},
        )
    return assignment


def set_aside(
    proposal_id: int,
    table: WorkTable,
    public_reason: str,
    actor=None,
    expected_status: str | None = None,
) -> ProposalEvent:
    """The table did not take the proposal up: it becomes "not selected",
    with the reason in its public trail."""
    if not public_reason.strip():
        raise TransitionNotAllowed(_("Say publicly why the table did not take it up."))
    with transaction.atomic():
        if not TableAssignment.objects.filter(proposal_id=proposal_id, table=table).exists():
            raise TransitionNotAllowed(_("This proposal is not at this table."))
        if DraftProposal.objects.filter(proposal_id=proposal_id).exists():
            raise TransitionNotAllowed(
                _("A commitment draft takes this proposal up: remove it from the draft first.")
            )
        return transition(
            proposal_id,
            Change(
                Status.NOT_SELECTED,
                expected_status=expected_status,
                public_reason=public_reason,
                link_label=_table_label(table),
                link_url=public_path("worktables:table", table.pk),
            ),
            actor,
        )


# --- Commitment drafts --------------------------------------------------------------

DRAFT_FIELDS = (
    "title",
    "problem",
    "description",
    "expected_results",
    "actors",
    "responsible_institution",
    *OGPValue.values,
)


@dataclass(frozen=True)
class MilestoneData:
    number: int
    title: str
    deliverable: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None


@dataclass(frozen=True)
class DraftData:
    title: str
    problem: str
    description: str
    expected_results: str = ""
    actors: str = ""
    responsible_institution: Institution | None = None
    transparency: bool = False
    accountability: bool = False
    participation: bool = False
    technology: bool = False
    milestones: list[MilestoneData] = field(default_factory=list)
    proposal_ids: list[int] = field(default_factory=list)


def save_draft(
    table: WorkTable,
    data: DraftData,
    actor=None,
    draft_id: int | None = None,
    public_reason: str = "",
) -> Draft:
    """Create or change a draft of ``table``; each change that changes
    something keeps a version (who, when, what). Proposals it takes up must be
    at this table; once the draft is public they become "integrated" (with
    ``public_reason`` in their trail, if given)."""
    with transaction.atomic():
        # Locked: a publication of the table waits for this save, or this save
        # sees it (and the draft is public at once).
        table = WorkTable.objects.select_for_update().get(pk=table.pk)
        if draft_id is None:
            draft = Draft(table=table)
            before: dict = {}
        else:
            draft = Draft.objects.select_for_update().get(pk=draft_id, table=table)
            before = _snapshot(draft, list(draft.milestones.all()), _codes(draft))
        codes = _check_proposals(table, draft, data.proposal_ids)
        for name in DRAFT_FIELDS:
            setattr(draft, name, getattr(data, name))
        milestones = [
            DraftMilestone(draft=draft, **vars(milestone))
            for milestone in sorted(data.milestones, key=lambda m: m.number)
        ]
        after = _snapshot(draft, milestones, codes)
        changed = [key for key in after if before.get(key) != after[key]]
        if draft.pk and not changed:
            return draft
        now = timezone.now()
        draft.version = draft.version + 1 if draft.pk else 1
        draft.updated_at = now
        if draft.published_at is None and table.results_published_at is not None:
            draft.published_at = now  # the table's results are public already
        draft.save()
        DraftMilestone.objects.filter(draft=draft).delete()
        DraftMilestone.objects.bulk_create(milestones)
        _link(draft, data.proposal_ids, actor)
        DraftVersion.objects.create(
            draft=draft,
            number=draft.version,
            author=actor if getattr(actor, "is_authenticated", False) else None,
            changed=changed if before else [],
            snapshot=after,
        )
        cache.bump()  # milestones and links change without signals
        activity.log(actor, "draft.saved", draft, message=f"v{draft.version}: {', '.join(changed)}")
        if draft.published_at:
            _integrate(draft, actor, public_reason)
    return draft


def take_up(
    draft_id: int,
    proposal_id: int,
    actor=None,
    public_reason: str = "",
    expected_status: str | None = None,
) -> Draft:
    """One more proposal in a draft of its table, as a moderator decides on
    the proposal's page: a new version of the draft, and the proposal becomes
    integrated at once if the draft is public (otherwise when it is)."""
    with transaction.atomic():
        draft = Draft.objects.select_related("table").filter(pk=draft_id).first()
        if draft is None:
            raise DraftRefused(_("This commitment draft no longer exists."))
        status = Proposal.objects.filter(pk=proposal_id).values_list("status", flat=True).first()
        if expected_status and status != expected_status:
            raise DraftRefused(
                _("Someone else changed this proposal a moment ago. Review it and try again.")
            )
        ids = list(draft.links.values_list("proposal_id", flat=True))
        if proposal_id in ids:
            raise DraftRefused(_("This draft already takes the proposal up."))
        data = _as_data(draft, [*ids, proposal_id])
        return save_draft(draft.table, data, actor, draft_id=draft.pk, public_reason=public_reason)


def _as_data(draft: Draft, proposal_ids: list[int]) -> DraftData:
    """The draft as it stands, taking up ``proposal_ids``."""
    return DraftData(
        **{name: getattr(draft, name) for name in DRAFT_FIELDS},
        milestones=[
            MilestoneData(
                number=m.number,
                title=m.title,
                deliverable=m.deliverable,
                start_date=m.start_date,
                end_date=m.end_date,
            )
            for m in draft.milestones.order_by("number")
        ],
        proposal_ids=proposal_ids,
    )


def _check_proposals(table: WorkTable, draft: Draft, ids: list[int]) -> list[str]:
    """The tracking codes of the proposals asked for, once each is allowed."""
    ids = sorted(set(ids))
    at_table = dict(
        Proposal.objects.filter(pk__in=ids, table_assignment__table=table).values_list(
            "pk", "tracking_code"
        )
    )
    if set(ids) - set(at_table):
        raise DraftRefused(_("A draft can only take up proposals assigned to its table."))
    elsewhere = DraftProposal.objects.filter(proposal_id__in=ids)
    if draft.pk:
        elsewhere = elsewhere.exclude(draft=draft)
    taken = list(elsewhere.values_list("proposal__tracking_code", flat=True))
    if taken:
        raise DraftRefused(
            _("Another draft already takes up: %(codes)s.") % {"codes": ", ".join(sorted(taken))}
        )
    if draft.pk:
        kept = set(ids)
        integrated = draft.links.filter(integrated_at__isnull=False).exclude(proposal_id__in=kept)
        lost = list(integrated.values_list("proposal__tracking_code", flat=True))
        if lost:
            raise DraftRefused(
                _("These proposals are already integrated and stay in the draft: %(codes)s.")
                % {"codes": ", ".join(sorted(lost))}
            )
    statuses = dict(Proposal.objects.filter(pk__in=ids).values_list("pk", "status"))
    linked = set(draft.links.values_list("proposal_id", flat=True)) if draft.pk else set()
    wrong = [at_table[pk] for pk in ids if pk not in linked and statuses[pk] != Status.ASSIGNED]
    if wrong:
        raise DraftRefused(
            _("Only proposals the table is still working on can be taken up: %(codes)s.")
            % {"codes": ", ".join(sorted(wrong))}
        )
    return sorted(at_table[pk] for pk in ids)


def _link(draft: Draft, ids: list[int], actor) -> None:
    draft.links.exclude(proposal_id__in=ids).delete()
    existing = set(draft.links.values_list("proposal_id", flat=True))
    DraftProposal.objects.bulk_create(
        DraftProposal(
            draft=draft,
            proposal_id=pk,
            linked_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for pk in sorted(set(ids) - existing)
    )


def _codes(draft: Draft) -> list[str]:
    return sorted(draft.links.values_list("proposal__tracking_code", flat=True))


def _snapshot(draft: Draft, milestones: list[DraftMilestone], codes: list[str]) -> dict:
    """The draft as plain data: what a version keeps and compares."""
    data: dict = {name: getattr(draft, name) for name in DRAFT_FIELDS}
    institution = draft.responsible_institution
    data["responsible_institution"] = institution.name if institution else ""
    data["milestones"] = [
        {
            "number": m.number,
            "title": m.title,
            "deliverable": m.deliverable,
            "start_date": m.start_date.isoformat() if m.start_date else "",
            "end_date": m.end_date.isoformat() if m.end_date else "",
        }
        for m in milestones
    ]
    data["proposals"] = codes
    return data


def _integrate(draft: Draft, actor=None, public_reason: str = "") -> int:
    """Move the proposals a public draft takes up to "integrated", each with a
    trail step that links to the draft. One that moved on meanwhile (merged,
    set aside) is left as it is."""
    with translation.override(settings.LANGUAGE_CODE):
        label = _("Commitment draft: %(title)s") % {"title": draft.title}
        reason = public_reason or _(
            "The work table “%(table)s” took it up in a commitment draft."
        ) % {"table": draft.table.name}
    done = 0
    for link in draft.links.filter(integrated_at__isnull=True).order_by("pk"):
        try:
            transition(
                link.proposal_id,
                Change(
                    Status.INTEGRATED,
                    expected_status=Status.ASSIGNED,
                    public_reason=reason,
                    link_label=label,
                    link_url=public_path("worktables:draft", draft.pk),
                ),
                actor,
            )
        except TransitionNotAllowed:
            continue
        DraftProposal.objects.filter(pk=link.pk).update(integrated_at=timezone.now())
        done += 1
    return done


# --- Publication of results ---------------------------------------------------------


@dataclass
class Published:
    drafts: int = 0
    minutes: int = 0
    integrated: int = 0

    def __iadd__(self, other: Published) -> Published:
        self.drafts += other.drafts
        self.minutes += other.minutes
        self.integrated += other.integrated
        return self


def save_table(plan: ActionPlan, data: dict, actor, table: WorkTable | None = None) -> WorkTable:
    """Create a work table of ``plan``, or change ``table``: its theme,
    description, facilitators and invited institutions (``data``: a
    WorkTableForm's cleaned data). Logged; the public pages show it at once."""
    with transaction.atomic():
        if table is None:
            table = WorkTable(plan=plan)
            action = "worktable.created"
        else:
            table = WorkTable.objects.select_for_update().get(pk=table.pk, plan=plan)
            action = "worktable.changed"
        for field in ("name", "description", "facilitators"):
            setattr(table, field, data[field])
        table.save()
        table.institutions.set(data.get("institutions", []))
        activity.log(actor, action, table, message=table.name)
        cache.bump()
    return table


def publish_table(table_id: int, actor=None) -> Published:
    """Make a table's drafts and the minutes of its sessions public, and
    integrate the proposals its drafts take up. Running it again publishes
    only what is new."""
    with transaction.atomic():
        table = WorkTable.objects.select_for_update().select_related("plan").get(pk=table_id)
        now = timezone.now()
        if table.results_published_at is None:
            table.results_published_at = now
            table.save(update_fields=["results_published_at"])
        result = Published(
            drafts=Draft.objects.filter(table=table, published_at__isnull=True).update(
                published_at=now
            ),
            minutes=Minutes.objects.filter(event__table=table, published_at__isnull=True).update(
                published_at=now
            ),
        )
        for draft in Draft.objects.filter(table=table).select_related("table").order_by("pk"):
            result.integrated += _integrate(draft, actor)
        cache.bump()  # update() sends no signals
        if result.drafts or result.minutes:
            activity.log(
                actor,
                "worktable.results_published",
                table,
                public=True,
                drafts=result.drafts,
                minutes=result.minutes,
                integrated=result.integrated,
            )
    return result


def publish_plan_results(plan: ActionPlan, actor=None) -> Published:
    """Every table of ``plan``: what the calendar does when results open."""
    result = Published()
    for pk in WorkTable.objects.filter(plan=plan).order_by("pk").values_list("pk", flat=True):
        result += publish_table(pk, actor)
    return result


# --- Minutes ----------------------------------------------------------------------


def save_minutes(event_id: int, text: str, attendance: dict[str, int], actor=None) -> Minutes:
    """Write a session's minutes. Those of a table whose results are public
    are public at once."""
    with transaction.atomic():
        event = (
            Event.objects.select_for_update(of=("self",)).select_related("table").get(pk=event_id)
        )
        minutes, _created = Minutes.objects.get_or_create(
            event=event, defaults={"text": text, "attendance": attendance}
        )
        minutes.text = text
        minutes.attendance = {key: int(n) for key, n in attendance.items() if n}
        minutes.updated_at = timezone.now()
        if (
            minutes.published_at is None
            and event.table is not None
            and event.table.results_published_at is not None
        ):
            minutes.published_at = minutes.updated_at
        minutes.save()
        activity.log(actor, "minutes.saved", minutes)
    return minutes


def add_minutes_document(minutes: Minutes, title: str, upload, actor=None) -> MinutesAttachment:
    with transaction.atomic():
        document = MinutesAttachment(minutes=minutes, title=title, size=upload.size)
        document.file.save("acta.pdf", upload, save=False)
        document.save()
        activity.log(actor, "minutes.document_added", minutes, message=title)
    return document


def publish_minutes(event_id: int, actor=None) -> Minutes:
    """Staff publish an awareness session's minutes. A table's are published
    with its results (stage 4), never one by one before."""
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().select_related("event").get(event_id=event_id)
        if minutes.event.kind != EventKind.AWARENESS:
            raise MinutesRefused(
                _("A work table session's minutes are published with the table's results.")
            )
        if minutes.published_at is None:
            minutes.published_at = timezone.now()
            minutes.save(update_fields=["published_at"])
            activity.log(actor, "minutes.published", minutes, public=True)
    return minutes
