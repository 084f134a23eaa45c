"""The proposal form in steps (the problem, the commitment, who you are, then a
summary to review and send), for phones first. Every step is a plain page and
a plain POST, so it needs no JavaScript; the whole form also stays on one page
at ``?un_paso=1`` (views.submit). The answers live in a draft on the server
(proposals/drafts.py) from the first step on; no Proposal exists until the
proposer sends it from the summary, through the same checks as the one-page
form: honeypot, signed minimum fill time, rate limits, PDF check.

Every step answers only while the plan's reception is open: outside it a GET
shows the closed page and a POST is refused (403).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import labelled_error
from core.ratelimit import client_ip, exceeded
from plans.models import ActionPlan, Institution, OGPValue
from stages import engine
from stages.models import StageKind

from . import drafts, selectors, services, views
from .drafts import REVIEW, STEPS, DraftGone
from .forms import (
    FORM_STAMP_SALT,
    DraftLinkForm,
    ProposalReviewForm,
    ProposalStepForm,
    read_stamp,
)
from .models import ProposerSector, Region

NEXT, BACK, SAVE = "siguiente", "anterior", "guardar"


def _action(request: HttpRequest) -> str:
    """Which button: back, save for later, or (any other value) next."""
    action = request.POST.get("accion", NEXT)
    return action if action in (BACK, SAVE) else NEXT


def _open_plan(request: HttpRequest, slug: str) -> tuple[ActionPlan, HttpResponse | None]:
    """The plan, and the closed page to answer with when its reception is not
    open (403 to a POST: nothing is stored outside the window)."""
    plan = get_object_or_404(ActionPlan.objects.prefetch_related("stages"), slug=slug)
    if engine.is_open(plan, StageKind.RECEPTION):
        return plan, None
    return plan, views.closed(request, plan)


def _gone(request: HttpRequest, plan: ActionPlan, gone: DraftGone) -> HttpResponse:
    return render(
        request,
        "proposals/steps/gone.html",
        {
            "plan": plan,
            "kind": "expired" if gone.expired_at else "unknown",
            "expired_at": gone.expired_at,
        },
        status=410 if gone.expired_at else 404,
    )


def _step_url(plan: ActionPlan, token: str, number: int) -> str:
    if number >= REVIEW:
        return reverse("proposals:draft_review", args=[plan.slug, token])
    return reverse("proposals:draft_step", args=[plan.slug, token, number])


def _progress(current: int, draft=None) -> list[dict]:
    """Each step: done (passed, and its answers there), current, or to do."""
    data = draft.data if draft else {}

    def state(number: int) -> str:
        if number == current:
            return "current"
        if number < current and drafts.answered(data, STEPS[number - 1]):
            return "done"
        return "todo"

    titles = [step.title for step in STEPS] + [_("Review and send")]
    return [
        {"number": number, "title": title, "state": state(number)}
        for number, title in enumerate(titles, start=1)
    ]


def _render_step(request, plan, step, form, draft=None, token="", status=200) -> HttpResponse:
    similar = []
    if draft is not None and step.number > 1:
        similar = selectors.similar_published(
            plan, draft.data.get("title", ""), draft.data.get("problem", "")
        )
    return render(
        request,
        "proposals/steps/step.html",
        {
            "plan": plan,
            "reception": views.reception_of(plan),
            "step": step,
            "total": REVIEW,
            "progress": _progress(step.number, draft),
            "form": form,
            "draft": draft,
            "action": _step_url(plan, token, step.number)
            if draft
            else reverse("proposals:draft_begin", args=[plan.slug]),
            "similar": similar,
        },
        status=status,
    )


def entry(request: HttpRequest, slug: str) -> HttpResponse:
    """``/planes/<plan>/proponer/``: the first step; with ``?un_paso=1`` (and
    every POST to this address) the whole form on one page."""
    if request.method != "GET" or request.GET.get("un_paso"):
        return views.submit(request, slug)
    plan, closed = _open_plan(request, slug)
    if closed:
        return closed
    return _render_step(request, plan, STEPS[0], ProposalStepForm(step=STEPS[0], stamped=True))


@require_POST
def begin(request: HttpRequest, slug: str) -> HttpResponse:
    """The first step sent: the draft starts here."""
    plan, closed = _open_plan(request, slug)
    if closed:
        return closed
    step = STEPS[0]
    form = ProposalStepForm(request.POST, step=step, stamped=True)
    action = _action(request)
    started = read_stamp(request.POST.get("started", ""))
    refused = request.POST.get("website") or started is None
    if refused or (action == NEXT and not form.is_valid()):
        form.is_valid()
        form.renew_stamp()
        return _render_step(request, plan, step, form, status=400)
    limit = settings.PROPOSAL_DRAFTS_PER_IP_PER_HOUR
    if exceeded("proposal-draft", client_ip(request), limit, 3600):
        messages.error(request, _limited_message())
        form.renew_stamp()
        return _render_step(request, plan, step, form, status=429)
    token = drafts.new_token()
    started_at = dt.datetime.fromtimestamp(started, tz=dt.UTC)
    draft = drafts.start(plan, token, started_at)
    return _after_step(plan, draft, token, step, action, drafts.answers(request.POST, step.fields))


def _limited_message() -> str:
    return _(
        "We received many proposals from you in a short time. To protect the form from "
        "abuse, please wait an hour and try again."
    )


def _after_step(plan, draft, token: str, step, action: str, data: dict) -> HttpResponse:
    """Keep the step's answers, whatever the button, and go where it says."""
    if action == SAVE:
        drafts.save(draft, data, step.number)
        return redirect("proposals:draft_save_link", slug=plan.slug, token=token)
    number = max(step.number - 1, 1) if action == BACK else step.number + 1
    drafts.save(draft, data, number)
    return redirect(_step_url(plan, token, number))


