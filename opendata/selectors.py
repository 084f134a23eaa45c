"""Reads of the open-data pages: each data set with the date it last changed
(one aggregate per data set that records dates: a fixed number of queries),
its files and feeds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import cache

from . import files
from .datasets import DATASETS, KINDS, Dataset
from .feeds import FEEDS


@dataclass(frozen=True)
class Listed:
    dataset: Dataset
    modified: dt.datetime
    downloads: list[dict]


def public_data_changed() -> dt.datetime:
    """When any public data last changed (the page cache's clock, core/cache.py)."""
    _version, changed = cache.state()
    return dt.datetime.fromtimestamp(changed, tz=dt.UTC)


def modified(dataset: Dataset) -> dt.datetime:
    """The latest change its rows record, else when any public data changed."""
    return dataset.modified() or public_data_changed()


def downloads(dataset: Dataset) -> list[dict]:
    return [
        {
            "label": dataset.title,
            "url": reverse("opendata:download", args=[dataset.slug, fmt]),
            "format": fmt.upper(),
            "size": None,
        }
        for fmt in files.FORMATS
    ]


def datasets_with_dates() -> list[Listed]:
    return [
        Listed(dataset, timezone.localtime(modified(dataset)), downloads(dataset))
        for dataset in DATASETS.values()
    ]


def dictionary(dataset: Dataset) -> list[dict]:
    return [
        {"name": c.name, "kind_label": KINDS[c.kind], "description": c.description}
        for c in dataset.columns
    ]


def api_url(dataset: Dataset) -> str:
    try:
        return reverse(dataset.api) if dataset.api else ""
    except NoReverseMatch:
        return ""


FEED_TITLES = {
    "propuestas": _("New published proposals"),
    "resultados": _("Results of the work tables"),
    "planes": _("Published action plans"),
    "avances": _("Progress updates"),
}


def feeds() -> list[dict]:
    return [
        {"title": FEED_TITLES[slug], "url": reverse("opendata:feed", args=[slug])} for slug in FEEDS
    ]
