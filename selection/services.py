"""Every write of the selection: a member's assessment of a draft, the
Mesa's decision on it, and the publication of the selection report.

A decision is final: a selected draft becomes a commitment of the draft plan
(``Draft.commitment`` keeps the lineage: its table, sessions, proposals and
versions stay on the draft), and the proposals behind it move to selected or
not selected through the proposals' status machine, each with the public
reason and one e-mail to its proposer."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import activity
from plans.models import ActionPlan, Commitment, ForumMember, Milestone, OGPValue
from proposals.models import Status
from proposals.services import Change, TransitionNotAllowed, transition
from worktables.models import Draft

from . import smart
from .models import (
    Assessment,
    AssessmentRevision,
    Decision,
    DecisionEvent,
    Feasibility,
    Outcome,
    Potential,
    SelectionReport,
)


class SelectionRefused(Exception):
    """The change cannot be made as asked; the message says why."""


def _person(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# --- Assessments ----------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """What a member submits about a draft; an observer's has a comment only."""

    verifiable: bool | None = None
    values: tuple[str, ...] = ()
    potential: str = ""
    feasibility: str = ""
    comment: str = ""

    @property
    def has_scores(self) -> bool:
        return (
            self.verifiable is not None
            or bool(self.values)
            or bool(self.potential)
            or bool(self.feasibility)
        )

    def as_dict(self) -> dict:
        return {
            "verifiable": self.verifiable,
            "values": sorted(self.values),
            "potential": self.potential,
            "feasibility": self.feasibility,
            "comment": self.comment,
        }


def _check_score(member: ForumMember, score: Score) -> None:
    if member.is_observer:
        if score.has_scores:
            raise SelectionRefused(_("Observers may comment on a draft, but not score it."))
        if not score.comment.strip():
            raise SelectionRefused(_("Write your comment."))
        return
    if score.verifiable is None or not score.potential or not score.feasibility:
        raise SelectionRefused(
            _("Score every criterion: verifiable, potential for results and feasibility.")
        )
    if (
        score.potential not in Potential.values
        or score.feasibility not in Feasibility.values
        or not set(score.values) <= set(OGPValue.values)
    ):
        raise SelectionRefused(_("Choose one of the options offered for each criterion."))


def assess(draft_id: int, member: ForumMember, score: Score, actor=None) -> Assessment:
    """Record ``member``'s assessment of a published draft. A second
    submission changes the first and adds a revision: the history keeps both.
    Closed once the Mesa has decided on the draft."""
    _check_score(member, score)
    with transaction.atomic():
        # The draft's row lock orders this against a decision on the same draft.
        draft = Draft.objects.select_for_update().filter(pk=draft_id).first()
        if draft is None or draft.published_at is None:
            raise SelectionRefused(_("This draft is not public, or no longer exists."))
        if Decision.objects.filter(draft=draft).exists():
            raise SelectionRefused(
                _("The Mesa has decided on this draft: its assessments are closed.")
            )
        now = timezone.now()
        values = {
            "verifiable": score.verifiable,
            **{value: value in score.values for value in OGPValue.values},
            "potential": score.potential,
            "feasibility": score.feasibility,
            "comment": score.comment.strip(),
            "updated_at": now,
        }
        assessment = Assessment.objects.filter(draft=draft, member=member).first()
        if assessment is None:
            assessment = Assessment.objects.create(
                draft=draft, member=member, submitted_at=now, **values
            )
        else:
            for name, value in values.items():
                setattr(assessment, name, value)
            assessment.revision += 1
            assessment.save()
        AssessmentRevision.objects.create(
            assessment=assessment,
            number=assessment.revision,
            submitted_at=now,
            author=_person(actor),
            content=score.as_dict(),
        )
        activity.log(actor, "assessment.submitted", assessment, message=f"r{assessment.revision}")
    return assessment


# --- Decisions --------------------------------------------------------------------


class _AlreadyDecided(Exception):
    def __init__(self, decision: Decision):
        self.decision = decision


