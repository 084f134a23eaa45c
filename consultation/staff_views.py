"""Staff pages of the consultation (``/gestion/consulta/...``): what remains
to answer per commitment, the comments to answer one by one or in bulk,
moderation of flagged comments, the revision of a commitment's text after
the consultation, and marking the consultation answered. Every write goes
through services."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core.permissions import staff_view
from core.staff import first_error, safe_next
from plans.models import ActionPlan, Commitment
from stages.models import StageKind

from . import services
from .forms import BulkResponseForm, MilestoneFormSet, ModerateForm, ResponseForm, RevisionForm
from .models import COUNTED, Comment, CommentStatus, CommitmentVersion, Flag, Outcome

MODERATE = "consultation.moderate_comment"
PAGE_SIZE = 50

# The queue's views (``?estado=``): the first is the default.
STATES = {
    "pendientes": gettext_lazy("Awaiting a response"),
    "respondidos": gettext_lazy("Answered"),
    "reportados": gettext_lazy("Hidden by reports"),
    "ocultos": gettext_lazy("Hidden by a moderator"),
    "sin-confirmar": gettext_lazy("E-mail not confirmed"),
}


def _filter(comments, state: str):
    return {
        "pendientes": comments.filter(status__in=COUNTED, response__isnull=True),
        "respondidos": comments.filter(status__in=COUNTED, response__isnull=False),
        "reportados": comments.filter(status=CommentStatus.FLAGGED),
        "ocultos": comments.filter(status=CommentStatus.HIDDEN),
        "sin-confirmar": comments.filter(status=CommentStatus.PENDING),
    }[state]


def consulted_plans():
    """Plans whose calendar has a consultation, with what remains to answer."""
    return (
        ActionPlan.objects.filter(stages__kind=StageKind.CONSULTATION)
        .exclude(origin="synthetic")
        .annotate(
            awaiting=Count(
                "consultation_comments",
                filter=Q(
                    consultation_comments__status__in=COUNTED,
                    consultation_comments__response__isnull=True,
                ),
            ),
            flagged=Count(
                "consultation_comments",
                filter=Q(consultation_comments__status=CommentStatus.FLAGGED),
            ),
        )
        .prefetch_related("stages")
        .order_by("-start_year", "pk")
    )


def _chosen(plans, slug: str) -> ActionPlan | None:
    plans = list(plans)
    return next((p for p in plans if p.slug == slug), plans[0] if plans else None)


@staff_view(MODERATE)
def overview(request: HttpRequest) -> HttpResponse:
    plans = list(consulted_plans())
    plan = _chosen(plans, request.GET.get("plan", ""))
    commitments = []
    stage = consultation = None
    if plan is not None:
        counted = Q(comments__status__in=COUNTED)
        commitments = (
            Commitment.objects.filter(plan=plan)
            .annotate(
                total=Count("comments", filter=counted),
                awaiting=Count("comments", filter=counted & Q(comments__response__isnull=True)),
                flagged=Count("comments", filter=Q(comments__status=CommentStatus.FLAGGED)),
                revisions=Count(
                    "versions",
                    filter=Q(versions__kind=CommitmentVersion.Kind.REVISED),
                    distinct=True,
                ),
            )
            .order_by("number")
        )
        stage = services.consultation_stage(plan)
        consultation = getattr(plan, "consultation", None) if plan else None
    return render(
        request,
        "consultation/staff/overview.html",
        {
            "plans": plans,
            "plan": plan,
            "stage": stage,
            "consultation": consultation,
            "commitments": commitments,
            "plan_awaiting": services.awaiting(plan).filter(commitment=None).count() if plan else 0,
        },
    )


@staff_view(MODERATE)
def queue(request: HttpRequest) -> HttpResponse:
    plans = list(consulted_plans())
    plan = _chosen(plans, request.GET.get("plan", ""))
    state = request.GET.get("estado", "")
    if state not in STATES:
        state = "pendientes"
    number = request.GET.get("compromiso", "")
    comments = Comment.objects.none()
    commitment = None
    if plan is not None:
        comments = _filter(Comment.objects.filter(plan=plan), state)
        if number.isascii() and number.isdigit() and len(number) < 6:
            commitment = Commitment.objects.filter(plan=plan, number=int(number)).first()
        if number == "plan":
            comments = comments.filter(commitment=None)
        elif commitment is not None:
            comments = comments.filter(commitment=commitment)
    comments = comments.select_related("commitment", "response", "parent").order_by(
        "confirmed_at", "created_at", "pk"
    )
    page = Paginator(comments, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = {"estado": state, **({"plan": plan.slug} if plan else {})}
    if commitment is not None or number == "plan":
        query["compromiso"] = number
    return render(
        request,
        "consultation/staff/queue.html",
        {
            "plans": plans,
            "plan": plan,
            "state": state,
            "states": STATES.items(),
            "commitment": commitment,
            "page": page,
            "query": urlencode(query),
            "form": BulkResponseForm(),
        },
    )


@staff_view(MODERATE)
@require_POST
def bulk_respond(request: HttpRequest) -> HttpResponse:
    form = BulkResponseForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
    else:
        answer = services.Answer(
            outcome=form.cleaned_data["outcome"],
            reason=form.cleaned_data["reason"],
            own_reasons=form.own_reasons(request.POST),
        )
        done, problems = services.respond(form.cleaned_data["ids"], answer, request.user)
        messages.success(
            request,
            ngettext("%(count)s comment answered.", "%(count)s comments answered.", done)
            % {"count": done},
        )
        for problem in problems:
            messages.warning(request, problem)
    return HttpResponseRedirect(safe_next(request, "consultation:staff_queue"))


def _comment(pk: int) -> Comment:
    return get_object_or_404(
        Comment.objects.select_related(
            "plan", "commitment", "milestone", "parent", "response"
        ).prefetch_related(Prefetch("flags", Flag.objects.order_by("created_at"))),
        pk=pk,
    )


@staff_view(MODERATE)
@require_http_methods(["GET", "POST"])
def comment_page(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(pk)
    response = getattr(comment, "response", None)
    initial = (
        {"outcome": response.outcome, "reason": response.reason, "version": response.version_id}
        if response
        else {}
    )
    form = ResponseForm(request.POST or None, commitment_id=comment.commitment_id, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            version = form.cleaned_data.get("version")
            answer = services.Answer(
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                version_id=version.pk if version else None,
            )
            done, problems = services.respond([comment.pk], answer, request.user)
            for problem in problems:
                messages.error(request, problem)
            if done:
                messages.success(request, _("The response is published and e-mailed."))
        else:
            messages.error(request, first_error(form))
        return redirect("consultation:staff_comment", pk=comment.pk)
    return render(
        request,
        "consultation/staff/comment.html",
        {
            "comment": comment,
            "response": response,
            "form": form,
            "moderate_form": ModerateForm(auto_id="moderar_%s"),
            "Outcome": Outcome,
            "Status": CommentStatus,
        },
    )


@staff_view(MODERATE)
@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.only("pk"), pk=pk)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
    else:
        try:
            if form.cleaned_data["action"] == "hide":
                services.hide(comment.pk, form.cleaned_data["reason"], request.user)
                messages.success(request, _("The comment is hidden; its place says why."))
            else:
                services.restore(comment.pk, request.user)
                messages.success(request, _("The comment is shown again."))
        except services.Refused as refusal:
            messages.error(request, str(refusal))
    return redirect("consultation:staff_comment", pk=comment.pk)


@staff_view(MODERATE)
@require_POST
def mark_answered(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(ActionPlan.objects.only("pk", "slug"), pk=pk)
    try:
        services.mark_answered(plan.pk, request.user)
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The consultation is marked answered."))
    return redirect(f"{reverse('consultation:staff')}?plan={plan.slug}")


@staff_view(MODERATE)
@require_http_methods(["GET", "POST"])
def revise(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(
        Commitment.objects.select_related("plan").prefetch_related("milestones"), pk=pk
    )
    milestones = [
        {key: getattr(m, key) for key in ("title", "deliverable", "start_date", "end_date")}
        for m in commitment.milestones.all()
    ]
    form = RevisionForm(request.POST or None, initial=RevisionForm.initial_for(commitment))
    formset = MilestoneFormSet(request.POST or None, initial=milestones, prefix="hitos")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            version = services.revise(
                commitment.pk,
                services.Revision(
                    title=data["title"],
                    problem=data["problem"],
                    description=data["description"],
                    expected_results=data["expected_results"],
                    summary=data["summary"],
                    milestones=[
                        services.MilestoneText(**row) for row in formset.cleaned_data if row
                    ],
                ),
                request.user,
            )
        except services.Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request, _("The text is saved as version %(n)d.") % {"n": version.number}
            )
            return redirect("consultation:staff_revise", pk=commitment.pk)
    return render(
        request,
        "consultation/staff/revise.html",
        {
            "commitment": commitment,
            "form": form,
            "formset": formset,
            "versions": commitment.versions.order_by("-number"),
        },
        status=400 if request.method == "POST" else 200,
    )
