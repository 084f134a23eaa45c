"""Public pages of stages 6 and 7: the draft plan in consultation (the plan's
page, each commitment's, with their comments a page at a time), the forms
to comment, reply and report, the confirmation of a comment by the link in
its e-mail, the report, a commitment's changes and lineage, and the
published plan with its PDF.

The pages people read are page-cached; the forms (which carry a CSRF token)
and the confirmation (one person's link) are not."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core import streaming
from core.cache import public_page
from core.components import Download
from core.ratelimit import client_ip, exceeded
from plans.models import ActionPlan
from proposals.models import ProposerSector, Region
from stages.models import StageKind

from . import diffing, pdf, report, selectors, services
from .forms import CommentForm, FlagForm
from .models import CommentStatus, CommitmentVersion, Outcome, Stance

COMMENTS_PER_IP_PER_HOUR = 20
COMMENTS_PER_EMAIL_PER_DAY = 20
FLAGS_PER_IP_PER_HOUR = 30


# --- Reading ----------------------------------------------------------------------------


@public_page
def plan_page(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.consulted_plan(slug)
    return render(
        request,
        "consultation/plan.html",
        {
            "plan": plan,
            "info": selectors.stage_info(plan),
            "commitments": selectors.commitments_with_counts(plan),
            "thread": selectors.thread(plan, None, request.GET.get("pagina")),
            "consultation": selectors.consultation(plan),
            "publication": selectors.publication(plan),
        },
    )


@public_page
def commitment_page(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    plan = selectors.consulted_plan(slug)
    commitment = selectors.commitment(plan, number)
    return render(
        request,
        "consultation/commitment.html",
        {
            "plan": plan,
            "commitment": commitment,
            "info": selectors.stage_info(plan),
            "thread": selectors.thread(plan, commitment, request.GET.get("pagina")),
        },
    )


# --- Writing: comment, reply, report ----------------------------------------------------


def _closed(request: HttpRequest, plan: ActionPlan, back: str) -> HttpResponse:
    """The form's page while the consultation is not open. A POST gets it
    with 403: nothing is stored outside the stage."""
    return render(
        request,
        "consultation/closed.html",
        {"plan": plan, "info": selectors.stage_info(plan), "back": back},
        status=200 if request.method == "GET" else 403,
    )


def _over_limits(request: HttpRequest, email: str) -> bool:
    by_ip = exceeded("comment-ip", client_ip(request), COMMENTS_PER_IP_PER_HOUR, 3600)
    by_email = exceeded("comment-email", email, COMMENTS_PER_EMAIL_PER_DAY, 86400)
    return by_ip or by_email


def _comment(request, plan, target_for, form, template_context) -> HttpResponse:
    """The shared flow of the comment and reply forms."""
    refusal = ""
    if request.method == "POST" and form.is_valid():
        if form.is_bot:
            return redirect("consultation:sent")
        data = form.cleaned_data
        if _over_limits(request, data["email"]):
            refusal = _(
                "We received many comments from you in a short time. To protect the "
                "consultation from abuse, please wait an hour and send it again. Your text "
                "is still below."
            )
        else:
            try:
                services.post(
                    target_for(form),
                    services.CommentData(
                        stance=data["stance"],
                        text=data["text"],
                        name=data["name"],
                        sector=data["sector"],
                        region=data["region"],
                        email=data["email"],
                        language=translation.get_language() or "es-cl",
                    ),
                )
            except services.ConsultationClosed:
                return _closed(request, plan, template_context["back"])
            except services.Refused as error:
                refusal = str(error)
            else:
                return redirect("consultation:sent")
    status = 200 if request.method == "GET" else (409 if refusal else 400)
    return render(
        request,
        "consultation/comment_form.html",
        {**template_context, "plan": plan, "form": form, "refusal": refusal},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def comment_on_plan(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.consulted_plan(slug)
    back = reverse("consultation:plan", args=[plan.slug])
    if not selectors.stage_info(plan).is_open:
        return _closed(request, plan, back)
    form = CommentForm(request.POST or None)
    return _comment(
        request,
        plan,
        lambda form: services.Target(plan_id=plan.pk),
        form,
        {"back": back, "about": plan.title},
    )


@require_http_methods(["GET", "POST"])
def comment_on_commitment(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    plan = selectors.consulted_plan(slug)
    commitment = selectors.commitment(plan, number)
    back = reverse("consultation:commitment", args=[plan.slug, commitment.number])
    if not selectors.stage_info(plan).is_open:
        return _closed(request, plan, back)
    section = request.GET.get("seccion", "")
    initial = {"section": section} if section else {}
    form = CommentForm(request.POST or None, commitment=commitment, initial=initial)

    def target(form: CommentForm) -> services.Target:
        section, milestone_id = form.target_section()
        return services.Target(
            plan_id=plan.pk,
            commitment_id=commitment.pk,
            section=section,
            milestone_id=milestone_id,
        )

    return _comment(request, plan, target, form, {"back": back, "about": commitment.title})


@require_http_methods(["GET", "POST"])
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    parent = selectors.comment_for_reply(pk)
    if parent.parent_id is not None:
        raise Http404
    plan = selectors.consulted_plan(parent.plan.slug)
    back = parent.get_absolute_url()
    if not selectors.stage_info(plan).is_open:
        return _closed(request, plan, back)
    form = CommentForm(request.POST or None, reply=True)
    return _comment(
        request,
        plan,
        lambda form: services.Target(plan_id=plan.pk, parent_id=parent.pk),
        form,
        {
            "back": back,
            "about": parent.commitment.title if parent.commitment else plan.title,
            "parent": parent,
        },
    )


@require_http_methods(["GET", "POST"])
def flag(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_for_reply(pk)
    form = FlagForm(request.POST or None)
    refusal = ""
    if request.method == "POST" and form.is_valid():
        if form.is_bot:
            return render(request, "consultation/flagged.html", {"comment": comment})
        address = client_ip(request)
        if exceeded("comment-flag", address, FLAGS_PER_IP_PER_HOUR, 3600):
            refusal = _("We received many reports from you in a short time. Please wait an hour.")
        else:
            try:
                services.flag(
                    comment.pk,
                    form.cleaned_data["reason"],
                    form.cleaned_data["note"],
                    services.flagger_key(address),
                )
            except services.Refused as error:
                refusal = str(error)
            else:
                return render(request, "consultation/flagged.html", {"comment": comment})
    status = 200 if request.method == "GET" else (409 if refusal else 400)
    return render(
        request,
        "consultation/flag_form.html",
        {"comment": comment, "form": form, "refusal": refusal},
        status=status,
    )


@public_page
def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "consultation/sent.html")


# One person's link: nothing between them and us keeps a copy.
@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    # GET only asks: mail scanners open links, and must not publish on their own.
    comment = selectors.comment_by_token(token)
    if request.method == "GET" and comment.status == CommentStatus.PENDING:
        return render(request, "consultation/confirm.html", {"comment": comment})
    refusal = ""
    if request.method == "POST":
        try:
            comment = services.confirm(token)
        except services.Refused as error:
            refusal = str(error)
    return render(
        request,
        "consultation/confirmed.html",
        {"comment": comment, "refusal": refusal, "published": comment.status != "pending"},
        status=409 if refusal else 200,
    )


# --- The report ---------------------------------------------------------------------------


@public_page
def report_page(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.consulted_plan(slug)
    info = selectors.stage_info(plan)
    downloads = []
    rows = []
    if info.is_over:
        rows = selectors.report(plan)
        label = _("The consultation report")
        downloads = [
            Download(label, reverse("consultation:report_csv", args=[plan.slug]), "CSV"),
            Download(label, reverse("consultation:report_json", args=[plan.slug]), "JSON"),
        ]
    return render(
        request,
        "consultation/report.html",
        {
            "plan": plan,
            "info": info,
            "rows": rows,
            "downloads": downloads,
            "consultation": selectors.consultation(plan),
            "stances": Stance.choices,
            "outcomes": Outcome.choices,
            "sectors": ProposerSector.choices,
            "regions": Region.choices,
        },
    )


def report_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    plan = selectors.consulted_plan(slug)
    if not selectors.stage_info(plan).is_over:
        raise Http404
    rows = selectors.report(plan)
    if fmt == "csv":
        chunks = streaming.csv_lines(report.csv_rows(plan.slug, rows))
    else:
        chunks = streaming.json_document(
            "ogp-portal-consultation-report", 1, "commitments", report.json_records(plan.slug, rows)
        )
    return streaming.download(chunks, fmt, f"consulta-{plan.slug}")


# --- A commitment's changes and lineage ------------------------------------------------------

LABELS = {
    "title": _("Title"),
    "problem": _("Problem"),
    "description": _("Description"),
    "expected_results": _("Expected results"),
}


def _milestone_label(number: int) -> str:
    return _("Milestone %(number)s") % {"number": number}


@public_page
def changes(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    plan = selectors.plan(slug)
    commitment = selectors.commitment(plan, number)
    versions = selectors.versions(commitment)
    consulted = next((v for v in versions if v.kind == CommitmentVersion.Kind.CONSULTED), None)
    final = versions[-1] if versions else None
    fields = []
    if consulted is not None and final is not None and final.pk != consulted.pk:
        labels = {name: str(label) for name, label in LABELS.items()}
        fields = diffing.compare(consulted.content, final.content, labels, _milestone_label)
    return render(
        request,
        "consultation/changes.html",
        {
            "plan": plan,
            "commitment": commitment,
            "versions": versions,
            "consulted": consulted,
            "final": final,
            "fields": fields,
        },
    )


@public_page
def lineage(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    plan = selectors.plan(slug)
    return render(
        request,
        "consultation/lineage.html",
        {
            "plan": plan,
            "lineage": selectors.lineage(plan, number),
            "info": selectors.stage_info(plan),
        },
    )


# --- The published plan -----------------------------------------------------------------------


def _published(slug: str) -> selectors.PublishedPlan:
    data = selectors.published_plan(slug)
    if data.publication is None and data.plan.status == ActionPlan.Status.COCREATION:
        raise Http404  # still a draft: the consultation's pages show it
    return data


@public_page
def published_plan(request: HttpRequest, slug: str) -> HttpResponse:
    data = _published(slug)
    plan = data.plan
    downloads = [
        Download(_("The action plan"), reverse("consultation:plan_pdf", args=[plan.slug]), "PDF"),
        Download(
            _("Commitments and milestones"),
            reverse("plans:plan_commitments_csv", args=[plan.slug]),
            "CSV",
        ),
        Download(
            _("Commitments and milestones"),
            reverse("plans:plan_commitments_json", args=[plan.slug]),
            "JSON",
        ),
    ]
    if selectors.stage_info(plan).is_over:
        downloads += [
            Download(
                _("The consultation report"),
                reverse("consultation:report_csv", args=[plan.slug]),
                "CSV",
            ),
            Download(
                _("The consultation report"),
                reverse("consultation:report_json", args=[plan.slug]),
                "JSON",
            ),
        ]
    return render(
        request,
        "consultation/published_plan.html",
        {
            "data": data,
            "plan": plan,
            "downloads": downloads,
            "consultation_stage": selectors.stage_info(plan).stage,
            "publication_stage": selectors.stage_info(plan, StageKind.PUBLICATION).stage,
        },
    )


@public_page
def plan_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    data = _published(slug)
    content = pdf.render(data, translation.get_language() or "es-cl")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="plan-{data.plan.slug}.pdf"'
    return response