def _draft(request, slug: str, token: str):
    """(plan, draft, None), or (plan, None, the page to answer with)."""
    plan, closed = _open_plan(request, slug)
    if closed:
        return plan, None, closed
    try:
        return plan, drafts.get(plan, token), None
    except DraftGone as gone:
        return plan, None, _gone(request, plan, gone)


def resume(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The e-mailed link: back to the step where the proposer left."""
    plan, draft, answer = _draft(request, slug, token)
    if answer:
        return answer
    return redirect(_step_url(plan, token, draft.step))


@require_http_methods(["GET", "POST"])
def step_page(request: HttpRequest, slug: str, token: str, number: int) -> HttpResponse:
    plan, draft, answer = _draft(request, slug, token)
    if answer:
        return answer
    if not 1 <= number <= len(STEPS):
        return render(
            request,
            "proposals/steps/gone.html",
            {
                "plan": plan,
                "kind": "no_step",
                "no_step": number,
                "back": _step_url(plan, token, draft.step),
            },
            status=404,
        )
    step = STEPS[number - 1]
    if request.method == "GET":
        form = ProposalStepForm(initial=draft.data, step=step)
        return _render_step(request, plan, step, form, draft, token)
    form = ProposalStepForm(request.POST, step=step)
    action = _action(request)
    if request.POST.get("website"):
        form.is_valid()
        return _render_step(request, plan, step, form, draft, token, status=400)
    data = drafts.answers(request.POST, step.fields)
    if action == NEXT and not form.is_valid():
        # Kept even with errors: leaving now loses nothing either.
        drafts.save(draft, data, number)
        return _render_step(request, plan, step, form, draft, token, status=400)
    return _after_step(plan, draft, token, step, action, data)


def _summary(draft) -> list[dict]:
    """The answers as the proposer will see them on the summary, by step."""
    data = draft.data
    institution = None
    if str(data.get("responsible_institution", "")).isdigit():
        institution = Institution.objects.filter(pk=data["responsible_institution"]).first()
    display = {
        "responsible_institution": institution.name if institution else _("I don't know"),
        "values": ", ".join(
            str(label) for value, label in OGPValue.choices if value in data.get("values", [])
        ),
        "show_name": _("Yes") if data.get("show_name") else _("No"),
        "sector": dict(ProposerSector.choices).get(data.get("sector"), ""),
        "region": dict(Region.choices).get(data.get("region"), ""),
    }
    labels = {name: field.label for name, field in ProposalReviewForm().fields.items()}
    return [
        {
            "step": step,
            "rows": [
                (labels[name], display.get(name, data.get(name, "")), name) for name in step.fields
            ],
        }
        for step in STEPS
    ]


def _review_data(draft, post) -> QueryDict:
    """The whole proposal for the one-page form's checks: the draft's answers,
    the summary's own fields, and the time the draft's form was opened."""
    data = QueryDict(mutable=True)
    for name, value in draft.data.items():
        if isinstance(value, list):
            data.setlist(name, value)
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    for name in ("consent", "website"):
        if name in post:
            data[name] = post[name]
    data["started"] = signing.dumps(draft.started_at.timestamp(), salt=FORM_STAMP_SALT)
    return data


def _render_review(request, plan, draft, token, form, status=200) -> HttpResponse:
    errors = []
    for name, field_errors in form.errors.items():
        step = drafts.STEP_OF_FIELD.get(name)
        for error in field_errors:
            if name == "__all__" or name == "started":
                errors.append(("", error))
            elif step:
                field = form.fields[name]
                href = _step_url(plan, token, step) + f"#id_{name}"
                errors.append(
                    (
                        href,
                        _("%(field)s (step %(step)s): %(error)s")
                        % {"field": field.label, "step": step, "error": error},
                    )
                )
            else:
                anchor = f"#id_{name}_0" if name == "values" else f"#id_{name}"
                errors.append((anchor, labelled_error(form.fields[name].label, error)))
    return render(
        request,
        "proposals/steps/review.html",
        {
            "plan": plan,
            "draft": draft,
            "token": token,
            "form": form,
            "errors": errors,
            "summary": _summary(draft),
            "total": REVIEW,
            "progress": _progress(REVIEW, draft),
            "similar": selectors.similar_published(
                plan, draft.data.get("title", ""), draft.data.get("problem", "")
            ),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    plan, draft, answer = _draft(request, slug, token)
    if answer:
        return answer
    privacy_url = reverse("core:privacy")
    if request.method == "GET":
        if draft.step != REVIEW:
            drafts.save(draft, {}, REVIEW)
        form = ProposalReviewForm(privacy_url=privacy_url)
        return _render_review(request, plan, draft, token, form)
    if request.POST.get("accion") == SAVE:
        return redirect("proposals:draft_save_link", slug=plan.slug, token=token)
    form = ProposalReviewForm(
        _review_data(draft, request.POST), request.FILES or None, privacy_url=privacy_url
    )
    if not form.is_valid():
        return _render_review(request, plan, draft, token, form, status=400)
    if views.over_limits(request, form.cleaned_data["email"]):
        messages.error(request, _limited_message())
        return _render_review(request, plan, draft, token, form, status=400)
    proposal = form.save()
    proposal.language = translation.get_language() or "es-cl"
    try:
        proposal = drafts.submit(draft, proposal)
    except services.ReceptionClosed:
        return redirect("proposals:submit", slug=plan.slug)
    return views.thanks_redirect(proposal.tracking_code)


@require_http_methods(["GET", "POST"])
def save_link(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """Save and continue later: the link to the draft, e-mailed."""
    plan, draft, answer = _draft(request, slug, token)
    if answer:
        return answer
    initial = {"email": draft.email or draft.data.get("email", "")}
    form = DraftLinkForm(request.POST or None, initial=initial)
    context = {
        "plan": plan,
        "draft": draft,
        "form": form,
        "back": _step_url(plan, token, draft.step),
        "link": drafts.link(draft, token),
    }
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        by_ip = exceeded("draft-link-ip", client_ip(request), 10, 3600)
        by_email = exceeded("draft-link-email", email, 5, 86400)
        if by_ip or by_email:
            messages.error(request, _limited_message())
            return render(request, "proposals/steps/save_link.html", context, status=429)
        drafts.send_link(draft, token, email)
        return render(
            request,
            "proposals/steps/link_sent.html",
            {**context, "email": email, "expires_at": timezone.localtime(draft.expires_at)},
        )
    status = 400 if request.method == "POST" else 200
    return render(request, "proposals/steps/save_link.html", context, status=status)
