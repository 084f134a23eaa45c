"""The open data sets: for each, its rows (a ``values_list`` of public columns
of the official record, in the order of its columns), the data dictionary
(every column, its type and what it holds) and when it last changed.

A new data set (the consultation's comments and responses, the selection's
decisions) is one more :class:`Dataset` in ``DATASETS``: its page, its three
files, its entry in the catalogue and in the privacy scan follow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    Aggregate,
    Case,
    CharField,
    F,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.models import Origin
from plans.models import ActionPlan, Commitment, Completion, Institution, Milestone
from proposals import exports as proposal_exports
from proposals import selectors as proposal_selectors
from proposals.models import PUBLIC_STATUSES, ProposalEvent
from stages.models import Stage
from tracking import selectors as tracking_selectors
from tracking.models import CurrentProgress, Evidence, ProgressUpdate
from worktables.models import Draft, Event


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "text", "int", "bool" (yes/no), "date", "time" (UTC)
    description: Promise | str


@dataclass(frozen=True)
class Dataset:
    slug: str  # the files' name: /datos-abiertos/<slug>.csv
    title: Promise | str
    description: Promise | str
    columns: tuple[Column, ...]
    rows: Callable[[], QuerySet]
    # The latest change its rows record; None when they carry no date (then
    # the page says when any public data last changed).
    modified: Callable[[], dt.datetime | None] = lambda: None
    json_key: str = "rows"
    # The API's list of the same records (a URL name), if there is one.
    api: str = ""
    format_version: int = 1
    format_name: str = ""

    @property
    def json_format(self) -> str:
        return self.format_name or f"ogp-portal-{self.slug}"

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def kinds(self) -> list[str]:
        return [column.kind for column in self.columns]


KINDS = {
    "text": _("text"),
    "int": _("whole number"),
    "bool": _("yes or no"),
    "date": _("date (YYYY-MM-DD)"),
    "time": _("date and time in UTC (YYYY-MM-DDTHH:MM:SSZ)"),
}


class Joined(Aggregate):
    """The texts of a group, separated by "; " (string_agg, or SQLite's group_concat)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, '; ' ORDER BY %(expressions)s)"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            function="GROUP_CONCAT",
            template="%(function)s(%(expressions)s, '; ')",
            **extra,
        )


def _joined(queryset: QuerySet, column: str) -> Subquery:
    rows = queryset.order_by().values("group").annotate(text=Joined(column)).values("text")
    return Coalesce(Subquery(rows, output_field=CharField()), Value(""))


def _url(*parts) -> Concat:
    return Concat(Value(settings.SITE_URL), *parts, output_field=CharField())


def _latest(queryset: QuerySet, *columns) -> dt.datetime | None:
    """The latest of ``columns`` over ``queryset``, in one query."""
    found = queryset.aggregate(**{f"c{i}": Max(column) for i, column in enumerate(columns)})
    return max((date for date in found.values() if date is not None), default=None)


# --- Columns described once, used by several data sets -----------------------------

ID = Column("id", "int", _("Identifier of the row in the portal; stable."))
PLAN_NUMBER = Column("plan_number", "int", _("Number of the national action plan (1 = first)."))
PLAN_SLUG = Column("plan", "text", _("The plan's short name, as in its address on the portal."))
TITLE = Column("title", "text", _("Title."))
URL = Column("url", "text", _("Address of its page on the portal."))
OGP_ID = Column(
    "ogp_id", "text", _("Identifier OGP gives the commitment (e.g. CL0063); empty if unknown.")
)
VALUES = tuple(
    Column(name, "bool", description)
    for name, description in (
        ("transparency", _("Serves the OGP value of transparency (access to information).")),
        ("accountability", _("Serves the OGP value of public accountability.")),
        ("participation", _("Serves the OGP value of civic participation.")),
        ("technology", _("Serves the OGP value of technology and innovation for openness.")),
    )
)


def _official_plans() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(origin=Origin.OFFICIAL)


# --- Plans, calendar, institutions -----------------------------------------------------


def _plans() -> QuerySet:
    return (
        _official_plans()
        .order_by("id")
        .annotate(url=_url(Value("/planes/"), F("slug"), Value("/")))
        .values_list(
            "id",
            "number",
            "slug",
            "title",
            "start_year",
            "end_year",
            "status",
            "summary",
            "published_commitment_count",
            "url",
        )
    )


