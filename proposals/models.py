"""Citizen proposals for commitments: what was proposed, by whom (kept private),
and every step of what became of it (the public trail)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import public
from core.models import Origin
from plans.models import ActionPlan, Commitment, Institution, OGPValue


class ProposerSector(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    ACADEMIA = "academia", _("Academia")
    PRIVATE = "private", _("Private sector")
    PUBLIC = "public", _("Public sector")


class Region(models.TextChoices):
    ARICA = "arica", "Arica y Parinacota"
    TARAPACA = "tarapaca", "Tarapacá"
    ANTOFAGASTA = "antofagasta", "Antofagasta"
    ATACAMA = "atacama", "Atacama"
    COQUIMBO = "coquimbo", "Coquimbo"
    VALPARAISO = "valparaiso", "Valparaíso"
    METROPOLITANA = "metropolitana", "Metropolitana de Santiago"
    OHIGGINS = "ohiggins", "Libertador General Bernardo O'Higgins"
    MAULE = "maule", "Maule"
    NUBLE = "nuble", "Ñuble"
    BIOBIO = "biobio", "Biobío"
    ARAUCANIA = "araucania", "La Araucanía"
    LOS_RIOS = "los_rios", "Los Ríos"
    LOS_LAGOS = "los_lagos", "Los Lagos"
    AYSEN = "aysen", "Aysén del General Carlos Ibáñez del Campo"
    MAGALLANES = "magallanes", "Magallanes y de la Antártica Chilena"
    ABROAD = "abroad", _("Outside Chile")


class Status(models.TextChoices):
    # Not the queue's "Received" column, which is a date.
    RECEIVED = "received", pgettext_lazy("status of a proposal", "Received")
    PUBLISHED = "published", _("Published")
    NOT_ADMITTED = "not_admitted", _("Not admitted")
    ASSIGNED = "assigned", _("Assigned to a work table")
    INTEGRATED = "integrated", _("Integrated into a commitment")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")
    MERGED = "merged", _("Merged into another proposal")


# Statuses anyone may see in the public list; the others are visible only
# with the tracking code.
PUBLIC_STATUSES = [
    Status.PUBLISHED,
    Status.ASSIGNED,
    Status.INTEGRATED,
    Status.SELECTED,
    Status.NOT_SELECTED,
    Status.MERGED,
]


class NotAdmittedReason(models.TextChoices):
    DUPLICATE = "duplicate", _("It repeats another proposal")
    OUT_OF_SCOPE = "out_of_scope", _("It is not about open government")
    OFFENSIVE = "offensive", _("It contains offensive language")
    PERSONAL_DATA = "personal_data", _("It contains personal data")
    INCOMPLETE = "incomplete", _("It lacks the information needed to assess it")
    OTHER = "other", _("Other reason")


MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024


def attachment_path(proposal: Proposal, filename: str) -> str:
    # The stored name never comes from the uploader.
    return f"proposals/{proposal.plan_id}/{proposal.tracking_code}.pdf"


class Proposal(models.Model):
    plan = models.ForeignKey(
        ActionPlan, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("plan")
    )
    tracking_code = models.CharField(_("tracking code"), max_length=20, unique=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    # Copied from the plan when the proposal is received: the official record
    # never lists, counts or exports a demonstration or synthetic proposal.
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.OFFICIAL
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    status_changed_at = models.DateTimeField(_("status changed at"), auto_now_add=True)

    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("problem"), max_length=3000)
    description = models.TextField(_("commitment and expected results"), max_length=3000)
    actors = models.TextField(_("who should take part"), max_length=1500, blank=True)
    activities = models.TextField(_("key activities and deliverables"), max_length=3000)
    responsible_institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("responsible institution"),
    )
    transparency = models.BooleanField(OGPValue.TRANSPARENCY.label, default=False)
    accountability = models.BooleanField(OGPValue.ACCOUNTABILITY.label, default=False)
    participation = models.BooleanField(OGPValue.PARTICIPATION.label, default=False)
    technology = models.BooleanField(OGPValue.TECHNOLOGY.label, default=False)
    attachment = models.FileField(
        _("attachment"),
        upload_to=attachment_path,
        blank=True,
        validators=[FileExtensionValidator(["pdf"])],
    )

    # Personal data: never shown publicly, exported or sent to the API.
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"), max_length=254)
    show_name = models.BooleanField(_("show my name publicly"), default=False)
    # The name as the public may see it: a copy of ``name`` when its owner chose
    # to show it, else empty. Public reads use this column, never ``name``.
    public_name = models.CharField(_("public name"), max_length=150, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=ProposerSector.choices)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    consent_at = models.DateTimeField(_("consent given at"))
    language = models.CharField(_("language"), max_length=10, default="es-cl")

    # The trail.
    not_admitted_reason = models.CharField(
        _("reason for not admitting"), max_length=20, choices=NotAdmittedReason.choices, blank=True
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_proposals",
        verbose_name=_("merged into"),
    )
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="source_proposals",
        verbose_name=_("commitment"),
    )
    # Lower-case text without accents, for search on any database.
    search_document = models.TextField(editable=False, default="")
    # On PostgreSQL, the Spanish full-text vector of search_document, kept up
    # to date by a trigger (migration 0005) and indexed with GIN; unused on
    # SQLite, where search matches words with LIKE.
    search_vector = SearchVectorField(null=True, editable=False)
    # When the proposer's details were erased (on request, or after the
    # retention period); the proposal itself stays public.
    personal_data_erased_at = models.DateTimeField(
        _("personal data erased at"), null=True, blank=True
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        permissions = [("moderate_proposal", _("Can moderate proposals"))]
        indexes = [
            # The public list walks this index newest first and stops after a page.
            models.Index(fields=["-created_at", "-id"], name="proposal_newest"),
            models.Index(
                fields=["origin", "-created_at", "-id"],
                condition=Q(status__in=PUBLIC_STATUSES),
                name="proposal_public_newest",
            ),
            # Sorted by title (?orden=titulo), it stops after a page too.
            models.Index(
                fields=["origin", "title", "id"],
                condition=Q(status__in=PUBLIC_STATUSES),
                name="proposal_public_title",
            ),
            models.Index(fields=["plan", "status", "-created_at"], name="proposal_list"),
            models.Index(fields=["status", "-status_changed_at"], name="proposal_queue"),
            models.Index(fields=["email"], name="proposal_email"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(transparency=True)
                | Q(accountability=True)
                | Q(participation=True)
                | Q(technology=True),
                name="proposal_serves_a_value",
                violation_error_message=_("Choose at least one open government value."),
            ),
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="merged_proposal_has_survivor",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")),
                name="proposal_not_merged_into_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def ogp_values(self) -> list[OGPValue]:
        return [value for value in OGPValue if getattr(self, value.value)]

    def where_it_went(self) -> list[tuple[str, str]]:
        """Where it went, as (text, address): the commitment draft or the
        commitment its integration step links to, then the commitment it is
        part of. Read from the trail as fetched (the public steps on a public
        page) and ``commitment`` (selected with its plan): no query of its own."""
        links: list[tuple[str, str]] = []
        step = next(
            (
                event
                for event in reversed(self.events.all())
                if event.to_status == Status.INTEGRATED and event.link_url
            ),
            None,
        )
        if step is not None:
            links.append((step.link_label, step.link_url))
        if self.commitment_id:
            commitment = self.commitment
            with translation.override(settings.LANGUAGE_CODE):
                stored = commitment.get_absolute_url()  # as trail steps store it
            if stored not in {url for _label, url in links}:
                label = _("Commitment No. %(number)s of the %(plan)s: %(title)s") % {
                    "number": commitment.number,
                    "plan": commitment.plan.title,
                    "title": commitment.title,
                }
                links.append((label, commitment.get_absolute_url()))
        return links


class ActorRole(models.TextChoices):
    PROPOSER = "proposer", _("Proposer")
    MODERATOR = "moderator", _("Open Government Forum staff")
    SYSTEM = "system", _("Portal")


class ProposalEvent(models.Model):
    """One step of a proposal's history. Public steps make its timeline; every
    step, public or not, is the audit record of who did what and when."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="events", verbose_name=_("proposal")
    )
    at = models.DateTimeField(_("date"), auto_now_add=True)
    from_status = models.CharField(
        _("from status"), max_length=20, choices=Status.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=20, choices=Status.choices)
    actor_role = models.CharField(_("by"), max_length=20, choices=ActorRole.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    is_public = models.BooleanField(_("public"), default=True)
    public_reason = models.TextField(_("public reason"), max_length=2000, blank=True)
    internal_note = models.TextField(_("internal note"), max_length=2000, blank=True)
    related = models.ForeignKey(
        Proposal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("related proposal"),
    )
    # Where the step led, when it led somewhere another app owns (a work table,
    # a commitment draft): its name and address, written with the step.
    link_label = models.CharField(_("link text"), max_length=300, blank=True)
    link_url = models.CharField(_("link address"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("proposal history entry")
        verbose_name_plural = _("proposal history")
        indexes = [models.Index(fields=["proposal", "at"], name="proposal_event_timeline")]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.from_status} → {self.to_status}"


# What the public may see of a proposal (pages, exports, feeds, the API). The
# name is public only when its owner asked (``show_name``): selectors read it
# through a CASE, never as a column.
public.declare(
    Proposal,
    fields=[
        "id",
        "plan_id",
        "origin",
        "tracking_code",
        "created_at",
        "status",
        "status_changed_at",
        "title",
        "problem",
        "description",
        "actors",
        "activities",
        "responsible_institution_id",
        "transparency",
        "accountability",
        "participation",
        "technology",
        "public_name",
        "sector",
        "region",
        "not_admitted_reason",
        "merged_into_id",
        "commitment_id",
    ],
    personal=["name", "email", "show_name", "organisation", "consent_at", "language"],
)
public.declare(
    ProposalEvent,
    fields=[
        "id",
        "proposal_id",
        "at",
        "from_status",
        "to_status",
        "actor_role",
        "is_public",
        "public_reason",
        "related_id",
        "link_label",
        "link_url",
    ],
    personal=["internal_note", "actor"],
)


class ProposalDraft(models.Model):
    """A proposal being written in steps, kept so its author can leave and come
    back by a link. Never public, never a Proposal until it is sent; deleted
    when sent and pruned once it expires (core.retention)."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="proposal_drafts", verbose_name=_("plan")
    )
    # The link carries a random token; only its SHA-256 is stored, so the
    # table alone does not open anyone's draft.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # What each step received, as typed (personal: it holds the name and e-mail).
    data = models.JSONField(_("answers so far"), default=dict, blank=True)
    # Where the link was sent, if its author asked for it.
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    step = models.PositiveSmallIntegerField(_("step"), default=1)
    # When the form was first opened: the minimum fill time counts from here.
    started_at = models.DateTimeField(_("started at"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("proposal draft")
        verbose_name_plural = _("proposal drafts")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.data.get('title', '')[:60]}"


# Drafts are never shown: nothing is public, and saving one leaves the page
# cache alone.
public.declare(
    ProposalDraft,
    fields=["id", "plan_id", "step", "created_at", "updated_at", "expires_at"],
    personal=["data", "email"],
    on_pages=False,
)
