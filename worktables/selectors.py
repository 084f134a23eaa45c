"""Reads of the work tables' app. Public reads select only the columns
declared public (worktables/models.py) and fetch related rows once, so a
page's query count does not grow with the data. Drafts and the minutes of a
table's sessions are public only once published."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core import public
from plans.models import ActionPlan, Institution
from proposals.models import PUBLIC_STATUSES, Proposal
from stages.selectors import current_process

from .models import (
    Draft,
    DraftMilestone,
    DraftVersion,
    Event,
    EventKind,
    Minutes,
    MinutesAttachment,
    Registration,
    RegistrationStatus,
    WorkTable,
)


def _with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.annotate(
        seats_taken=Count("registrations", filter=Q(registrations__status="confirmed")),
        people_waiting=Count("registrations", filter=Q(registrations__status="waiting")),
    )


def public_events() -> QuerySet[Event]:
    return _with_counts(public.only(Event.objects.all(), "table"))


@dataclass(frozen=True)
class PlanEvents:
    plan: ActionPlan
    upcoming: list[Event]
    past: list[Event]

    @property
    def awareness(self) -> list[Event]:
        return [event for event in self.upcoming if event.kind == EventKind.AWARENESS]

    @property
    def table_sessions(self) -> list[Event]:
        return [event for event in self.upcoming if event.kind == EventKind.TABLE]


def plan_events(slug: str) -> PlanEvents:
    """A plan's sessions, those to come first (soonest first), then the past
    ones (latest first). Two queries."""
    plan = get_object_or_404(public.only(ActionPlan.objects.all()), slug=slug)
    events = list(public_events().filter(plan=plan).order_by("starts_at", "pk"))
    now = timezone.now()
    upcoming = [event for event in events if event.ends_at > now]
    past = [event for event in reversed(events) if event.ends_at <= now]
    return PlanEvents(plan, upcoming, past)


def event_for_page(pk: int) -> Event:
    """One session with its plan and table and, once published, its minutes and
    their documents. Three queries."""
    event = get_object_or_404(public.only(public_events(), "plan", "table"), pk=pk)
    event.published_minutes = (
        public.only(Minutes.objects.filter(event=event, published_at__isnull=False))
        .prefetch_related(
            Prefetch("attachments", queryset=public.only(MinutesAttachment.objects.all()))
        )
        .first()
    )
    return event


def event_for_registration(pk: int) -> Event:
    return get_object_or_404(public.only(public_events(), "plan"), pk=pk)


def registration(token: str) -> Registration:
    """A person's own registration, by the token their e-mails carry."""
    return get_object_or_404(
        Registration.objects.select_related("event__plan", "event__table").only(
            "id",
            "status",
            "token",
            "event__id",
            "event__title",
            "event__kind",
            "event__origin",
            "event__starts_at",
            "event__ends_at",
            "event__modality",
            "event__address",
            "event__region",
            "event__online_url",
            "event__status",
            "event__accessibility_note",
            "event__plan__id",
            "event__plan__slug",
            "event__plan__title",
            "event__plan__start_year",
            "event__plan__end_year",
            "event__plan__origin",
            "event__table__id",
            "event__table__name",
        ),
        token=token,
    )


def table_for_page(pk: int) -> WorkTable:
    """A table with its plan, invited institutions, sessions and (once
    published) drafts. Four queries; its proposals are :func:`table_proposals`."""
    institutions = public.only(Institution.objects.order_by("name"))
    table = get_object_or_404(
        public.only(WorkTable.objects.all(), "plan").prefetch_related(
            Prefetch("institutions", queryset=institutions)
        ),
        pk=pk,
    )
    table.public_sessions = list(public_events().filter(table=table).order_by("starts_at", "pk"))
    table.published_drafts = list(published_drafts().filter(table=table))
    return table


def table_proposals(table: WorkTable) -> QuerySet[Proposal]:
    """The public proposals given to ``table``, to page through."""
    return public.only(
        Proposal.objects.filter(status__in=PUBLIC_STATUSES, table_assignment__table=table)
    ).order_by("tracking_code", "pk")


def published_drafts() -> QuerySet[Draft]:
    return public.only(Draft.objects.filter(published_at__isnull=False)).order_by(
        "created_at", "pk"
    )


