"""Moderation for the Mesa de Gobierno Abierto staff."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.permissions import staff_view
from core.staff import first_error, safe_next

from . import selectors, services
from .destinations import COMMITMENT
from .forms import BulkModerationForm, ModerationForm, QueueFilterForm
from .models import Proposal, ProposalEvent, Status

PAGE_SIZE = 50


moderator_required = staff_view("proposals.moderate_proposal")


@moderator_required
def queue(request: HttpRequest) -> HttpResponse:
    filters = QueueFilterForm(request.GET)
    if not filters.is_valid():
        messages.error(request, first_error(filters))
    status, q = filters.status(), filters.text()
    proposals = (
        Proposal.objects.filter(status=status)
        .select_related("plan", "responsible_institution")
        .order_by("created_at", "id")
    )
    proposals = selectors.search(proposals, q)
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "proposals/staff/queue.html",
        {
            "page": page,
            "status": status,
            "counts": [(Status(s), n) for s, n in selectors.status_counts().items()],
            "q": q,
            "query": urlencode({"estado": status, "q": q}),
            "form": BulkModerationForm(initial={"expected_status": status}),
        },
        status=200 if filters.is_valid() else 400,
    )


@moderator_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    form = BulkModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.problem())
    else:
        ids = form.cleaned_data["ids"]
        done, problems = services.bulk_transition(ids, form.change(), request.user)
        changed = ngettext("%(count)s proposal changed.", "%(count)s proposals changed.", done)
        messages.success(request, changed % {"count": done})
        for problem in problems:
            messages.warning(request, problem)
    return HttpResponseRedirect(safe_next(request, "proposals:queue"))


@moderator_required
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    events = ProposalEvent.objects.select_related("actor", "related")
    proposal = get_object_or_404(
        Proposal.objects.select_related(
            "plan", "responsible_institution", "merged_into", "commitment", "commitment__plan"
        ).prefetch_related(Prefetch("events", queryset=events)),
        pk=pk,
    )
    allowed = services.ALLOWED[Status(proposal.status)]
    initial = {"expected_status": proposal.status}
    if proposal.commitment_id:
        initial["destination"] = f"{COMMITMENT}:{proposal.commitment_id}"
    merge_into = request.GET.get("fusionar", "")[:30]
    if merge_into and Status.MERGED in allowed:
        # "Merge into this one", beside a likely duplicate: the decision comes
        # filled in, and the moderator still reads it, adds a reason and saves.
        initial.update(to_status=Status.MERGED, merged_into=merge_into)
    form = ModerationForm(request.POST or None, proposal=proposal, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            done = _decide(proposal, form, request.user)
        except services.TransitionNotAllowed as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, done)
        return redirect("proposals:moderate", pk=proposal.pk)
    form.fields["to_status"].choices = form.offered
    return render(
        request,
        "proposals/staff/moderate.html",
        {
            "proposal": proposal,
            "form": form,
            "allowed": allowed,
            "can_merge": Status.MERGED in allowed,
            "duplicates": selectors.likely_duplicates(proposal),
        },
        status=400 if request.method == "POST" else 200,
    )


def _decide(proposal: Proposal, form: ModerationForm, actor) -> str:
    """Apply the decision: here, or in the app that owns the place it goes
    into (a commitment draft). What to tell the moderator."""
    handed_over = form.handed_over()
    if handed_over is not None:
        kind, place = handed_over
        return kind.integrate(proposal.pk, place, form.change(), actor)
    services.transition(proposal.pk, form.change(), actor)
    return _("Done. The proposer has been notified.")