PLANS = Dataset(
    slug="planes",
    api="api:plan-list",
    title=_("Action plans"),
    description=_("Chile's national Open Government action plans, with their period and status."),
    json_key="plans",
    columns=(
        ID,
        Column("number", "int", _("Number of the plan (1 = first).")),
        Column("slug", "text", _("Short name, as in its address on the portal.")),
        TITLE,
        Column("start_year", "int", _("First year of the plan.")),
        Column("end_year", "int", _("Last year of the plan.")),
        Column("status", "text", _("cocreation, implementation or finished.")),
        Column("summary", "text", _("Summary.")),
        Column(
            "published_commitment_count",
            "int",
            _("How many commitments the published plan has, where known."),
        ),
        URL,
    ),
    rows=_plans,
)


def _stages() -> QuerySet:
    return (
        Stage.objects.filter(plan__origin=Origin.OFFICIAL)
        .order_by("id")
        .values_list("id", "plan__slug", "kind", "starts_at", "ends_at", "description")
    )


STAGES = Dataset(
    slug="calendario",
    api="api:stage-list",
    title=_("Co-creation calendar"),
    description=_("The stages of each plan's co-creation process, with their dates."),
    json_key="stages",
    columns=(
        ID,
        PLAN_SLUG,
        Column(
            "kind",
            "text",
            _("awareness, reception, worktables, results, selection, consultation or publication."),
        ),
        Column("starts_at", "time", _("When the stage opens.")),
        Column("ends_at", "time", _("When the stage closes (the first moment it is closed).")),
        Column("description", "text", _("Description.")),
    ),
    rows=_stages,
)


def _institutions() -> QuerySet:
    return (
        Institution.objects.filter(origin=Origin.OFFICIAL)
        .order_by("id")
        .values_list("id", "name", "acronym", "sector", "website")
    )


INSTITUTIONS = Dataset(
    slug="instituciones",
    api="api:institution-list",
    title=_("Institutions"),
    description=_("Institutions responsible for commitments or taking part in them."),
    json_key="institutions",
    columns=(
        ID,
        Column("name", "text", _("Name.")),
        Column("acronym", "text", _("Acronym.")),
        Column(
            "sector",
            "text",
            _("government, civil_society, academia, private or multilateral."),
        ),
        Column("website", "text", _("Website.")),
    ),
    rows=_institutions,
)


# --- Commitments and milestones ----------------------------------------------------------


def _commitments() -> QuerySet:
    actors = Commitment.actors.through.objects.filter(commitment_id=OuterRef("pk")).annotate(
        group=F("commitment_id")
    )
    queryset = tracking_selectors.with_progress(
        Commitment.objects.filter(plan__origin=Origin.OFFICIAL), timezone.localdate()
    )
    return (
        queryset.order_by("id")
        .annotate(
            supporting=_joined(actors, "institution__name"),
            url=_url(
                Value("/planes/"),
                F("plan__slug"),
                Value("/compromisos/"),
                Cast("number", CharField()),
                Value("/"),
            ),
        )
        .values_list(
            "id",
            "ogp_id",
            "plan__number",
            "plan__slug",
            "number",
            "title",
            "responsible_institution__name",
            "supporting",
            "problem",
            "description",
            "expected_results",
            "transparency",
            "accountability",
            "participation",
            "technology",
            "completion",
            "reported_status",
            "progress",
            "last_reported",
            "milestone_count",
            "source_note",
            "url",
        )
    )


COMMITMENTS = Dataset(
    slug="compromisos",
    api="api:commitment-list",
    title=_("Commitments"),
    description=_(
        "Every commitment of the published plans: problem, description, responsible "
        "institution, OGP values, the IRM's assessment and the progress reported."
    ),
    json_key="commitments",
    columns=(
        ID,
        OGP_ID,
        PLAN_NUMBER,
        PLAN_SLUG,
        Column("number", "int", _("Number of the commitment in its plan.")),
        TITLE,
        Column("responsible_institution", "text", _("Institution responsible for it.")),
        Column(
            "supporting_institutions", "text", _("Other actors taking part, separated by '; '.")
        ),
        Column("problem", "text", _("The problem it addresses and the gap with open government.")),
        Column("description", "text", _("What the commitment is and what it implies.")),
        Column("expected_results", "text", _("Expected results.")),
        *VALUES,
        Column(
            "irm_completion",
            "text",
            _(
                "The IRM's assessment: not_started, limited, substantial or complete; "
                "empty until there is one."
            ),
        ),
        Column(
            "reported_completion",
            "text",
            _(
                "Progress reported by the institution, derived from its milestones: "
                "no_evidence until a milestone is reported."
            ),
        ),
        Column(
            "reported_progress",
            "int",
            _(
                "Percentage: the milestones' scores (0 not started, 1 limited, 2 substantial, "
                "3 complete) over the highest possible."
            ),
        ),
        Column("last_reported_at", "time", _("When a milestone was last reported.")),
        Column("milestone_count", "int", _("How many milestones it has.")),
        Column("source_note", "text", _("Where the record comes from and what is missing.")),
        URL,
    ),
    rows=_commitments,
)


