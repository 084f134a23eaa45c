"""/datos-abiertos/: every data set with its dictionary and its files (CSV,
JSON, XLSX, streamed), the DCAT catalogue for national portals to harvest,
and the Atom feeds."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.cache import public_page

from . import catalogue, files, selectors
from .datasets import DATASETS
from .feeds import FEEDS


@public_page
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "opendata/index.html",
        {
            "datasets": selectors.datasets_with_dates(),
            "feeds": selectors.feeds(),
            "licence": catalogue.LICENCE,
            "api_docs_url": reverse("api:docs"),
            "catalogue_url": reverse("opendata:catalogue"),
        },
    )


@public_page
def dataset_page(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = _dataset(slug)
    return render(
        request,
        "opendata/dataset.html",
        {
            "dataset": dataset,
            "columns": selectors.dictionary(dataset),
            "modified": selectors.modified(dataset),
            "downloads": selectors.downloads(dataset),
            "api_url": selectors.api_url(dataset),
            "licence": catalogue.LICENCE,
        },
    )


def download(request: HttpRequest, slug: str, fmt: str) -> StreamingHttpResponse:
    """The whole data set, streamed. A HEAD request builds nothing."""
    dataset = _dataset(slug)
    if fmt not in files.FORMATS:
        raise Http404
    chunks = [] if request.method == "HEAD" else files.stream(dataset, fmt)
    response = StreamingHttpResponse(chunks, content_type=files.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{dataset.slug}.{fmt}"'
    return response


@public_page
def catalogue_view(request: HttpRequest) -> HttpResponse:
    document = catalogue.dcat(request)
    return HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/ld+json; charset=utf-8",
    )


def _dataset(slug: str):
    dataset = DATASETS.get(slug)
    if dataset is None:
        raise Http404(_("There is no such data set."))
    return dataset


@public_page
def feed(request: HttpRequest, slug: str) -> HttpResponse:
    feed_class = FEEDS.get(slug)
    if feed_class is None:
        raise Http404
    return feed_class()(request)
