"""Staff pages of stages 1, 3 and 4 (``/gestion/mesas/...``): sessions and
their attendees, minutes, work tables, their proposals and drafts, and the
early publication of a table's results. Every write goes through services."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import streaming
from core.permissions import staff_view
from core.staff import first_error
from plans.models import ActionPlan, OGPValue
from proposals.models import Proposal
from proposals.services import TransitionNotAllowed

from . import selectors, services
from .forms import (
    AssignForm,
    CancelEventForm,
    DraftForm,
    EventForm,
    MilestoneFormSet,
    MinutesForm,
    SetAsideForm,
    WorkTableForm,
)
from .models import Draft, Event, Minutes, WorkTable

RUN = "worktables.run_worktables"


@staff_view("proposals.moderate_proposal")
@require_POST
def assign(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal.objects.only("pk", "plan_id"), pk=proposal_id)
    form = AssignForm(request.POST, plan_id=proposal.plan_id)
    if not form.is_valid():
        messages.error(request, _("Choose one of this process's work tables."))
    else:
        try:
            services.assign(
                proposal.pk,
                form.cleaned_data["table"],
                request.user,
                public_reason=form.cleaned_data["public_reason"],
                expected_status=form.cleaned_data["expected_status"] or None,
            )
        except TransitionNotAllowed as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Done. The proposer has been notified."))
    return redirect("proposals:moderate", pk=proposal.pk)


# --- Overview -------------------------------------------------------------------


@staff_view(RUN)
def overview(request: HttpRequest) -> HttpResponse:
    plans = selectors.staff_plans()
    plan = selectors.staff_plan(request.GET.get("plan", ""), plans)
    return render(
        request,
        "worktables/staff/overview.html",
        {
            "plans": plans,
            "plan": plan,
            "events": selectors.staff_events(plan) if plan else [],
            "tables": selectors.staff_tables(plan) if plan else [],
        },
    )


# --- Sessions ---------------------------------------------------------------------


@staff_view(RUN)
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    slug = request.POST.get("plan") or request.GET.get("plan", "")
    plan = ActionPlan.objects.filter(slug=slug).exclude(origin="synthetic").first()
    if plan is None:
        messages.error(request, _("Choose the process the session belongs to."))
        return redirect("worktables:staff")
    form = EventForm(request.POST or None, plan=plan, instance=Event(plan=plan))
    if request.GET.get("mesa", "").isdigit() and not request.POST:
        form.initial["table"] = int(request.GET["mesa"])
    if request.method == "POST" and form.is_valid():
        try:
            event = services.schedule(
                plan, form.changes(), request.user, table=form.cleaned_data["table"]
            )
        except services.EventNotChanged as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The session is scheduled and open for registration."))
            return redirect("worktables:staff_event", pk=event.pk)
    return render(
        request,
        "worktables/staff/event_form.html",
        {"form": form, "plan": plan},
        status=400 if request.method == "POST" else 200,
    )


def _event(pk: int) -> Event:
    return get_object_or_404(Event.objects.select_related("plan", "table"), pk=pk)


@staff_view(RUN)
def event_page(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    return render(
        request,
        "worktables/staff/event.html",
        {
            "event": event,
            "attendees": selectors.attendees(event),
            "cancel_form": CancelEventForm(),
            "minutes": Minutes.objects.filter(event=event).first(),
        },
    )


@staff_view(RUN)
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.update(pk, form.changes(), request.user)
        except services.EventNotChanged as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _("Saved. If the time, place or link changed, everyone registered is told."),
            )
        return redirect("worktables:staff_event", pk=pk)
    return render(
        request,
        "worktables/staff/event_form.html",
        {"form": form, "plan": event.plan, "event": event},
        status=400 if request.method == "POST" else 200,
    )


@staff_view(RUN)
@require_POST
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    form = CancelEventForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
    else:
        try:
            services.cancel_event(event.pk, form.cleaned_data["reason"], request.user)
        except services.EventNotChanged as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The session is cancelled; everyone registered is told."))
    return redirect("worktables:staff_event", pk=event.pk)


ATTENDEE_COLUMNS = [
    "status",
    "name",
    "email",
    "sector",
    "organisation",
    "region",
    "accessibility_needs",
    "registered_at",
    "confirmed_at",
]


@staff_view(RUN)
def attendees_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """Staff only: the attendee list, to prepare the room and the accessibility."""
    event = _event(pk)

    def rows():
        yield ATTENDEE_COLUMNS
        for person in selectors.attendees(event):
            yield [
                person.status,
                person.name,
                person.email,
                person.sector,
                person.organisation,
                person.region,
                person.accessibility_needs,
                timezone.localtime(person.created_at).isoformat(),
                person.confirmed_at and timezone.localtime(person.confirmed_at).isoformat(),
            ]

    response = streaming.download(streaming.csv_lines(rows()), "csv", f"inscritos-sesion-{pk}")
    response["Cache-Control"] = "private, no-store"
    return response


@staff_view(RUN)
@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    minutes = Minutes.objects.filter(event=event).prefetch_related("attachments").first()
    initial = {}
    if minutes:
        initial = {"text": minutes.text} | {
            f"attendance_{sector}": n for sector, n in minutes.attendance.items()
        }
    form = MinutesForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        minutes = services.save_minutes(
            event.pk, form.cleaned_data["text"], form.attendance(), request.user
        )
        if form.cleaned_data.get("document"):
            services.add_minutes_document(
                minutes, form.cleaned_data["document_title"], form.cleaned_data["document"]
            )
        messages.success(request, _("The minutes are saved."))
        return redirect("worktables:staff_minutes", pk=event.pk)
    return render(
        request,
        "worktables/staff/minutes.html",
        {"event": event, "minutes": minutes, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@staff_view(RUN)
@require_POST
def minutes_publish(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    try:
        services.publish_minutes(event.pk, request.user)
    except Minutes.DoesNotExist:
        messages.error(request, _("Write the minutes before publishing them."))
    except services.MinutesRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The minutes are public on the session's page."))
    return redirect("worktables:staff_minutes", pk=event.pk)


# --- Tables and drafts ------------------------------------------------------------------


def _table(pk: int) -> WorkTable:
    return get_object_or_404(WorkTable.objects.select_related("plan"), pk=pk)


@staff_view(RUN)
@require_http_methods(["GET", "POST"])
def table_create(request: HttpRequest) -> HttpResponse:
    slug = request.POST.get("plan") or request.GET.get("plan", "")
    plan = ActionPlan.objects.filter(slug=slug).exclude(origin="synthetic").first()
    if plan is None:
        messages.error(request, _("Choose the process the work table belongs to."))
        return redirect("worktables:staff")
    return _table_form(request, plan, None)


@staff_view(RUN)
@require_http_methods(["GET", "POST"])
def table_edit(request: HttpRequest, pk: int) -> HttpResponse:
    table = _table(pk)
    return _table_form(request, table.plan, table)


def _table_form(request: HttpRequest, plan: ActionPlan, table: WorkTable | None) -> HttpResponse:
    form = WorkTableForm(request.POST or None, instance=table)
    if request.method == "POST" and form.is_valid():
        table = services.save_table(plan, form.cleaned_data, request.user, table=table)
        messages.success(request, _("The work table is saved."))
        return redirect("worktables:staff_table", pk=table.pk)
    return render(
        request,
        "worktables/staff/table_form.html",
        {"form": form, "plan": plan, "table": table},
        status=400 if request.method == "POST" else 200,
    )


@staff_view(RUN)
def table_page(request: HttpRequest, pk: int) -> HttpResponse:
    table = _table(pk)
    return render(
        request,
        "worktables/staff/table.html",
        {
            "table": table,
            "proposals": selectors.staff_table_proposals(table),
            "drafts": table.drafts.order_by("created_at", "pk"),
            "sessions": table.sessions.order_by("starts_at", "pk"),
            "set_aside_form": SetAsideForm(table=table),
        },
    )


@staff_view(RUN)
@require_POST
def set_aside(request: HttpRequest, pk: int) -> HttpResponse:
    table = _table(pk)
    form = SetAsideForm(request.POST, table=table)
    if not form.is_valid():
        messages.error(request, first_error(form))
    else:
        try:
            services.set_aside(
                form.cleaned_data["proposal"].pk,
                table,
                form.cleaned_data["public_reason"],
                request.user,
            )
        except TransitionNotAllowed as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Done. The proposer has been notified."))
    return redirect("worktables:staff_table", pk=table.pk)


@staff_view(RUN)
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    table = _table(pk)
    result = services.publish_table(table.pk, request.user)
    messages.success(
        request,
        _(
            "Published. Drafts: %(drafts)d; minutes: %(minutes)d; "
            "proposals integrated: %(integrated)d."
        )
        % vars(result),
    )
    return redirect("worktables:staff_table", pk=table.pk)


@staff_view(RUN)
@require_http_methods(["GET", "POST"])
def draft_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _draft_form(request, _table(pk), None)


@staff_view(RUN)
@require_http_methods(["GET", "POST"])
def draft_edit(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_object_or_404(Draft.objects.select_related("table__plan"), pk=pk)
    return _draft_form(request, draft.table, draft)


def _draft_form(request: HttpRequest, table: WorkTable, draft: Draft | None) -> HttpResponse:
    initial = DraftForm.initial_for(draft) if draft else {}
    milestones = (
        [
            {key: getattr(m, key) for key in ("title", "deliverable", "start_date", "end_date")}
            for m in draft.milestones.all()
        ]
        if draft
        else []
    )
    form = DraftForm(request.POST or None, table=table, draft=draft, initial=initial)
    formset = MilestoneFormSet(request.POST or None, initial=milestones, prefix="hitos")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            saved = services.save_draft(
                table,
                services.DraftData(
                    title=data["title"],
                    problem=data["problem"],
                    description=data["description"],
                    expected_results=data["expected_results"],
                    actors=data["actors"],
                    responsible_institution=data["responsible_institution"],
                    **{value: value in data["values"] for value in OGPValue.values},
                    milestones=[
                        services.MilestoneData(number=number, **row)
                        for number, row in enumerate(
                            (row for row in formset.cleaned_data if row), start=1
                        )
                    ],
                    proposal_ids=[proposal.pk for proposal in data["proposals"]],
                ),
                request.user,
                draft_id=draft.pk if draft else None,
            )
        except services.DraftRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request, _("The draft is saved (version %(n)d).") % {"n": saved.version}
            )
            return redirect("worktables:staff_draft", pk=saved.pk)
    return render(
        request,
        "worktables/staff/draft_form.html",
        {
            "table": table,
            "draft": draft,
            "form": form,
            "formset": formset,
            "versions": draft.versions.select_related("author") if draft else [],
        },
        status=400 if request.method == "POST" else 200,
    )