def draft_for_page(pk: int) -> Draft:
    """A published draft with where it came from: its table and plan, the
    proposals it integrates, the table's sessions; and its milestones and
    versions. Five queries."""
    draft = get_object_or_404(
        public.only(
            Draft.objects.filter(published_at__isnull=False),
            "table",
            "table__plan",
            "responsible_institution",
        ).prefetch_related(
            Prefetch("milestones", queryset=public.only(DraftMilestone.objects.all())),
            Prefetch("versions", queryset=public.only(DraftVersion.objects.all())),
        ),
        pk=pk,
    )
    draft.public_proposals = list(
        public.only(
            Proposal.objects.filter(status__in=PUBLIC_STATUSES, draft_link__draft=draft)
        ).order_by("tracking_code")
    )
    draft.sessions = list(
        public.only(Event.objects.filter(table_id=draft.table_id)).order_by("starts_at", "pk")
    )
    return draft


def published_attachment(pk: int) -> MinutesAttachment:
    return get_object_or_404(
        MinutesAttachment.objects.filter(minutes__published_at__isnull=False).only(
            "id", "file", "title"
        ),
        pk=pk,
    )


@dataclass(frozen=True)
class PlanPanel:
    upcoming: list[Event]
    tables: list[WorkTable]


PANEL_EVENTS = 3


def plan_panel(plan: ActionPlan) -> PlanPanel | None:
    """What the plan page shows of stages 1, 3 and 4: the next sessions, the
    tables and their published drafts. Three queries."""
    events = list(
        public.only(Event.objects.filter(plan=plan, ends_at__gt=timezone.now()), "table").order_by(
            "starts_at", "pk"
        )[:PANEL_EVENTS]
    )
    tables = list(
        public.only(WorkTable.objects.filter(plan=plan))
        .annotate(
            proposal_count=Count(
                "assignments", filter=Q(assignments__proposal__status__in=PUBLIC_STATUSES)
            )
        )
        .prefetch_related(Prefetch("drafts", queryset=published_drafts(), to_attr="published"))
        .order_by("name")
    )
    if not events and not tables:
        return None
    return PlanPanel(events, tables)


def attendees(event: Event) -> list[Registration]:
    """Staff only: who registered, seats first, then waiting, in order."""
    order = {
        RegistrationStatus.CONFIRMED: 0,
        RegistrationStatus.WAITING: 1,
        RegistrationStatus.PENDING: 2,
        RegistrationStatus.CANCELLED: 3,
    }
    rows = list(Registration.objects.filter(event=event).order_by("confirmed_at", "created_at"))
    return sorted(rows, key=lambda row: order[row.status])


# --- Staff --------------------------------------------------------------------------


def staff_plans() -> list[ActionPlan]:
    """Plans staff run sessions for: official and demonstration ones."""
    return list(ActionPlan.objects.exclude(origin="synthetic").order_by("origin", "-start_year"))


def staff_plan(slug: str, plans: list[ActionPlan]) -> ActionPlan | None:
    """The plan named in the address, else the process now under way, else the newest."""
    chosen = next((plan for plan in plans if plan.slug == slug), None)
    if chosen is None:
        current = current_process()
        chosen = next((plan for plan in plans if current and plan.pk == current.pk), None)
    return chosen or (plans[0] if plans else None)


def staff_events(plan: ActionPlan) -> list[Event]:
    return list(
        _with_counts(Event.objects.filter(plan=plan).select_related("table"))
        .annotate(people_pending=Count("registrations", filter=Q(registrations__status="pending")))
        .order_by("starts_at", "pk")
    )


def staff_tables(plan: ActionPlan) -> list[WorkTable]:
    return list(
        WorkTable.objects.filter(plan=plan)
        .annotate(
            proposal_count=Count("assignments", distinct=True),
            draft_count=Count("drafts", distinct=True),
        )
        .order_by("name")
    )


def staff_table_proposals(table: WorkTable) -> list[Proposal]:
    return list(
        Proposal.objects.filter(table_assignment__table=table)
        .select_related("draft_link__draft")
        .order_by("tracking_code")
    )
