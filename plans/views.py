from __future__ import annotations

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render

from ogp_portal.streaming import download

from . import selectors
from .commitment_io import commitments_for_export, iter_csv, iter_json
from .models import ActionPlan, OGPValue


def home(request: HttpRequest) -> HttpResponse:
    process = selectors.current_process()
    calendar = selectors.calendar(process) if process else []
    return render(
        request,
        "plans/home.html",
        {
            "process": process,
            "calendar": calendar,
            "open_stages": [item for item in calendar if item.is_open],
            "plans": selectors.official_plans(),
            "ogp_values": OGPValue,
        },
    )


def plan_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "plans/plan_list.html",
        {"plans": selectors.official_plans(), "other_plans": selectors.other_plans()},
    )


def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.plan_for_page(slug)
    return render(
        request,
        "plans/plan_detail.html",
        {"plan": plan, "calendar": selectors.calendar(plan)},
    )


def commitment_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    commitment = selectors.commitment_for_page(slug, number)
    return render(request, "plans/commitment_detail.html", {"commitment": commitment})


def forum(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/forum.html", {"forum": selectors.forum_with_members()})


def plan_commitments_download(request: HttpRequest, slug: str, fmt: str) -> StreamingHttpResponse:
    plan = get_object_or_404(ActionPlan.objects.only("pk", "slug"), slug=slug)
    commitments = commitments_for_export(ActionPlan.objects.filter(pk=plan.pk)).iterator(
        chunk_size=500
    )
    chunks = iter_json(commitments) if fmt == "json" else iter_csv(commitments)
    return download(chunks, fmt, f"compromisos-{plan.slug}")