def _milestones() -> QuerySet:
    return (
        Milestone.objects.filter(commitment__plan__origin=Origin.OFFICIAL)
        .order_by("id")
        .annotate(
            reported=Coalesce(F("current_progress__status"), Value(Completion.NO_EVIDENCE.value)),
        )
        .values_list(
            "id",
            "commitment_id",
            "commitment__ogp_id",
            "commitment__plan__slug",
            "commitment__number",
            "number",
            "title",
            "deliverable",
            "start_date",
            "end_date",
            "completion",
            "reported",
            "current_progress__reported_at",
            "current_progress__update_id",
        )
    )


MILESTONES = Dataset(
    slug="hitos",
    api="api:commitment-list",
    title=_("Milestones"),
    description=_(
        "Each commitment's milestones: the verifiable deliverable, its dates, and the "
        "latest progress reported."
    ),
    json_key="milestones",
    columns=(
        ID,
        Column("commitment_id", "int", _("The commitment (id in the commitments data set).")),
        OGP_ID,
        PLAN_SLUG,
        Column("commitment_number", "int", _("Number of the commitment in its plan.")),
        Column("number", "int", _("Number of the milestone in its commitment.")),
        Column("title", "text", _("The activity.")),
        Column("deliverable", "text", _("Its verifiable deliverable.")),
        Column("start_date", "date", _("Start date.")),
        Column("end_date", "date", _("End date.")),
        Column("irm_completion", "text", _("The IRM's assessment, empty until there is one.")),
        Column(
            "reported_completion",
            "text",
            _("The latest undisputed progress update's status; no_evidence if none."),
        ),
        Column("reported_at", "time", _("When that update was reported.")),
        Column("latest_update_id", "int", _("That update (id in the progress updates data set).")),
    ),
    rows=_milestones,
    modified=lambda: CurrentProgress.objects.filter(
        milestone__commitment__plan__origin=Origin.OFFICIAL
    ).aggregate(latest=Max("reported_at"))["latest"],
)


# --- Proposals ------------------------------------------------------------------------


def _proposal_descriptions() -> dict[str, Promise]:
    return {
        "id": ID.description,
        "tracking_code": _("The code the proposer received, e.g. GA5-7KQ2-M9XD."),
        "plan": PLAN_SLUG.description,
        "origin": _("official: part of the official record."),
        "received_at": _("When it was received."),
        "status": _(
            "published, assigned (to a work table), integrated (into a commitment or "
            "draft), selected, not_selected or merged (into another proposal)."
        ),
        "status_changed_at": _("When its status last changed."),
        "status_reason": _(
            "The public reason given when it reached its current status (empty if none was given)."
        ),
        "status_link": _(
            "Address of what that step led to (a work table, a draft, the selection's "
            "report), if anything."
        ),
        "title": TITLE.description,
        "problem": _("The problem it addresses."),
        "description": _("The commitment proposed and its expected results."),
        "actors": _("Who should take part."),
        "activities": _("Key activities and deliverables."),
        "responsible_institution": _("The institution proposed as responsible."),
        **{column.name: column.description for column in VALUES},
        "sector": _("The proposer's sector: citizen, civil_society, academia, private or public."),
        "region": _("The proposer's region."),
        "merged_into_id": _("The proposal it was merged into, if merged."),
        "commitment_id": _(
            "The commitment it became part of, if any (id in the commitments data set)."
        ),
        "commitment_title": _("That commitment's title."),
        "commitment_url": _("Address of that commitment's page on the portal."),
    }


def _proposal_rows() -> QuerySet:
    return proposal_exports.rows(proposal_selectors.public_proposals())


PROPOSALS = Dataset(
    slug="propuestas",
    api="api:proposal-list",
    title=_("Citizen proposals"),
    description=_(
        "Published commitment proposals and what became of each; never the proposer's "
        "name, e-mail or organisation."
    ),
    json_key="proposals",
    format_name=proposal_exports.FORMAT_NAME,
    format_version=proposal_exports.VERSION,
    columns=tuple(
        Column(name, kind, _proposal_descriptions()[name])
        for name, kind in proposal_exports.COLUMNS
    ),
    rows=_proposal_rows,
    modified=lambda: proposal_selectors.public_proposals().aggregate(
        latest=Max("status_changed_at")
    )["latest"],
)


