"""Stages 1, 3 and 4 of the calendar: the sessions people attend (awareness
sessions of a plan, sessions of a work table), who registered for them, the
work tables, the commitment drafts they co-create (with their versions) and
the minutes of each session.

Personal data (an attendee's name, e-mail, organisation and accessibility
needs) lives only on :class:`Registration`, declared personal below: no
public query selects it, and ``manage.py prune`` erases it after the event."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import public
from core.models import Origin
from plans.models import ActionPlan, Institution, OGPValue
from proposals.models import Proposal, ProposerSector, Region


class WorkTable(models.Model):
    """A themed table that turns published proposals into commitment drafts."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="worktables", verbose_name=_("plan")
    )
    name = models.CharField(_("theme"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    facilitators = models.TextField(
        _("facilitators"),
        blank=True,
        help_text=_("Who runs the table, as it may be published: name, role and institution."),
    )
    institutions = models.ManyToManyField(
        Institution,
        blank=True,
        related_name="invited_to_tables",
        verbose_name=_("institutions invited"),
    )
    # When its drafts and minutes became public: the results stage opened, or
    # staff published the table early. Before that they are staff-only.
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "name"]
        verbose_name = _("work table")
        verbose_name_plural = _("work tables")
        permissions = [("run_worktables", _("Can run sessions, work tables and drafts"))]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="unique_worktable_name")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("worktables:table", args=[self.pk])


