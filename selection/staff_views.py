"""The selection in the staff area (``/gestion/seleccion/``): each member
assesses the plan's drafts (an observer comments), and MGA staff record the
Mesa's decision on each. A member sees the others' assessments only once
they have submitted their own. Access: selection/access.py."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.permissions import staff_view
from plans.models import ActionPlan
from worktables import selectors as worktables_selectors

from . import access, selectors, services
from .forms import AssessmentForm, CommentForm, DecisionForm


@staff_view()
def overview(request: HttpRequest) -> HttpResponse:
    seat = access.require_access(request.user)
    plans = worktables_selectors.staff_plans()
    plan = worktables_selectors.staff_plan(request.GET.get("plan", ""), plans)
    return render(
        request,
        "selection/staff/overview.html",
        {
            "plans": plans,
            "plan": plan,
            "seat": seat,
            "decides": access.may_decide(request.user),
            "drafts": selectors.staff_drafts(plan, seat) if plan else [],
            "published": plan is not None and selectors.report_exists(plan),
        },
    )


def _visible(seat, own) -> bool:
    """Whether the others' assessments may be shown: to a member once they
    have submitted theirs, and to deciding staff who hold no seat."""
    return seat is None or own is not None


@staff_view()
@require_http_methods(["GET", "POST"])
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    seat = access.require_access(request.user)
    draft = selectors.draft_for_staff(pk)
    own = selectors.own_assessment(draft, seat)
    form_class = CommentForm if seat is not None and seat.is_observer else AssessmentForm
    form = None
    if seat is not None:
        form = form_class(request.POST or None, initial=form_class.initial_for(own))
    if request.method == "POST":
        if form is None:
            messages.error(request, _("Only the members of the Mesa assess the drafts."))
            return redirect("selection:staff_draft", pk=draft.pk)
        if form.is_valid():
            try:
                services.assess(draft.pk, seat, form.score(), request.user)
            except services.SelectionRefused as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, _("Your assessment is saved."))
            return redirect("selection:staff_draft", pk=draft.pk)
    visible = _visible(seat, own)
    mine = getattr(seat, "pk", None)
    return render(
        request,
        "selection/staff/draft.html",
        {
            "draft": draft,
            "seat": seat,
            "own": own,
            "form": form if draft.decided is None else None,
            "visible": visible,
            "others": [a for a in selectors.assessments(draft) if a.member_id != mine]
            if visible
            else [],
            "summary": selectors.summaries([draft.pk], with_comments=True)[draft.pk]
            if visible
            else None,
            "decides": access.may_decide(request.user),
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_view(access.DECIDE)
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    draft = selectors.draft_for_staff(pk)
    seat = access.seat(request.user)
    visible = _visible(seat, selectors.own_assessment(draft, seat))
    form = DecisionForm(request.POST or None, findings=draft.findings)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide(
                draft.pk,
                form.cleaned_data["outcome"],
                form.cleaned_data["public_reason"],
                request.user,
                override_reason=form.overriding_reason(),
            )
        except services.SelectionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request, _("The decision is recorded and the proposers have been told.")
            )
        return redirect("selection:staff_decide", pk=draft.pk)
    return render(
        request,
        "selection/staff/decide.html",
        {
            "draft": draft,
            "form": form if draft.decided is None else None,
            "visible": visible,
            "summary": selectors.summaries([draft.pk], with_comments=True)[draft.pk]
            if visible
            else None,
            "assessments": selectors.assessments(draft) if visible else [],
            "history": selectors.decision_history(draft),
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_view(access.DECIDE)
@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(ActionPlan.objects.exclude(origin="synthetic"), slug=slug)
    _report, created = services.publish_report(plan, request.user)
    if created:
        messages.success(request, _("The selection report is public."))
    else:
        messages.info(request, _("The selection report was already public."))
    return redirect(reverse("selection:staff") + f"?plan={plan.slug}")
