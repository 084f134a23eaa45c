"""Stages 6 and 7 of the calendar: the public consultation of the draft plan
and the published plan.

The draft plan is the commitments of a plan whose consultation stage is set
up. Citizens comment on a commitment (or one of its sections) or on the plan
as a whole; a comment counts only once its e-mail is confirmed; three people
flagging it hide it until a moderator decides; staff answer each one with a
reasoned response (OGP minimum requirement 4.1). A commitment's text is kept
as versions: the one put to consultation and each revision after it, so the
public sees what changed and which comments led to it.

Personal data (a commenter's e-mail, the confirmation token, who flagged)
lives only on :class:`Comment` and :class:`Flag`, declared personal below."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import public
from core.models import Origin
from plans.models import ActionPlan, Commitment, Milestone
from proposals.models import ProposerSector, Region
from stages.models import StageEvent


class Consultation(models.Model):
    """A plan's consultation: when its draft was frozen for comment (the
    stage opened) and when staff declared every comment answered."""

    plan = models.OneToOneField(
        ActionPlan, on_delete=models.CASCADE, related_name="consultation", verbose_name=_("plan")
    )
    opened_at = models.DateTimeField(_("draft frozen for comment at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("every comment answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked answered by"),
    )

    class Meta:
        verbose_name = _("public consultation")
        verbose_name_plural = _("public consultations")

    def __str__(self) -> str:
        return f"Consultation of {self.plan_id}"


class Publication(models.Model):
    """The plan was published (stage 7 opened): one row per plan, made once."""

    plan = models.OneToOneField(
        ActionPlan, on_delete=models.CASCADE, related_name="publication", verbose_name=_("plan")
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    event = models.ForeignKey(
        StageEvent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("calendar event"),
    )

    class Meta:
        verbose_name = _("plan publication")
        verbose_name_plural = _("plan publications")

    def __str__(self) -> str:
        return f"Publication of {self.plan_id}"


class CommitmentVersion(models.Model):
    """One state of a commitment's text: the draft put to consultation, then
    each revision staff made after it."""

    class Kind(models.TextChoices):
        CONSULTED = "consulted", _("Draft put to consultation")
        REVISED = "revised", _("Revised after the consultation")

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="versions", verbose_name=_("commitment")
    )
    number = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # {"title", "problem", "description", "expected_results",
    #  "milestones": [{"number", "title", "deliverable", "start_date", "end_date"}]}
    content = models.JSONField(_("text"), default=dict)
    summary = models.TextField(_("what changed"), blank=True)
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved by"),
    )

    class Meta:
        ordering = ["commitment", "number"]
        verbose_name = _("commitment version")
        verbose_name_plural = _("commitment versions")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "number"], name="unique_commitment_version"
            ),
            models.UniqueConstraint(
                fields=["commitment"],
                condition=Q(kind="consulted"),
                name="one_consulted_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id} v{self.number}"


class Stance(models.TextChoices):
    AGREE = "agree", _("I agree")
    DISAGREE = "disagree", _("I disagree")
    IMPROVE = "improve", _("I propose an improvement")


class Section(models.TextChoices):
    """The part of a commitment a comment is about."""

    WHOLE = "whole", _("The whole text")
    PROBLEM = "problem", _("The problem")
    DESCRIPTION = "description", _("The description")
    RESULTS = "expected_results", _("The expected results")
    MILESTONE = "milestone", _("A milestone")


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("E-mail not confirmed yet")
    PUBLISHED = "published", _("Published")
    FLAGGED = "flagged", _("Hidden until a moderator reviews it")
    HIDDEN = "hidden", _("Hidden by a moderator")


# Shown on the pages (a hidden one as a placeholder with its reason).
SHOWN = [CommentStatus.PUBLISHED, CommentStatus.FLAGGED, CommentStatus.HIDDEN]
# Counted in the figures, and owed a reasoned response.
COUNTED = [CommentStatus.PUBLISHED, CommentStatus.FLAGGED]
FLAGS_TO_HIDE = 3


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class Comment(models.Model):
    """A citizen's comment on the draft plan, on one commitment (optionally
    one of its sections) or on the plan as a whole; or a reply to a comment
    (one level deep). Published and counted once the e-mail is confirmed."""

    plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.CASCADE,
        related_name="consultation_comments",
        verbose_name=_("plan"),
    )
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("commitment"),
    )
    section = models.CharField(
        _("section"), max_length=20, choices=Section.choices, default=Section.WHOLE
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("milestone"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.OFFICIAL
    )
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices)
    text = models.TextField(_("comment"), max_length=3000)
    name = models.CharField(_("name or pseudonym"), max_length=100)
    sector = models.CharField(_("sector"), max_length=20, choices=ProposerSector.choices)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    email = models.EmailField(_("e-mail"), max_length=254)
    consent_at = models.DateTimeField(_("consent given at"))
    language = models.CharField(_("language"), max_length=10, default="es-cl")
    token = models.CharField(_("token"), max_length=64, unique=True, default=_new_token)
    status = models.CharField(
        _("status"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("published at"), null=True, blank=True)
    hidden_reason = models.TextField(_("why it is hidden"), blank=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )

    class Meta:
        ordering = ["confirmed_at", "id"]
        verbose_name = _("consultation comment")
        verbose_name_plural = _("consultation comments")
        permissions = [
            ("moderate_comment", _("Can moderate and answer the consultation's comments"))
        ]
        indexes = [
            # A commitment's (or the plan's) thread, in order: the public pages.
            models.Index(
                fields=["commitment", "status", "confirmed_at", "id"],
                condition=Q(parent__isnull=True),
                name="comment_thread",
            ),
            models.Index(fields=["plan", "status"], name="comment_plan_status"),
            models.Index(fields=["parent", "confirmed_at"], name="comment_replies"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(section="milestone") | Q(milestone__isnull=True),
                name="comment_milestone_matches_section",
            ),
        ]

    def __str__(self) -> str:
        return f"Comment #{self.pk}"

    def get_absolute_url(self) -> str:
        if self.commitment_id:
            url = reverse("consultation:commitment", args=[self.plan.slug, self.commitment.number])
        else:
            url = reverse("consultation:plan", args=[self.plan.slug])
        return f"{url}#comentario-{self.pk}"

    @property
    def is_counted(self) -> bool:
        return self.status in COUNTED


class Flag(models.Model):
    """Someone reported a comment. Who is kept only as a keyed hash of their
    address, to count each person once."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        OFFENSIVE = "offensive", _("Insults, hate or threats")
        PERSONAL_DATA = "personal_data", _("It shows someone's personal data")
        OFF_TOPIC = "off_topic", _("It is not about the draft plan")
        OTHER = "other", _("Another reason")

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="flags", verbose_name=_("comment")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("details"), max_length=500, blank=True)
    flagger = models.CharField(_("who reported it (hashed)"), max_length=64)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    # A moderator's decision settles the flags before it; later ones count anew.
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        ordering = ["comment", "created_at", "id"]
        verbose_name = _("report of a comment")
        verbose_name_plural = _("reports of comments")
        constraints = [
            # Erased flaggers (core.retention) no longer count as anyone.
            models.UniqueConstraint(
                fields=["comment", "flagger"],
                condition=~Q(flagger=""),
                name="one_flag_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Flag of {self.comment_id}"


class Outcome(models.TextChoices):
    INCORPORATED = "incorporated", _("Incorporated")
    PARTLY = "partly", _("Partly incorporated")
    NOT_INCORPORATED = "not_incorporated", _("Not incorporated")
    OUT_OF_SCOPE = "out_of_scope", _("Outside the plan's scope")


class Response(models.Model):
    """The reasoned response to one comment: public under it, and e-mailed to
    the commenter once. It may name the change of the text it led to."""

    comment = models.OneToOneField(
        Comment, on_delete=models.CASCADE, related_name="response", verbose_name=_("comment")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reason = models.TextField(_("reason"), max_length=3000)
    version = models.ForeignKey(
        CommitmentVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("the change it led to"),
    )
    responded_at = models.DateTimeField(_("answered at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )

    class Meta:
        verbose_name = _("reasoned response")
        verbose_name_plural = _("reasoned responses")
        indexes = [models.Index(fields=["outcome"], name="response_outcome")]

    def __str__(self) -> str:
        return f"Response to {self.comment_id}"


# What the public may see (core/public.py). A commenter chose the name or
# pseudonym, the sector and the region to be shown; the e-mail, the token and
# the consent are theirs alone, and who flagged a comment is nobody's business.
public.declare(
    Consultation,
    fields=["id", "plan_id", "opened_at", "answered_at"],
    personal=["answered_by"],
)
public.declare(Publication, fields=["id", "plan_id", "published_at"])
public.declare(
    CommitmentVersion,
    fields=["id", "commitment_id", "number", "kind", "content", "summary", "created_at"],
    personal=["author"],
)
public.declare(
    Comment,
    fields=[
        "id",
        "plan_id",
        "commitment_id",
        "section",
        "milestone_id",
        "parent_id",
        "origin",
        "stance",
        "text",
        "name",
        "sector",
        "region",
        "status",
        "created_at",
        "confirmed_at",
        "hidden_reason",
        "moderated_at",
    ],
    personal=["email", "consent_at", "language", "token", "moderated_by"],
)
public.declare(
    Flag,
    fields=["id", "comment_id", "reason", "created_at", "reviewed_at"],
    personal=["flagger", "note"],
    on_pages=False,
)
public.declare(
    Response,
    fields=[
        "id",
        "comment_id",
        "outcome",
        "reason",
        "version_id",
        "responded_at",
        "updated_at",
    ],
    personal=["author"],
)