def site_path(name: str, *args) -> str:
    """A page's address in the site's first language, for a trail step that is
    stored once and read in any language."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, args=args)


def decide(
    draft_id: int, outcome: str, public_reason: str, actor=None, override_reason: str = ""
) -> Decision:
    """Record the Mesa's decision on a published draft, once. Selecting a draft
    with SMART findings needs ``override_reason``. A second decision, even one
    sent at the same moment, is refused and leaves a line in the history."""
    public_reason, override_reason = public_reason.strip(), override_reason.strip()
    if outcome not in Outcome.values:
        raise SelectionRefused(_("Choose whether the draft is selected or not."))
    if not public_reason:
        raise SelectionRefused(
            _(
                "Write the public reason: it is published with the decision and sent to "
                "the proposers."
            )
        )
    try:
        with transaction.atomic():
            decision = _decide(draft_id, outcome, public_reason, override_reason, actor)
    except _AlreadyDecided as conflict:
        _record_refusal(draft_id, outcome, public_reason, actor, conflict.decision)
        earlier = conflict.decision
        raise SelectionRefused(
            _(
                "Someone else recorded the decision on this draft a moment ago: "
                "“%(outcome)s”, on %(date)s. That decision stands; yours was not recorded."
            )
            % {
                "outcome": earlier.get_outcome_display(),
                "date": formats.date_format(
                    timezone.localtime(earlier.decided_at), "DATETIME_FORMAT"
                ),
            }
        ) from None
    return decision


def _decide(
    draft_id: int, outcome: str, public_reason: str, override_reason: str, actor
) -> Decision:
    draft = (
        Draft.objects.select_for_update(of=("self",))
        .select_related("table__plan", "responsible_institution")
        .filter(pk=draft_id)
        .first()
    )
    if draft is None:
        raise SelectionRefused(_("This draft no longer exists."))
    existing = Decision.objects.filter(draft=draft).first()
    if existing is not None:
        raise _AlreadyDecided(existing)
    if draft.published_at is None:
        raise SelectionRefused(
            _("Only a published draft can be decided: its table's results are not public yet.")
        )
    plan = draft.table.plan
    findings = smart.check(draft, plan)
    selected = outcome == Outcome.SELECTED
    if selected and draft.responsible_institution_id is None:
        raise SelectionRefused(
            _(
                "A commitment needs a responsible institution: the table must choose it "
                "in the draft before the draft can be selected."
            )
        )
    if selected and findings and not override_reason:
        raise SelectionRefused(
            ngettext(
                "The draft has %(count)d unresolved SMART finding. Fix the draft, or "
                "override the finding and say why.",
                "The draft has %(count)d unresolved SMART findings. Fix the draft, or "
                "override the findings and say why.",
                len(findings),
            )
            % {"count": len(findings)}
        )
    decision = Decision.objects.create(
        draft=draft,
        outcome=outcome,
        public_reason=public_reason,
        override_reason=override_reason if selected and findings else "",
        findings=[finding.as_dict() for finding in findings],
        draft_version=draft.version,
        decided_by=_person(actor),
    )
    commitment = None
    if selected:
        commitment = _commitment_from(draft, plan, decision)
        draft.commitment = commitment
        draft.save(update_fields=["commitment"])
    moved = _move_proposals(draft, decision, commitment, actor)
    DecisionEvent.objects.create(
        draft=draft,
        action=DecisionEvent.Action.DECIDED,
        outcome=outcome,
        public_reason=public_reason,
        note=(
            _("Commitment No. %(number)d of the draft plan.") % {"number": commitment.number}
            if commitment
            else ""
        ),
        actor=_person(actor),
    )
    activity.log(
        actor, f"draft.{outcome}", draft, public=True, message=public_reason, proposals=moved
    )
    return decision


def _record_refusal(draft_id: int, outcome: str, reason: str, actor, earlier: Decision) -> None:
    with transaction.atomic():
        draft = Draft.objects.only("pk").filter(pk=draft_id).first()
        if draft is None:
            return
        with translation.override(settings.LANGUAGE_CODE):
            note = _("Already decided: “%(outcome)s”, at %(date)s.") % {
                "outcome": earlier.get_outcome_display(),
                "date": formats.date_format(
                    timezone.localtime(earlier.decided_at), "DATETIME_FORMAT"
                ),
            }
        DecisionEvent.objects.create(
            draft=draft,
            action=DecisionEvent.Action.REFUSED,
            outcome=outcome,
            public_reason=reason,
            note=note,
            actor=_person(actor),
        )
        activity.log(actor, "draft.decision_refused", draft, message=note)


def _commitment_from(draft: Draft, plan: ActionPlan, decision: Decision) -> Commitment:
    """The draft as a commitment of the draft plan, with its milestones."""
    # Numbers are given one decision at a time within a plan.
    ActionPlan.objects.select_for_update().filter(pk=plan.pk).first()
    number = (Commitment.objects.filter(plan=plan).aggregate(Max("number"))["number__max"] or 0) + 1
    with translation.override(settings.LANGUAGE_CODE):
        note = _(
            "From the commitment draft “%(title)s” of the work table “%(table)s” "
            "(version %(version)d), selected by the Open Government Forum on %(date)s: "
            "%(url)s"
        ) % {
            "title": draft.title,
            "table": draft.table.name,
            "version": draft.version,
            "date": formats.date_format(timezone.localtime(decision.decided_at), "DATE_FORMAT"),
            "url": settings.SITE_URL.rstrip("/") + site_path("worktables:draft", draft.pk),
        }
        if draft.actors.strip():
            note += " " + _("Actors the table named: %(actors)s.") % {
                "actors": " ".join(draft.actors.split()).rstrip(".")
            }
    commitment = Commitment.objects.create(
        plan=plan,
        number=number,
        title=draft.title,
        responsible_institution_id=draft.responsible_institution_id,
        problem=draft.problem,
        description=draft.description,
        expected_results=draft.expected_results,
        **{value: getattr(draft, value) for value in OGPValue.values},
        source_note=note,
    )
    Milestone.objects.bulk_create(
        Milestone(
            commitment=commitment,
            number=milestone.number,
            title=milestone.title,
            deliverable=milestone.deliverable,
            start_date=milestone.start_date,
            end_date=milestone.end_date,
        )
        for milestone in draft.milestones.order_by("number")
    )
    return commitment


def _move_proposals(draft: Draft, decision: Decision, commitment: Commitment | None, actor) -> int:
    """Each proposal the draft integrated becomes selected or not selected,
    with the public reason, a trail step that links to the commitment (or to
    the selection report) and one e-mail. One that moved on meanwhile is left
    as it is."""
    plan = draft.table.plan
    with translation.override(settings.LANGUAGE_CODE):
        if commitment is not None:
            label = _("Commitment No. %(number)d of the draft plan: %(title)s") % {
                "number": commitment.number,
                "title": commitment.title,
            }
            url = site_path("plans:commitment_detail", plan.slug, commitment.number)
        else:
            label = _("The Open Government Forum's selection report")
            url = site_path("selection:report", plan.slug)
    status = Status.SELECTED if decision.is_selected else Status.NOT_SELECTED
    moved = 0
    for proposal_id in draft.links.order_by("pk").values_list("proposal_id", flat=True):
        try:
            transition(
                proposal_id,
                Change(
                    status,
                    expected_status=Status.INTEGRATED,
                    public_reason=decision.public_reason,
                    commitment=commitment,
                    link_label=label,
                    link_url=url,
                ),
                actor,
            )
        except TransitionNotAllowed:
            continue
        moved += 1
    return moved


# --- The report -------------------------------------------------------------------


def publish_report(plan: ActionPlan, actor=None) -> tuple[SelectionReport, bool]:
    """Make the plan's selection report public; (report, whether it is new).
    Running it again changes nothing."""
    with transaction.atomic():
        report, created = SelectionReport.objects.get_or_create(plan=plan)
        if created:
            activity.log(actor, "selection.report_published", report, public=True)
    return report, created
