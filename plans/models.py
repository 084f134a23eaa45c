"""The published side of the OGP process: plans, commitments, milestones, the
co-creation calendar and the multi-stakeholder forum (Mesa de Gobierno Abierto)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Origin(models.TextChoices):
    """Where a record comes from. Only official records are history; the others
    are labelled everywhere they appear and never counted with the official ones."""

    OFFICIAL = "official", _("Official record")
    DEMO = "demo", _("Demonstration")
    SYNTHETIC = "synthetic", _("Synthetic data")


class Sector(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    ACADEMIA = "academia", _("Academia")
    PRIVATE = "private", _("Private sector")
    MULTILATERAL = "multilateral", _("Multilateral body")


class Institution(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    sector = models.CharField(
        _("sector"), max_length=20, choices=Sector.choices, default=Sector.GOVERNMENT
    )
    website = models.URLField(_("website"), blank=True)
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.OFFICIAL
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self) -> str:
        return self.name


class ActionPlan(models.Model):
    class Status(models.TextChoices):
        COCREATION = "cocreation", _("In co-creation")
        IMPLEMENTATION = "implementation", _("In implementation")
        # A plan is masculine in Spanish ("finalizado"); a calendar stage is not.
        FINISHED = "finished", pgettext_lazy("status of an action plan", "Finished")

    number = models.PositiveSmallIntegerField(
        _("number"),
        null=True,
        blank=True,
        help_text=_("1 for the first national plan, 2 for the second, and so on."),
    )
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.COCREATION
    )
    summary = models.TextField(_("summary"), blank=True)
    published_commitment_count = models.PositiveSmallIntegerField(
        _("published number of commitments"),
        null=True,
        blank=True,
        help_text=_(
            "How many commitments the published plan has. Kept until the full "
            "list is imported, so the page can say what is missing."
        ),
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.OFFICIAL
    )

    class Meta:
        ordering = ["-start_year", "-number"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="plan_period_ordered",
                violation_error_message=_("The last year cannot come before the first."),
            ),
            models.UniqueConstraint(
                fields=["number"],
                condition=Q(origin="official"),
                name="unique_official_plan_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.period})"

    def get_absolute_url(self) -> str:
        return reverse("plans:plan_detail", args=[self.slug])

    @property
    def period(self) -> str:
        return f"{self.start_year}-{self.end_year}"

    @property
    def period_start(self) -> dt.date:
        return dt.date(self.start_year, 1, 1)

    @property
    def period_end(self) -> dt.date:
        return dt.date(self.end_year, 12, 31)


class OGPValue(models.TextChoices):
    """The four values every commitment must serve, in the IRM's column order."""

    TRANSPARENCY = "transparency", _("Transparency")
    ACCOUNTABILITY = "accountability", _("Accountability")
    PARTICIPATION = "participation", _("Civic participation")
    TECHNOLOGY = "technology", _("Technology and innovation for openness")


class Completion(models.TextChoices):
    """The IRM's completion scale."""

    NO_EVIDENCE = "no_evidence", _("No evidence available")
    NOT_STARTED = "not_started", _("Not started")
    LIMITED = "limited", _("Limited")
    SUBSTANTIAL = "substantial", _("Substantial")
    COMPLETE = "complete", _("Complete")


ogp_id_validator = RegexValidator(
    r"^[A-Z]{2}\d{4}$", _("Use two capital letters and four digits, e.g. CL0063.")
)


