"""The public pages of the plans domain. Other apps add their parts to these
pages through panels (core/panels.py): the calendar, proposals, work tables."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render

from core.cache import public_page
from core.streaming import download

from . import selectors
from .commitment_io import commitments_for_export, iter_csv, iter_json
from .models import ActionPlan, OGPValue


@public_page
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "plans/home.html",
        {"plans": selectors.official_plans(), "ogp_values": OGPValue},
    )


@public_page
def plan_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "plans/plan_list.html",
        {"plans": selectors.official_plans(), "other_plans": selectors.other_plans()},
    )


@public_page
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "plans/plan_detail.html", {"plan": selectors.plan_for_page(slug)})


@public_page
def commitment_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    commitment = selectors.commitment_for_page(slug, number)
    return render(request, "plans/commitment_detail.html", {"commitment": commitment})


@public_page
def forum(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/forum.html", {"forum": selectors.forum_with_members()})


def plan_commitments_download(request: HttpRequest, slug: str, fmt: str) -> StreamingHttpResponse:
    plan = get_object_or_404(ActionPlan.objects.only("pk", "slug"), slug=slug)
    commitments = commitments_for_export(ActionPlan.objects.filter(pk=plan.pk)).iterator(
        chunk_size=500
    )
    chunks = iter_json(commitments) if fmt == "json" else iter_csv(commitments)
    return download(chunks, fmt, f"compromisos-{plan.slug}")