class TableAssignment(models.Model):
    """The work table a proposal was given to. Owned here, not on the proposal,
    so that proposals never depend on work tables (docs/ARCHITECTURE.md); the
    proposal's public trail records each assignment as a step."""

    proposal = models.OneToOneField(
        Proposal,
        on_delete=models.CASCADE,
        related_name="table_assignment",
        verbose_name=_("proposal"),
    )
    table = models.ForeignKey(
        WorkTable,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("work table"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )

    class Meta:
        ordering = ["table", "assigned_at"]
        verbose_name = _("proposal assigned to a table")
        verbose_name_plural = _("proposals assigned to tables")

    def __str__(self) -> str:
        return f"{self.proposal_id} → {self.table_id}"


# --- Sessions ---------------------------------------------------------------------


class EventKind(models.TextChoices):
    AWARENESS = "awareness", _("Awareness session")
    TABLE = "table", _("Work table session")


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class Event(models.Model):
    """A session people register for: an awareness session of a plan (stage 1)
    or a session of a work table (stage 3). Times are stored in UTC and shown
    in America/Santiago."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="events", verbose_name=_("plan")
    )
    table = models.ForeignKey(
        WorkTable,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("work table"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    # Copied from the plan: the official record never counts a demonstration session.
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.OFFICIAL
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    modality = models.CharField(_("modality"), max_length=20, choices=Modality.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    # Given only to people with a seat (their e-mails and invitation), never on a page.
    online_url = models.URLField(_("link to join online"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1)])
    waiting_list_size = models.PositiveIntegerField(
        _("places on the waiting list"),
        default=30,
        help_text=_("0: no waiting list; the session is closed when it is full."),
    )
    accessibility_note = models.TextField(_("accessibility"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)
    # Moves on each change registered people are told about: the invitation's
    # SEQUENCE, and part of the key of the e-mail that tells them.
    revision = models.PositiveIntegerField(_("revision"), default=0)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["plan", "starts_at"], name="event_plan_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            ),
            models.CheckConstraint(
                condition=(Q(kind="table") & Q(table__isnull=False))
                | (Q(kind="awareness") & Q(table__isnull=True)),
                name="event_table_matches_kind",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="event_has_seats"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("worktables:event", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def has_started(self, now=None) -> bool:
        return self.starts_at <= (now or timezone.now())

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    # seats_taken and people_waiting come from the selectors' annotations.
    @property
    def seats_left(self) -> int:
        return max(self.capacity - getattr(self, "seats_taken", 0), 0)

    @property
    def waiting_left(self) -> int:
        return max(self.waiting_list_size - getattr(self, "people_waiting", 0), 0)

    @property
    def takes_registrations(self) -> bool:
        return (
            not self.is_cancelled
            and not self.has_started()
            and self.origin != Origin.SYNTHETIC
            and bool(self.seats_left or self.waiting_left)
        )

    @property
    def meets_in_person(self) -> bool:
        return self.modality in (Modality.IN_PERSON, Modality.HYBRID)

    @property
    def meets_online(self) -> bool:
        return self.modality in (Modality.ONLINE, Modality.HYBRID)


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("E-mail not confirmed yet")
    CONFIRMED = "confirmed", _("Seat confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_STATUSES = [
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITING,
]


class Registration(models.Model):
    """A person's place at a session, without an account. Nothing counts before
    the e-mail is confirmed (``PENDING``); then the person has a seat
    (``CONFIRMED``) or waits (``WAITING``, in order of confirmation). The token
    in their e-mails is the only credential: it confirms and cancels."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("session")
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.OFFICIAL
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"), max_length=254)
    sector = models.CharField(_("sector"), max_length=20, choices=ProposerSector.choices)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    accessibility_needs = models.TextField(_("accessibility needs"), max_length=1000, blank=True)
    consent_at = models.DateTimeField(_("consent given at"))
    language = models.CharField(_("language"), max_length=10, default="es-cl")
    token = models.CharField(_("token"), max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    seat_at = models.DateTimeField(_("seat given at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    personal_data_erased_at = models.DateTimeField(
        _("personal data erased at"), null=True, blank=True
    )

    class Meta:
        ordering = ["event", "created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [
            models.Index(fields=["event", "status", "confirmed_at"], name="registration_queue")
        ]
        constraints = [
            # One live registration per address and session; the database
            # settles two requests sent at once.
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=~Q(status="cancelled") & ~Q(email=""),
                name="one_registration_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"Registration #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("worktables:registration", args=[self.token])


# --- Minutes ----------------------------------------------------------------------

MAX_MINUTES_FILE_BYTES = 10 * 1024 * 1024


def minutes_file_path(attachment: MinutesAttachment, filename: str) -> str:
    # The stored name never comes from the uploader.
    return f"actas/{attachment.minutes.event_id}/{secrets.token_hex(8)}.pdf"


class Minutes(models.Model):
    """What a session did: a text, how many people came from each sector (no
    names) and its documents. Public once published."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("session")
    )
    text = models.TextField(_("minutes"))
    # {sector: number of people}, sectors as in ProposerSector.
    attendance = models.JSONField(_("attendance by sector"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"Minutes of {self.event_id}"

    @property
    def attendance_rows(self) -> list[tuple[str, int]]:
        return [
            (sector.label, self.attendance.get(sector.value, 0))
            for sector in ProposerSector
            if self.attendance.get(sector.value)
        ]

    @property
    def attendance_total(self) -> int:
        return sum(int(n) for n in self.attendance.values())


class MinutesAttachment(models.Model):
    minutes = models.ForeignKey(
        Minutes, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("minutes")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), upload_to=minutes_file_path, validators=[FileExtensionValidator(["pdf"])]
    )
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["minutes", "uploaded_at", "id"]
        verbose_name = _("minutes attachment")
        verbose_name_plural = _("minutes attachments")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("worktables:attachment", args=[self.pk])


# --- Commitment drafts ------------------------------------------------------------


class Draft(models.Model):
    """A commitment draft, the outcome of a work table, in the structure of a
    commitment: problem and gap, description and expected results, actors,
    milestones, responsible institution, OGP values. Each save keeps a
    :class:`DraftVersion`."""

    table = models.ForeignKey(
        WorkTable, on_delete=models.CASCADE, related_name="drafts", verbose_name=_("work table")
    )
    title = models.CharField(_("title"), max_length=250)
    problem = models.TextField(_("problem and gap"))
    description = models.TextField(_("description"))
    expected_results = models.TextField(_("expected results"), blank=True)
    actors = models.TextField(_("actors"), blank=True)
    responsible_institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="drafts",
        verbose_name=_("responsible institution"),
    )
    transparency = models.BooleanField(OGPValue.TRANSPARENCY.label, default=False)
    accountability = models.BooleanField(OGPValue.ACCOUNTABILITY.label, default=False)
    participation = models.BooleanField(OGPValue.PARTICIPATION.label, default=False)
    technology = models.BooleanField(OGPValue.TECHNOLOGY.label, default=False)
    proposals = models.ManyToManyField(
        Proposal,
        through="DraftProposal",
        related_name="drafts",
        verbose_name=_("proposals it integrates"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Set when the Mesa selects the draft (stage 5): the commitment of the
    # draft plan it became. The link lives here because plans sits left of
    # worktables: a commitment's lineage is read from this side.
    commitment = models.OneToOneField(
        "plans.Commitment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="draft",
        verbose_name=_("commitment it became"),
    )

    class Meta:
        ordering = ["table", "created_at", "id"]
        verbose_name = _("commitment draft")
        verbose_name_plural = _("commitment drafts")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("worktables:draft", args=[self.pk])

    @property
    def ogp_values(self) -> list[OGPValue]:
        return [value for value in OGPValue if getattr(self, value.value)]


class DraftMilestone(models.Model):
    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("draft")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("activity"), max_length=300)
    # A draft is work in progress: a milestone may lack its deliverable or its
    # dates for a while. The selection's SMART check says what is missing.
    deliverable = models.TextField(_("verifiable deliverable"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        ordering = ["draft", "number"]
        verbose_name = _("draft milestone")
        verbose_name_plural = _("draft milestones")
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="unique_draft_milestone"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="draft_milestone_dates_ordered",
                violation_error_message=_("The end date cannot come before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class DraftProposal(models.Model):
    """A citizen proposal a draft takes up (one draft per proposal). The
    proposal becomes "integrated", with a step in its public trail that links
    here, when the draft is published."""

    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, related_name="links", verbose_name=_("draft")
    )
    proposal = models.OneToOneField(
        Proposal, on_delete=models.CASCADE, related_name="draft_link", verbose_name=_("proposal")
    )
    linked_at = models.DateTimeField(_("linked at"), default=timezone.now)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("linked by"),
    )
    integrated_at = models.DateTimeField(_("integrated at"), null=True, blank=True)

    class Meta:
        ordering = ["draft", "linked_at", "id"]
        verbose_name = _("proposal integrated into a draft")
        verbose_name_plural = _("proposals integrated into drafts")

    def __str__(self) -> str:
        return f"{self.proposal_id} → {self.draft_id}"


class DraftVersion(models.Model):
    """One saved state of a draft: who changed what, and when."""

    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, related_name="versions", verbose_name=_("draft")
    )
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    # Names of the fields that changed ("milestones", "proposals" included).
    changed = models.JSONField(_("what changed"), default=list, blank=True)
    # The whole draft as saved, milestones and proposal codes included.
    snapshot = models.JSONField(_("content"), default=dict)

    class Meta:
        ordering = ["draft", "-number"]
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="unique_draft_version")
        ]

    def __str__(self) -> str:
        return f"{self.draft_id} v{self.number}"

    @property
    def changed_labels(self) -> list[str]:
        """What changed, in words (the field names as the form shows them)."""
        labels = {"milestones": _("milestones"), "proposals": _("proposals it integrates")}
        names = []
        for name in self.changed:
            if name in labels:
                names.append(str(labels[name]))
            else:
                names.append(str(Draft._meta.get_field(name).verbose_name))
        return names


# What the public may see (core/public.py). Declared models also refresh the
# page cache when they change: a registration changes the seats left.
public.declare(
    WorkTable,
    fields=["id", "plan_id", "name", "description", "facilitators", "results_published_at"],
)
public.declare(
    TableAssignment,
    fields=["id", "proposal_id", "table_id", "assigned_at"],
    personal=["assigned_by"],
)
public.declare(
    Event,
    fields=[
        "id",
        "plan_id",
        "table_id",
        "kind",
        "origin",
        "title",
        "description",
        "starts_at",
        "ends_at",
        "modality",
        "address",
        "region",
        "capacity",
        "waiting_list_size",
        "accessibility_note",
        "status",
        "cancellation_reason",
        "revision",
    ],
    # Not personal data, but for registered people only: the scan proves no
    # public query reads it.
    personal=["online_url"],
)
public.declare(
    Registration,
    fields=["id", "event_id", "origin", "status"],
    personal=[
        "name",
        "email",
        "organisation",
        "accessibility_needs",
        "token",
        "consent_at",
        "language",
        "sector",
        "region",
    ],
)
public.declare(Minutes, fields=["id", "event_id", "text", "attendance", "published_at"])
public.declare(
    MinutesAttachment, fields=["id", "minutes_id", "title", "file", "size", "uploaded_at"]
)
public.declare(
    Draft,
    fields=[
        "id",
        "table_id",
        "title",
        "problem",
        "description",
        "expected_results",
        "actors",
        "responsible_institution_id",
        "transparency",
        "accountability",
        "participation",
        "technology",
        "version",
        "created_at",
        "updated_at",
        "published_at",
    ],
)
public.declare(
    DraftMilestone,
    fields=["id", "draft_id", "number", "title", "deliverable", "start_date", "end_date"],
)
public.declare(
    DraftProposal,
    fields=["id", "draft_id", "proposal_id", "integrated_at"],
    personal=["linked_by"],
)
public.declare(
    DraftVersion,
    fields=["id", "draft_id", "number", "created_at", "changed"],
    personal=["author"],
)