def _trail() -> QuerySet:
    return (
        ProposalEvent.objects.filter(
            is_public=True,
            proposal__status__in=PUBLIC_STATUSES,
            proposal__origin=Origin.OFFICIAL,
        )
        .order_by("id")
        .values_list(
            "id",
            "proposal_id",
            "proposal__tracking_code",
            "at",
            "from_status",
            "to_status",
            "actor_role",
            "public_reason",
            "related_id",
            "link_label",
            "link_url",
        )
    )


TRAIL = Dataset(
    slug="historial-propuestas",
    api="api:proposal-list",
    title=_("What became of each proposal"),
    description=_("Every public step of every published proposal: its public trail."),
    json_key="steps",
    columns=(
        ID,
        Column("proposal_id", "int", _("The proposal (id in the proposals data set).")),
        Column("tracking_code", "text", _("The proposal's tracking code.")),
        Column("at", "time", _("When the step happened.")),
        Column("from_status", "text", _("Status before the step.")),
        Column("to_status", "text", _("Status after the step.")),
        Column("actor_role", "text", _("Who took the step: proposer, moderator or system.")),
        Column("reason", "text", _("The public reason given.")),
        Column("related_proposal_id", "int", _("The other proposal of a merge.")),
        Column("link_label", "text", _("Where the step led (a work table, a draft).")),
        Column("link_url", "text", _("Its address on the portal.")),
    ),
    rows=_trail,
    modified=lambda: _latest(
        ProposalEvent.objects.filter(is_public=True, proposal__origin=Origin.OFFICIAL), "at"
    ),
)


# --- Sessions and drafts ---------------------------------------------------------------


def _events() -> QuerySet:
    return (
        Event.objects.filter(origin=Origin.OFFICIAL)
        .order_by("id")
        .values_list(
            "id",
            "plan__slug",
            "table_id",
            "table__name",
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "modality",
            "address",
            "region",
            "capacity",
            "accessibility_note",
            "status",
            "cancellation_reason",
        )
    )


EVENTS = Dataset(
    slug="sesiones",
    api="api:event-list",
    title=_("Sessions"),
    description=_(
        "Awareness sessions and work table sessions: when, where, how. Never who registered."
    ),
    json_key="sessions",
    columns=(
        ID,
        PLAN_SLUG,
        Column("work_table_id", "int", _("The work table, for a table's session.")),
        Column("work_table", "text", _("The work table's theme.")),
        Column("kind", "text", _("awareness or table.")),
        TITLE,
        Column("description", "text", _("Description.")),
        Column("starts_at", "time", _("When it starts.")),
        Column("ends_at", "time", _("When it ends.")),
        Column("modality", "text", _("in_person, online or hybrid.")),
        Column("address", "text", _("Where it meets in person.")),
        Column("region", "text", _("Region where it meets in person.")),
        Column("capacity", "int", _("Seats.")),
        Column("accessibility_note", "text", _("Accessibility.")),
        Column("status", "text", _("scheduled or cancelled.")),
        Column("cancellation_reason", "text", _("Why it was cancelled.")),
    ),
    rows=_events,
)


def _drafts() -> QuerySet:
    links = Draft.proposals.through.objects.filter(
        draft_id=OuterRef("pk"), proposal__status__in=PUBLIC_STATUSES
    ).annotate(group=F("draft_id"))
    return (
        Draft.objects.filter(published_at__isnull=False, table__plan__origin=Origin.OFFICIAL)
        .order_by("id")
        .annotate(
            codes=_joined(links, "proposal__tracking_code"),
            url=_url(Value("/borradores/"), Cast("id", CharField()), Value("/")),
        )
        .values_list(
            "id",
            "table__plan__slug",
            "table_id",
            "table__name",
            "title",
            "problem",
            "description",
            "expected_results",
            "actors",
            "responsible_institution__name",
            "transparency",
            "accountability",
            "participation",
            "technology",
            "version",
            "created_at",
            "updated_at",
            "published_at",
            "codes",
            "url",
        )
    )


