"""Follow-up (seguimiento) of a published plan: the officers who report for a
responsible institution, their dated progress updates on each milestone with
evidence, and each milestone's current progress derived from those updates.

Updates are append-only: a new report never changes an earlier one. The
Open Government Forum may mark an update disputed (with a public note) or
withdraw it from public view (e.g. a file with personal data); both keep the
update and are written to the activity log. The milestone's and commitment's
own ``completion`` fields (plans) hold the IRM's assessment, imported from
files; the progress reported here is shown next to it, never written into it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import public
from core.models import Origin
from plans.models import Completion, Institution, Milestone

# What an officer may report: the IRM scale without "no evidence available",
# which is what a milestone shows while nothing has been reported.
REPORTABLE = [
    Completion.NOT_STARTED,
    Completion.LIMITED,
    Completion.SUBSTANTIAL,
    Completion.COMPLETE,
]
# A milestone's weight towards its commitment's progress (plans: IRM scale).
SCORES = {
    Completion.NO_EVIDENCE: 0,
    Completion.NOT_STARTED: 0,
    Completion.LIMITED: 1,
    Completion.SUBSTANTIAL: 2,
    Completion.COMPLETE: 3,
}
MAX_SCORE = 3


class Officer(models.Model):
    """A person who reports progress for a responsible institution. One person
    may report for several institutions (one row each)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="officer_roles",
        verbose_name=_("portal account"),
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="officers",
        verbose_name=_("institution"),
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        ordering = ["institution", "user"]
        verbose_name = _("institution officer")
        verbose_name_plural = _("institution officers")
        constraints = [
            models.UniqueConstraint(fields=["user", "institution"], name="unique_officer")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.institution})"


class ProgressUpdate(models.Model):
    """One dated report on a milestone. Never edited: a later report supersedes
    it, and the Forum may dispute it or withdraw it from public view."""

    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.CASCADE,
        related_name="progress_updates",
        verbose_name=_("milestone"),
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="progress_updates",
        verbose_name=_("reported by"),
        help_text=_("The responsible institution the officer reported for."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Completion.choices)
    note = models.TextField(_("progress note"))
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("officer"),
    )
    # Copied from the plan: the official record never counts a demonstration
    # or synthetic report.
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.OFFICIAL
    )
    is_disputed = models.BooleanField(_("disputed"), default=False)
    dispute_note = models.TextField(_("why it is disputed"), blank=True)
    disputed_at = models.DateTimeField(_("disputed at"), null=True, blank=True)
    disputed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("disputed by"),
    )
    is_public = models.BooleanField(_("public"), default=True)
    withdrawn_reason = models.TextField(_("why it was withdrawn (internal)"), blank=True)

    class Meta:
        ordering = ["-reported_at", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        permissions = [
            (
                "review_progress",
                "Can see every institution's progress, dispute and withdraw updates",
            )
        ]
        indexes = [
            models.Index(fields=["milestone", "-reported_at", "-id"], name="progress_by_milestone"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Completion.NO_EVIDENCE) & ~Q(status=""),
                name="progress_status_reported",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.milestone_id}: {self.get_status_display()} ({self.reported_at:%Y-%m-%d})"

    @property
    def counts(self) -> bool:
        """Whether this update can be the milestone's current progress."""
        return self.is_public and not self.is_disputed


def evidence_path(evidence: Evidence, filename: str) -> str:
    # The stored name never comes from the uploader: a random name, and the
    # extension of the type the content was found to be.
    now = timezone.now()
    extension = EVIDENCE_TYPES[evidence.content_type][0]
    return f"evidence/{now:%Y/%m}/{uuid.uuid4().hex}.{extension}"


# content type -> (file extension, what people call it)
EVIDENCE_TYPES = {
    "application/pdf": ("pdf", "PDF"),
    "image/png": ("png", "PNG"),
    "image/jpeg": ("jpg", "JPEG"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx", "XLSX"),
    "application/vnd.oasis.opendocument.spreadsheet": ("ods", "ODS"),
    "text/csv": ("csv", "CSV"),
}
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


class Evidence(models.Model):
    """A file or a link that backs a progress update."""

    update = models.ForeignKey(
        ProgressUpdate,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("progress update"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200, blank=True)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("added at"), default=timezone.now)
    # Lower case without accents (title, note, milestone, commitment,
    # institution), for the repository's search.
    search_document = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["update", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=(~Q(file="") & Q(url="")) | (Q(file="") & ~Q(url="")),
                name="evidence_file_or_link",
                violation_error_message=_("Evidence is either a file or a link."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_file(self) -> bool:
        return bool(self.file)

    @property
    def type_label(self) -> str:
        return EVIDENCE_TYPES.get(self.content_type, ("", ""))[1]

    @property
    def extension(self) -> str:
        return EVIDENCE_TYPES.get(self.content_type, ("bin", ""))[0]


class CurrentProgress(models.Model):
    """A milestone's progress as reported: the latest public, undisputed
    update. Derived, never typed in: ``services.refresh_current`` rewrites it
    from the updates whenever one is added, disputed or withdrawn. Kept as a
    row so the dashboard aggregates in the database. No row: nothing reported
    ("no evidence available")."""

    milestone = models.OneToOneField(
        Milestone,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="current_progress",
        verbose_name=_("milestone"),
    )
    update = models.ForeignKey(
        ProgressUpdate, on_delete=models.CASCADE, related_name="+", verbose_name=_("update")
    )
    status = models.CharField(_("status"), max_length=20, choices=Completion.choices)
    reported_at = models.DateTimeField(_("reported at"))

    class Meta:
        verbose_name = _("current progress of a milestone")
        verbose_name_plural = _("current progress of milestones")

    def __str__(self) -> str:
        return f"{self.milestone_id}: {self.status}"


# What the public may see (core/public.py). An officer's account, and who
# reported or disputed, are not public: the institution that reported is.
public.declare(
    Officer, fields=["id", "institution_id", "created_at"], personal=["user"], on_pages=False
)
public.declare(
    ProgressUpdate,
    fields=[
        "id",
        "milestone_id",
        "institution_id",
        "status",
        "note",
        "reported_at",
        "origin",
        "is_disputed",
        "dispute_note",
        "disputed_at",
        "is_public",
    ],
    personal=["author", "disputed_by"],
)
public.declare(
    Evidence,
    fields=[
        "id",
        "update_id",
        "title",
        "file",
        "content_type",
        "size",
        "sha256",
        "url",
        "created_at",
    ],
)
public.declare(CurrentProgress, fields=["milestone_id", "update_id", "status", "reported_at"])
