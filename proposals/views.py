from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import streaming
from core.cache import public_page
from core.listing import CountedPaginator, active_filters, filters_only, sort_links
from core.ratelimit import client_ip, exceeded
from plans.models import ActionPlan
from stages import engine
from stages import selectors as stage_selectors
from stages.models import StageKind

from . import exports, selectors, services
from .forms import SORTS, ErasureForm, FilterForm, ProposalForm, TrackForm

PAGE_SIZE = 20


def over_limits(request: HttpRequest, email: str) -> bool:
    by_ip = exceeded("proposal-ip", client_ip(request), settings.PROPOSALS_PER_IP_PER_HOUR, 3600)
    by_email = exceeded("proposal-email", email, settings.PROPOSALS_PER_EMAIL_PER_DAY, 86400)
    return by_ip or by_email


def reception_of(plan: ActionPlan):
    return next((stage for stage in plan.stages.all() if stage.kind == StageKind.RECEPTION), None)


def closed(request: HttpRequest, plan: ActionPlan) -> HttpResponse:
    """The form's page while the reception is not open: when it opens, or that
    it closed. A POST gets it with 403: nothing is stored outside the window."""
    reception = reception_of(plan)
    return render(
        request,
        "proposals/closed.html",
        {
            "plan": plan,
            "reception": reception,
            "not_yet": reception is not None and timezone.now() < reception.starts_at,
            "calendar": stage_selectors.calendar(plan),
        },
        status=200 if request.method == "GET" else 403,
    )