DRAFTS = Dataset(
    slug="borradores",
    api="api:draft-list",
    title=_("Commitment drafts"),
    description=_(
        "The commitment drafts the work tables published, and the proposals each takes up."
    ),
    json_key="drafts",
    columns=(
        ID,
        PLAN_SLUG,
        Column("work_table_id", "int", _("The work table that wrote it.")),
        Column("work_table", "text", _("The work table's theme.")),
        TITLE,
        Column("problem", "text", _("Problem and gap.")),
        Column("description", "text", _("Description.")),
        Column("expected_results", "text", _("Expected results.")),
        Column("actors", "text", _("Actors.")),
        Column("responsible_institution", "text", _("Responsible institution.")),
        *VALUES,
        Column("version", "int", _("Version (each change makes a new one).")),
        Column("created_at", "time", _("When it was created.")),
        Column("updated_at", "time", _("When it last changed.")),
        Column("published_at", "time", _("When it was published.")),
        Column(
            "integrated_proposals",
            "text",
            _("Tracking codes of the proposals it takes up, separated by '; '."),
        ),
        URL,
    ),
    rows=_drafts,
    modified=lambda: _latest(
        Draft.objects.filter(published_at__isnull=False, table__plan__origin=Origin.OFFICIAL),
        "updated_at",
        "published_at",
    ),
)


# --- Progress -----------------------------------------------------------------------------


def _public_updates() -> QuerySet[ProgressUpdate]:
    return ProgressUpdate.objects.filter(is_public=True, origin=Origin.OFFICIAL)


def _updates() -> QuerySet:
    return (
        _public_updates()
        .order_by("id")
        .values_list(
            "id",
            "milestone_id",
            "milestone__commitment_id",
            "milestone__commitment__ogp_id",
            "milestone__commitment__plan__slug",
            "institution__name",
            "status",
            "note",
            "reported_at",
            "is_disputed",
            "dispute_note",
            "disputed_at",
        )
    )


UPDATES = Dataset(
    slug="avances",
    api="api:progress-update-list",
    title=_("Progress updates"),
    description=_(
        "Each dated progress report of a responsible institution on a milestone; a "
        "disputed one stays, with the Forum's note."
    ),
    json_key="progress_updates",
    columns=(
        ID,
        Column("milestone_id", "int", _("The milestone (id in the milestones data set).")),
        Column("commitment_id", "int", _("The commitment (id in the commitments data set).")),
        OGP_ID,
        PLAN_SLUG,
        Column("reporting_institution", "text", _("The institution that reported it.")),
        Column("status", "text", _("not_started, limited, substantial or complete.")),
        Column("note", "text", _("The progress note.")),
        Column("reported_at", "time", _("When it was reported.")),
        Column("disputed", "bool", _("Whether the Forum disputes it (then it does not count).")),
        Column("dispute_note", "text", _("The Forum's public note.")),
        Column("disputed_at", "time", _("When it was disputed.")),
    ),
    rows=_updates,
    modified=lambda: _latest(_public_updates(), "reported_at", "disputed_at"),
)


def _evidence() -> QuerySet:
    stored = _url(Value("/repositorio/evidencia/"), Cast("id", CharField()), Value("/"))
    return (
        Evidence.objects.filter(update__is_public=True, update__origin=Origin.OFFICIAL)
        .order_by("id")
        .annotate(
            address=Case(When(url="", then=stored), default=F("url"), output_field=CharField())
        )
        .values_list(
            "id",
            "update_id",
            "update__milestone_id",
            "update__milestone__commitment_id",
            "title",
            "address",
            "content_type",
            "size",
            "sha256",
            "created_at",
        )
    )


EVIDENCE = Dataset(
    slug="evidencias",
    api="api:progress-update-list",
    title=_("Evidence of progress"),
    description=_("The files and links that back each progress update."),
    json_key="evidence",
    columns=(
        ID,
        Column("update_id", "int", _("The progress update it backs.")),
        Column("milestone_id", "int", _("The milestone.")),
        Column("commitment_id", "int", _("The commitment.")),
        TITLE,
        Column("url", "text", _("The link, or the address of the stored file.")),
        Column("content_type", "text", _("The stored file's type (empty for a link).")),
        Column("size", "int", _("The stored file's size in bytes.")),
        Column("sha256", "text", _("The stored file's SHA-256 checksum.")),
        Column("added_at", "time", _("When it was added.")),
    ),
    rows=_evidence,
    modified=lambda: _latest(
        Evidence.objects.filter(update__is_public=True, update__origin=Origin.OFFICIAL),
        "created_at",
    ),
)


DATASETS: dict[str, Dataset] = {
    dataset.slug: dataset
    for dataset in (
        PLANS,
        STAGES,
        COMMITMENTS,
        MILESTONES,
        INSTITUTIONS,
        PROPOSALS,
        TRAIL,
        EVENTS,
        DRAFTS,
        UPDATES,
        EVIDENCE,
    )
}


def dataset(slug: str) -> Dataset | None:
    return DATASETS.get(slug)
