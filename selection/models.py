"""Stage 5 of the calendar: the Mesa de Gobierno Abierto selects, on OGP
criteria, which of the work tables' commitment drafts go into the draft plan.

Each member scores each draft in the IRM's terms (:class:`Assessment`, one
per member and draft; each submission is kept as an
:class:`AssessmentRevision`); an observer may only comment. The forum as a
whole then decides (:class:`Decision`, one per draft, with a public reason);
every attempt, including one refused because another was recorded first,
leaves a :class:`DecisionEvent`. When the stage closes the plan's
:class:`SelectionReport` is published."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import public
from plans.models import ActionPlan, ForumMember, OGPValue
from worktables.models import Draft


class Potential(models.TextChoices):
    """The IRM's potential for results."""

    UNCLEAR = "unclear", pgettext_lazy("potential for results", "Unclear")
    MODEST = "modest", pgettext_lazy("potential for results", "Modest")
    SUBSTANTIAL = "substantial", pgettext_lazy("potential for results", "Substantial")


class Feasibility(models.TextChoices):
    LOW = "low", pgettext_lazy("feasibility", "Low")
    MEDIUM = "medium", pgettext_lazy("feasibility", "Medium")
    HIGH = "high", pgettext_lazy("feasibility", "High")


class Assessment(models.Model):
    """One member's assessment of one draft. A member scores every criterion
    (and may comment); an observer only comments (scores stay empty). A
    second submission changes this row and adds a revision."""

    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("draft")
    )
    member = models.ForeignKey(
        ForumMember,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("forum member"),
    )
    verifiable = models.BooleanField(_("verifiable"), null=True, blank=True)
    # Relevant to which open government values.
    transparency = models.BooleanField(OGPValue.TRANSPARENCY.label, default=False)
    accountability = models.BooleanField(OGPValue.ACCOUNTABILITY.label, default=False)
    participation = models.BooleanField(OGPValue.PARTICIPATION.label, default=False)
    technology = models.BooleanField(OGPValue.TECHNOLOGY.label, default=False)
    potential = models.CharField(
        _("potential for results"), max_length=20, choices=Potential.choices, blank=True
    )
    feasibility = models.CharField(
        _("feasibility"), max_length=10, choices=Feasibility.choices, blank=True
    )
    comment = models.TextField(_("comment"), max_length=3000, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    submitted_at = models.DateTimeField(_("first submitted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last submitted at"), default=timezone.now)

    class Meta:
        ordering = ["draft", "member__order", "member_id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["draft", "member"], name="one_assessment_per_member"),
            models.CheckConstraint(
                condition=(Q(verifiable__isnull=False) & ~Q(potential="") & ~Q(feasibility=""))
                | (
                    Q(verifiable__isnull=True)
                    & Q(potential="")
                    & Q(feasibility="")
                    & ~Q(comment="")
                ),
                name="assessment_scored_or_commented",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.draft_id}"

    @property
    def is_score(self) -> bool:
        return self.verifiable is not None

    @property
    def relevant_values(self) -> list[OGPValue]:
        return [value for value in OGPValue if getattr(self, value.value)]


class AssessmentRevision(models.Model):
    """One submission of an assessment, as submitted: the history shows each."""

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("assessment"),
    )
    number = models.PositiveIntegerField(_("revision"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    # The scores and comment as submitted (see services.Score.as_dict).
    content = models.JSONField(_("content"), default=dict)

    class Meta:
        ordering = ["assessment", "-number"]
        verbose_name = _("assessment revision")
        verbose_name_plural = _("assessment revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "number"], name="unique_assessment_revision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} r{self.number}"


class Outcome(models.TextChoices):
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")


class Decision(models.Model):
    """What the Mesa as a whole decided about a draft, once and for good: the
    proposals behind it have been told. ``findings`` keeps the SMART check as
    it stood, and ``override_reason`` why a draft with findings was selected
    all the same."""

    draft = models.OneToOneField(
        Draft, on_delete=models.CASCADE, related_name="decision", verbose_name=_("draft")
    )
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    public_reason = models.TextField(_("public reason"))
    override_reason = models.TextField(_("why the SMART findings were overridden"), blank=True)
    findings = models.JSONField(_("SMART findings when decided"), default=list, blank=True)
    draft_version = models.PositiveIntegerField(_("version of the draft decided"))
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["draft"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        permissions = [("decide_draft", _("Can record the forum's decision on a commitment draft"))]
        constraints = [
            models.CheckConstraint(condition=~Q(public_reason=""), name="decision_has_a_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.draft_id}: {self.outcome}"

    @property
    def is_selected(self) -> bool:
        return self.outcome == Outcome.SELECTED


class DecisionEvent(models.Model):
    """What happened when someone recorded a decision: done, or refused
    because another decision was recorded first (the staff history)."""

    class Action(models.TextChoices):
        DECIDED = "decided", _("Decision recorded")
        REFUSED = "refused", _("Refused: already decided")

    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, related_name="decision_events", verbose_name=_("draft")
    )
    action = models.CharField(_("what happened"), max_length=10, choices=Action.choices)
    outcome = models.CharField(_("decision asked for"), max_length=20, choices=Outcome.choices)
    public_reason = models.TextField(_("reason given"), blank=True)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        ordering = ["draft", "at", "id"]
        verbose_name = _("decision history entry")
        verbose_name_plural = _("decision history")

    def __str__(self) -> str:
        return f"{self.draft_id}: {self.action}"


class SelectionReport(models.Model):
    """The plan's selection report is public from ``published_at``: when the
    selection stage closes (an engine effect), or earlier if staff publish it."""

    plan = models.OneToOneField(
        ActionPlan,
        on_delete=models.CASCADE,
        related_name="selection_report",
        verbose_name=_("plan"),
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        verbose_name = _("selection report")
        verbose_name_plural = _("selection reports")

    def __str__(self) -> str:
        return f"Selection report of {self.plan_id}"

    def get_absolute_url(self) -> str:
        return reverse("selection:report", args=[self.plan.slug])


# What the public may see (core/public.py). Scores reach the public page added
# up by criterion; a member's comment is an internal note.
SCORE_FIELDS = ["verifiable", *OGPValue.values, "potential", "feasibility"]
public.declare(
    Assessment,
    fields=["id", "draft_id", "member_id", *SCORE_FIELDS, "revision", "submitted_at", "updated_at"],
    personal=["comment"],
)
public.declare(
    AssessmentRevision,
    fields=["id", "assessment_id", "number", "submitted_at"],
    personal=["author", "content"],
    on_pages=False,
)
public.declare(
    Decision,
    fields=[
        "id",
        "draft_id",
        "outcome",
        "public_reason",
        "override_reason",
        "findings",
        "draft_version",
        "decided_at",
    ],
    personal=["decided_by"],
)
public.declare(
    DecisionEvent,
    fields=["id", "draft_id", "action", "outcome", "at"],
    personal=["actor", "note"],
    on_pages=False,
)
public.declare(SelectionReport, fields=["id", "plan_id", "published_at"])
