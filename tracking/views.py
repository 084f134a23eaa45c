"""The public side of the follow-up: the progress dashboard (across plans and
per plan), the evidence repository and the evidence files."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from core.cache import public_page

from . import charts, selectors
from .forms import DashboardFilterForm, RepositoryFilterForm, plan_named

PAGE_SIZE = 50
DOCUMENTS_PER_PAGE = 20


@public_page
def dashboard(request: HttpRequest) -> HttpResponse:
    form = DashboardFilterForm(request.GET or None)
    params = form.params()
    plan = plan_named(form, params.get("plan", ""))
    return _dashboard(request, form, params, plan, reverse("tracking:dashboard"))


@public_page
def plan_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.public_plan(slug)
    form = DashboardFilterForm(request.GET or None, with_plan=False)
    action = reverse("tracking:plan_dashboard", args=[plan.slug])
    return _dashboard(request, form, form.params(), plan, action)


def _dashboard(request, form, params, plan, action: str) -> HttpResponse:
    today = timezone.localdate()
    data = selectors.dashboard(params, today, plan)
    page = Paginator(data.commitments, PAGE_SIZE).get_page(request.GET.get("pagina"))
    rows = list(page)
    for row in rows:
        row.days = selectors.days_since(row.last_reported, today)
        row.stale = selectors.is_stale(row.last_reported, today)
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "tracking/dashboard.html",
        {
            "plan": plan,
            "form": form,
            "action": action,
            "data": data,
            "average": selectors.percent(data.summary["average"] or 0),
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "charts": charts.dashboard_charts(data, rows, plan),
            "stale_days": selectors.STALE_AFTER.days,
            "overdue_shown": selectors.OVERDUE_SHOWN,
        },
    )


@public_page
def repository(request: HttpRequest) -> HttpResponse:
    form = RepositoryFilterForm(request.GET or None)
    query = form.query()
    page = Paginator(selectors.documents(query), DOCUMENTS_PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    last = selectors.last_addition()
    address = request.GET.copy()
    address.pop("pagina", None)
    return render(
        request,
        "tracking/repository.html",
        {
            "form": form,
            "page": page,
            "documents": selectors.as_documents(page),
            "query": address.urlencode(),
            "plan": plan_named(form, query.plan),
            "last_addition": last,
            "outdated": last is None or selectors.is_stale(last, timezone.localdate()),
            "stale_days": selectors.STALE_AFTER.days,
        },
    )


def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """A stored evidence file, as a download with the type its content was
    found to be; never served from MEDIA_URL, and only while its update is public."""
    evidence = selectors.evidence_file(pk)
    try:
        stored = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        stored,
        as_attachment=True,
        filename=f"evidencia-{evidence.pk}.{evidence.extension}",
        content_type=evidence.content_type,
    )
