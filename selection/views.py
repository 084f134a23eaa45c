"""The public side of the selection: the report of a plan's selection, at
``/planes/<plan>/seleccion/``, published when the selection stage closes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.cache import public_page

from . import selectors


@public_page
def report(request: HttpRequest, slug: str) -> HttpResponse:
    return render(
        request,
        "selection/report.html",
        {"report": selectors.report(slug, request.GET.get("pagina"))},
    )
