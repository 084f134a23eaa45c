"""The staff side of the follow-up (``/gestion/avance/``): officers report on
their institution's milestones; the Forum's reviewers see every institution's
and dispute or withdraw updates. Access: tracking/access.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import staff_view
from core.staff import first_error
from plans.models import Completion

from . import access, selectors, services
from .forms import DisputeForm, ReportForm, WithdrawForm

PAGE_SIZE = 50


@staff_view()
def commitments(request: HttpRequest) -> HttpResponse:
    institutions = access.require_tracker(request.user)
    reviewer = access.is_reviewer(request.user)
    rows = selectors.commitments_for(institutions, every=reviewer, today=timezone.localdate())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    for commitment in page:
        commitment.reported_label = Completion(commitment.reported_status).label
        commitment.percent = selectors.percent(commitment.progress)
    return render(
        request,
        "tracking/staff/commitments.html",
        {"page": page, "reviewer": reviewer, "reports": bool(institutions)},
    )


@staff_view()
def milestone(request: HttpRequest, pk: int) -> HttpResponse:
    milestone, reports = access.milestone_for(request.user, pk)
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not reports:
            messages.error(request, _("Only the responsible institution's officers report."))
            return redirect("tracking:staff_milestone", pk=milestone.pk)
        if form.is_valid():
            data = form.cleaned_data
            services.report(
                milestone.pk,
                status=data["status"],
                note=data["note"],
                author=request.user,
                files=data["files"],
                links=data["links"],
            )
            messages.success(request, _("Progress update published."))
            return redirect("tracking:staff_milestone", pk=milestone.pk)
    return render(
        request,
        "tracking/staff/milestone.html",
        {
            "milestone": milestone,
            "commitment": milestone.commitment,
            "form": form if reports else None,
            "reviewer": access.is_reviewer(request.user),
            "updates": _with_review_forms(selectors.milestone_updates(milestone)),
        },
        status=400 if request.method == "POST" else 200,
    )


def _with_review_forms(updates: list) -> list:
    """Each update with its own dispute and withdrawal forms (ids unique in the page)."""
    for update in updates:
        update.dispute_form = DisputeForm(auto_id=f"id_disputa_{update.pk}_%s")
        update.withdraw_form = WithdrawForm(auto_id=f"id_retiro_{update.pk}_%s")
    return updates


@staff_view(access.REVIEW)
@require_POST
def dispute(request: HttpRequest, pk: int) -> HttpResponse:
    update = access.update_for_review(request.user, pk)
    form = DisputeForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
    else:
        try:
            services.dispute(update.pk, form.cleaned_data["note"], request.user)
        except services.NotAllowed as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The update is marked disputed, with your public note."))
    return redirect("tracking:staff_milestone", pk=update.milestone_id)


@staff_view(access.REVIEW)
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    update = access.update_for_review(request.user, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
    else:
        try:
            services.withdraw(update.pk, form.cleaned_data["reason"], request.user)
        except services.NotAllowed as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The update is no longer public."))
    return redirect("tracking:staff_milestone", pk=update.milestone_id)