class Commitment(models.Model):
    plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.CASCADE,
        related_name="commitments",
        verbose_name=_("plan"),
    )
    number = models.PositiveSmallIntegerField(_("number in the plan"))
    ogp_id = models.CharField(
        _("OGP identifier"),
        max_length=6,
        blank=True,
        validators=[ogp_id_validator],
        help_text=_("The identifier OGP gives the commitment, e.g. CL0063."),
    )
    title = models.CharField(_("title"), max_length=250)
    responsible_institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="led_commitments",
        verbose_name=_("responsible institution"),
    )
    actors = models.ManyToManyField(
        Institution,
        blank=True,
        related_name="supported_commitments",
        verbose_name=_("other actors"),
        help_text=_("Who else takes part in carrying it out, from any sector."),
    )
    problem = models.TextField(
        _("problem"),
        blank=True,
        help_text=_("What problem it addresses and the gap with open government."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_(
            "What the commitment is and what it implies. Leave empty until the official "
            "text is loaded: never write a summary of your own."
        ),
    )
    expected_results = models.TextField(_("expected results"), blank=True)
    transparency = models.BooleanField(_("transparency"), default=False)
    accountability = models.BooleanField(_("accountability"), default=False)
    participation = models.BooleanField(_("civic participation"), default=False)
    technology = models.BooleanField(_("technology and innovation for openness"), default=False)
    completion = models.CharField(
        _("completion"),
        max_length=20,
        choices=Completion.choices,
        blank=True,
        help_text=_("Leave empty until implementation starts."),
    )
    source_note = models.TextField(
        _("source note"),
        blank=True,
        help_text=_(
            "Where this record comes from and what is still missing, shown on the "
            "commitment's page."
        ),
    )

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="unique_commitment_number_in_plan"
            ),
            models.UniqueConstraint(
                fields=["ogp_id"],
                condition=~Q(ogp_id=""),
                name="unique_ogp_id",
            ),
            models.CheckConstraint(
                condition=Q(ogp_id="") | Q(ogp_id__regex=r"^[A-Z]{2}[0-9]{4}$"),
                name="ogp_id_format",
                violation_error_message=_("Use two capital letters and four digits, e.g. CL0063."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("plans:commitment_detail", args=[self.plan.slug, self.number])

    @property
    def ogp_values(self) -> list[OGPValue]:
        return [value for value in OGPValue if getattr(self, value.value)]


class Milestone(models.Model):
    """A component of a commitment: a verifiable deliverable with its dates."""

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("commitment"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("activity"), max_length=300)
    deliverable = models.TextField(_("verifiable deliverable"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    completion = models.CharField(
        _("completion"), max_length=20, choices=Completion.choices, blank=True
    )

    class Meta:
        ordering = ["commitment", "number"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "number"], name="unique_milestone_number"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="milestone_dates_ordered",
                violation_error_message=_("The end date cannot come before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class StageKind(models.TextChoices):
    """The seven kinds of stage of a co-creation calendar, in their usual order."""

    AWARENESS = "awareness", _("Awareness sessions")
    RECEPTION = "reception", _("Proposal reception")
    WORKTABLES = "worktables", _("Work tables")
    RESULTS = "results", _("Publication of the work tables' results")
    SELECTION = "selection", _("Selection of proposals")
    CONSULTATION = "consultation", _("Public consultation of the draft plan")
    PUBLICATION = "publication", _("Publication of the action plan")


STAGE_ORDER = {kind.value: index for index, kind in enumerate(StageKind, start=1)}


class StageQuerySet(models.QuerySet):
    def open_at(self, moment: dt.datetime) -> StageQuerySet:
        return self.filter(starts_at__lte=moment, ends_at__gt=moment)


class Stage(models.Model):
    """One stage of a plan's co-creation calendar. A stage is open from
    ``starts_at`` (included) until ``ends_at`` (excluded)."""

    plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.CASCADE,
        related_name="stages",
        verbose_name=_("plan"),
    )
    kind = models.CharField(_("stage"), max_length=20, choices=StageKind.choices)
    starts_at = models.DateTimeField(_("opens"))
    ends_at = models.DateTimeField(_("closes"))
    description = models.TextField(_("description"), blank=True)

    objects = StageQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "starts_at", "ends_at"]
        verbose_name = _("calendar stage")
        verbose_name_plural = _("calendar stages")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind"],
                name="one_stage_per_kind",
                violation_error_message=_("This plan already has a stage of this kind."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="stage_ends_after_start",
                violation_error_message=_("A stage must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.plan.period})"

    @property
    def order(self) -> int:
        return STAGE_ORDER[self.kind]

    @property
    def last_moment(self) -> dt.datetime:
        """The last instant inside the stage, for display ("until 24 August")."""
        return self.ends_at - dt.timedelta(microseconds=1)

    def is_open(self, moment: dt.datetime | None = None) -> bool:
        moment = moment or timezone.now()
        return self.starts_at <= moment < self.ends_at

    @property
    def closing_soon_at(self) -> dt.datetime:
        """When reminders that the stage is about to close go out."""
        notice = dt.timedelta(hours=settings.CALENDAR_CLOSING_NOTICE_HOURS)
        return max(self.ends_at - notice, self.starts_at)

    def edge_time(self, edge: str) -> dt.datetime:
        return {
            "start": self.starts_at,
            "closing_soon": self.closing_soon_at,
            "end": self.ends_at,
        }[edge]


class Forum(models.Model):
    """The multi-stakeholder forum: in Chile, the Mesa de Gobierno Abierto."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)

    class Meta:
        verbose_name = _("multi-stakeholder forum")
        verbose_name_plural = _("multi-stakeholder forums")

    def __str__(self) -> str:
        return self.name


class ForumMember(models.Model):
    class Role(models.TextChoices):
        PRESIDES = "presides", _("Presides")
        CIVIL_SOCIETY = "civil_society", _("Civil society representative")
        ACADEMIA = "academia", _("Academia representative")
        OBSERVER = "observer", _("Observer")

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="members", verbose_name=_("forum")
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="forum_seats",
        verbose_name=_("institution"),
    )
    position = models.CharField(_("position"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    person_name = models.CharField(
        _("person's name"),
        max_length=200,
        blank=True,
        help_text=_("Public office holders only; leave empty if not published."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_seats",
        verbose_name=_("portal account"),
        help_text=_("The staff account that receives the forum's reminders."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["forum", "order", "id"]
        verbose_name = _("forum member")
        verbose_name_plural = _("forum members")

    def __str__(self) -> str:
        return f"{self.position} ({self.institution})"

    @property
    def sector(self) -> str:
        return self.institution.sector

    @property
    def is_observer(self) -> bool:
        return self.role == self.Role.OBSERVER


class Edge(models.TextChoices):
    """The moments of a stage that can trigger effects."""

    START = "start", _("Opens")
    CLOSING_SOON = "closing_soon", _("Closes soon")
    END = "end", _("Closes")


class StageEvent(models.Model):
    """A record that a stage's edge was handled. The calendar engine writes it in
    the same transaction as the edge's effects, so an edge is handled once: a
    second tick finds the record, a concurrent one hits the unique constraint."""

    class Result(models.TextChoices):
        DONE = "done", _("Effects carried out")
        SKIPPED = "skipped", _("Too old to act on")

    stage = models.ForeignKey(
        Stage, on_delete=models.CASCADE, related_name="events", verbose_name=_("stage")
    )
    edge = models.CharField(_("moment"), max_length=20, choices=Edge.choices)
    due_at = models.DateTimeField(_("due at"))
    fired_at = models.DateTimeField(_("handled at"), default=timezone.now)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    log = models.TextField(_("what was done"), blank=True)

    class Meta:
        ordering = ["-fired_at", "-id"]
        verbose_name = _("calendar event")
        verbose_name_plural = _("calendar events")
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "edge", "due_at"], name="one_event_per_edge_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stage} · {self.get_edge_display()} · {self.due_at:%Y-%m-%d %H:%M}"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class SubscriptionQuerySet(models.QuerySet):
    def active(self) -> SubscriptionQuerySet:
        """Confirmed and not unsubscribed: the only addresses notices go to."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)

    def for_email(self, email: str) -> SubscriptionQuerySet:
        return self.alias(email_lower=Lower("email")).filter(email_lower=email.lower())


class Subscription(models.Model):
    """An address that receives the calendar's notices (a stage opens, a stage
    is about to close). Double opt-in: nothing is sent before ``confirmed_at``.
    The token is the only credential: it confirms and unsubscribes."""

    email = models.EmailField(_("e-mail"))
    token = models.CharField(_("token"), max_length=64, unique=True, default=_new_token)
    language = models.CharField(_("language"), max_length=10, default="es-cl")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notice subscription")
        verbose_name_plural = _("notice subscriptions")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="unique_subscription_email"),
        ]

    def __str__(self) -> str:
        return f"Subscription #{self.pk}"