def start(request: HttpRequest) -> HttpResponse:
    """ "Propose a commitment": the form of the process whose reception is open."""
    process = stage_selectors.current_process()
    if process is None:
        return redirect("proposals:list")
    return redirect("proposals:submit", slug=process.slug)


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(ActionPlan.objects.prefetch_related("stages"), slug=slug)
    reception = reception_of(plan)
    if reception is None or not engine.is_open(plan, StageKind.RECEPTION):
        return closed(request, plan)
    privacy_url = reverse("core:privacy")
    form = ProposalForm(request.POST or None, request.FILES or None, privacy_url=privacy_url)
    if request.method == "POST" and form.is_valid():
        # Only proposals that would be stored count: correcting a form's errors
        # never uses up anyone's allowance.
        if over_limits(request, form.cleaned_data["email"]):
            messages.error(
                request,
                _(
                    "We received many proposals from you in a short time. To protect the "
                    "form from abuse, please wait an hour and send it again. Your text is "
                    "still below."
                ),
            )
        else:
            proposal = form.save()
            proposal.language = translation.get_language() or "es-cl"
            try:
                proposal = services.submit(plan, proposal)
            except services.ReceptionClosed:
                return redirect("proposals:submit", slug=plan.slug)
            return thanks_redirect(proposal.tracking_code)
    return render(
        request,
        "proposals/form.html",
        {"plan": plan, "reception": reception, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# The thanks page shows the new proposal's tracking code. It travels in a
# short-lived signed cookie scoped to that page rather than in the session: a
# submission then writes no session row (one commit less per proposal, and no
# session table that grows with every anonymous visitor who proposes).
THANKS_COOKIE = "ogp_codigo"
THANKS_SALT = "proposals.thanks"
THANKS_MAX_AGE = 60 * 60


def thanks_redirect(tracking_code: str) -> HttpResponse:
    response = redirect("proposals:thanks")
    response.set_signed_cookie(
        THANKS_COOKIE,
        tracking_code,
        salt=THANKS_SALT,
        max_age=THANKS_MAX_AGE,
        path=reverse("proposals:thanks"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def thanks(request: HttpRequest) -> HttpResponse:
    code = request.get_signed_cookie(
        THANKS_COOKIE, default=None, salt=THANKS_SALT, max_age=THANKS_MAX_AGE
    )
    if not code:
        return redirect("proposals:list")
    stages = selectors.review_calendar(code)
    worktables = stages.get(StageKind.WORKTABLES)
    if worktables and worktables.starts_at <= timezone.now():
        worktables = None  # already begun: no deadline for the review
    return render(
        request,
        "proposals/thanks.html",
        {
            "tracking_code": code,
            "reception": stages.get(StageKind.RECEPTION),
            "worktables": worktables,
        },
    )


@public_page
def proposal_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    params = form.params()
    total, facets = selectors.list_facets(params)
    rows = selectors.public_list_page(params, total=total)
    page = CountedPaginator(rows, PAGE_SIZE, count=min(total, selectors.COUNT_LIMIT)).get_page(
        request.GET.get("pagina")
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    search = {"name": "q", "label": _("Search"), "value": params.get("q", "")}
    return render(
        request,
        "proposals/list.html",
        {
            "facets": facets,
            "search": search,
            "keep": [("orden", params["orden"])] if params.get("orden") else [],
            "chips": active_filters(request.GET, facets, search),
            "filters_in_use": sum(1 for facet in facets if facet.selected),
            "clear_query": urlencode({"orden": params["orden"]}) if params.get("orden") else "",
            "sort_links": sort_links(request.GET, SORTS, params.get("orden", SORTS[0][0])),
            "page": page,
            "more_than": (
                number_format(selectors.COUNT_LIMIT, force_grouping=True)
                if total > selectors.COUNT_LIMIT
                else None
            ),
            "query": query.urlencode(),
            # The downloads take the same filters; the order and the page are the list's own.
            "download_query": filters_only(request.GET, ("pagina", "orden")),
            "plan": form.plan,
        },
    )


@public_page
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "proposals/detail.html", {"proposal": selectors.public_proposal(pk)})


def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    if form.is_valid():
        return redirect("proposals:track_code", code=form.cleaned_data["code"])
    return render(request, "proposals/track.html", {"form": form})


def track_code(request: HttpRequest, code: str) -> HttpResponse:
    # Codes are unguessable; the limit stops anyone from trying them in bulk.
    if exceeded("track", client_ip(request), 60, 3600):
        return render(
            request, "proposals/track.html", {"form": TrackForm(), "limited": True}, status=429
        )
    proposal = selectors.tracked_proposal(code)
    if proposal is None:
        form = TrackForm(initial={"code": code})
        return render(
            request, "proposals/track.html", {"form": form, "not_found": code}, status=404
        )
    return render(request, "proposals/tracked.html", {"proposal": proposal})


@public_page
def privacy(request: HttpRequest) -> HttpResponse:
    """The old address of the privacy page, which now covers every form."""
    return redirect("core:privacy", permanent=True)


@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest) -> HttpResponse:
    """A proposer erases their name, e-mail and organisation; the proposal stays."""
    form = ErasureForm(request.POST or None)
    if request.method == "POST":
        if exceeded("erase", client_ip(request), 10, 3600):
            return render(
                request,
                "proposals/erase.html",
                {"form": ErasureForm(), "limited": True},
                status=429,
            )
        if form.is_valid():
            done = services.request_erasure(form.cleaned_data["code"], form.cleaned_data["email"])
            if done:
                return render(request, "proposals/erased.html")
            form.add_error(
                None,
                _(
                    "The code and the e-mail do not match a proposal whose data we still "
                    "keep. Check both against the e-mail we sent you."
                ),
            )
    return render(
        request, "proposals/erase.html", {"form": form}, status=400 if form.errors else 200
    )


def download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The published proposals as open data; the list's filters apply, so "download
    these results" gives what the page shows. A HEAD request builds nothing."""
    if fmt not in {"csv", "json"}:
        raise Http404
    form = FilterForm(request.GET or None)
    chunks = (
        []
        if request.method == "HEAD"
        else exports.stream(selectors.filter_public(form.params()), fmt)
    )
    return streaming.download(chunks, fmt, "propuestas")
