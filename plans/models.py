"""The published side of the OGP process: plans, commitments, milestones, the
co-creation calendar and the multi-stakeholder forum (Mesa de Gobierno Abierto)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import public
from core.models import Origin


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
    ogp_url = models.URLField(
        _("page on the OGP website"),
        max_length=500,
        blank=True,
        help_text=_(
            "The plan's page on opengovpartnership.org, or Chile's member page if the "
            "plan has none."
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

    @property
    def milestones_assessed(self) -> bool:
        """Whether any milestone has the IRM's assessment (from the prefetched rows)."""
        return any(milestone.completion for milestone in self.milestones.all())


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


MAX_PLAN_DOCUMENT_BYTES = 20 * 1024 * 1024


def plan_document_path(instance: models.Model, filename: str) -> str:
    # The stored name never comes from the uploader.
    return f"planes/{secrets.token_hex(8)}.pdf"


class PlanDocument(models.Model):
    """An official document of a plan (the plan itself, a self-assessment, an
    IRM report...): a link to where it is published, or a PDF uploaded here.
    Staff keep the list in the admin, on the plan's page; the public plan page
    lists it, and a commitment's page links the IRM's reports on results as
    the source of its assessment."""

    class Kind(models.TextChoices):
        ACTION_PLAN = "action_plan", _("Action plan")
        SELF_ASSESSMENT = "self_assessment", _("Government self-assessment report")
        IRM_DESIGN = "irm_design", _("IRM report on the plan's design")
        IRM_RESULTS = "irm_results", _("IRM report on results")
        OTHER = "other", _("Other official document")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="documents", verbose_name=_("plan")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(
        _("link"),
        max_length=500,
        blank=True,
        help_text=_("Where the document is published. Give a link or upload a PDF, not both."),
    )
    file = models.FileField(
        _("PDF file"),
        upload_to=plan_document_path,
        blank=True,
        validators=[FileExtensionValidator(["pdf"])],
        help_text=_("A PDF of up to 20 MB, if the document is not published elsewhere."),
    )
    # Of the uploaded file, kept when it is uploaded: the page shows it
    # without opening the file.
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True, editable=False)
    published_on = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        # Newest first; the plan's id, not the plan, so no join to its order.
        ordering = ["plan_id", models.F("published_on").desc(nulls_last=True), "pk"]
        verbose_name = _("official document")
        verbose_name_plural = _("official documents")
        constraints = [
            models.CheckConstraint(
                condition=(Q(url="") & ~Q(file="")) | (~Q(url="") & Q(file="")),
                name="plan_document_link_or_file",
                violation_error_message=_("Give a link or upload a PDF, one of the two."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def address(self) -> str:
        """Where the public opens it: the link, or the uploaded file's page."""
        if self.file:
            return reverse("plans:plan_document", args=[self.plan.slug, self.pk])
        return self.url


MAX_FORUM_FILE_BYTES = 10 * 1024 * 1024
# OGP's minimum requirement 1.1: the forum meets at least every six months.
MEETING_INTERVAL_MONTHS = 6


def forum_file_path(instance: models.Model, filename: str) -> str:
    # The stored name never comes from the uploader.
    return f"mesa/{secrets.token_hex(8)}.pdf"


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (the month's last day if it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, min(day.day, (following - dt.timedelta(days=1)).day))


class Forum(models.Model):
    """The multi-stakeholder forum: in Chile, the Mesa de Gobierno Abierto.
    Its public record (OGP minimum requirement 1.1) is its members with their
    terms, its rules of operation and its meetings (:class:`ForumMeeting`)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    rules_document = models.FileField(
        _("rules of operation"),
        upload_to=forum_file_path,
        blank=True,
        validators=[FileExtensionValidator(["pdf"])],
    )
    rules_adopted_on = models.DateField(_("rules adopted on"), null=True, blank=True)
    # What the rules say about publishing each member's scores in the
    # selection (stage 5): by default the report gives totals only.
    publish_member_scores = models.BooleanField(
        _("publish each member's scores by name"),
        default=False,
        help_text=_(
            "Only if the forum's rules say so. Otherwise the selection report "
            "shows the scores added up, without names."
        ),
    )

    class Meta:
        verbose_name = _("multi-stakeholder forum")
        verbose_name_plural = _("multi-stakeholder forums")
        permissions = [("keep_forum_record", _("Can keep the forum's public record"))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("plans:forum")


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
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(
        _("term ends"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a seat held by virtue of office, with no fixed term."),
    )

    class Meta:
        ordering = ["forum", "order", "id"]
        verbose_name = _("forum member")
        verbose_name_plural = _("forum members")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_start__isnull=True)
                | Q(term_end__isnull=True)
                | Q(term_end__gte=models.F("term_start")),
                name="forum_member_term_ordered",
                violation_error_message=_("The term cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position} ({self.institution})"

    @property
    def sector(self) -> str:
        return self.institution.sector

    @property
    def is_observer(self) -> bool:
        return self.role == self.Role.OBSERVER

    def term_ended(self, today: dt.date | None = None) -> bool:
        return self.term_end is not None and self.term_end < (today or timezone.localdate())


class ForumMeeting(models.Model):
    """A meeting of the forum: its date and agenda (published ahead), then its
    minutes and who attended. Public once saved."""

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("forum")
    )
    held_on = models.DateField(_("date"))
    title = models.CharField(
        _("title"), max_length=200, help_text=_("For example: Ordinary session No. 12.")
    )
    agenda = models.TextField(_("agenda"))
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_document = models.FileField(
        _("minutes document"),
        upload_to=forum_file_path,
        blank=True,
        validators=[FileExtensionValidator(["pdf"])],
    )
    attendees = models.ManyToManyField(
        ForumMember,
        blank=True,
        related_name="meetings_attended",
        verbose_name=_("members present"),
    )
    guests = models.TextField(
        _("others present"),
        blank=True,
        help_text=_("Guests and observers who are not members, as they may be published."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("forum meeting")
        verbose_name_plural = _("forum meetings")

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%Y-%m-%d})"


# What the public may see (core/public.py). Plans, institutions, commitments and
# milestones are public records; a forum member's portal account is not.
public.declare(Institution, fields=["id", "name", "acronym", "sector", "website", "origin"])
public.declare(
    ActionPlan,
    fields=[
        "id",
        "number",
        "slug",
        "title",
        "start_year",
        "end_year",
        "status",
        "summary",
        "published_commitment_count",
        "ogp_url",
        "origin",
    ],
)
public.declare(
    PlanDocument,
    fields=["id", "plan_id", "kind", "title", "url", "file", "size", "published_on"],
)
public.declare(
    Commitment,
    fields=[
        "id",
        "plan_id",
        "number",
        "ogp_id",
        "title",
        "responsible_institution_id",
        "problem",
        "description",
        "expected_results",
        "transparency",
        "accountability",
        "participation",
        "technology",
        "completion",
        "source_note",
    ],
)
public.declare(
    Milestone,
    fields=[
        "id",
        "commitment_id",
        "number",
        "title",
        "deliverable",
        "start_date",
        "end_date",
        "completion",
    ],
)
public.declare(
    Forum,
    fields=[
        "id",
        "name",
        "legal_basis",
        "established_on",
        "purpose",
        "rules_document",
        "rules_adopted_on",
        "publish_member_scores",
    ],
)
public.declare(
    ForumMember,
    fields=[
        "id",
        "forum_id",
        "institution_id",
        "position",
        "role",
        "person_name",
        "order",
        "term_start",
        "term_end",
    ],
    personal=["user"],
)
public.declare(
    ForumMeeting,
    fields=[
        "id",
        "forum_id",
        "held_on",
        "title",
        "agenda",
        "minutes",
        "minutes_document",
        "guests",
        "updated_at",
    ],
)
