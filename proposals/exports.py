"""Published proposals as open data. Only the columns declared public
(proposals/models.py) are read; the name, e-mail and organisation never are
(an opted-in name is shown on the page, not exported)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator

from core.streaming import csv_lines, json_document

from .models import Proposal


def _institution(proposal: Proposal) -> str:
    return proposal.responsible_institution.name if proposal.responsible_institution else ""


# (column, value): the one list of what a download holds, in order.
FIELDS: list[tuple[str, Callable[[Proposal], object]]] = [
    ("id", lambda p: p.pk),
    ("tracking_code", lambda p: p.tracking_code),
    ("plan", lambda p: p.plan.slug),
    ("origin", lambda p: p.origin),
    ("received_at", lambda p: p.created_at.isoformat()),
    ("status", lambda p: p.status),
    ("status_changed_at", lambda p: p.status_changed_at.isoformat()),
    ("title", lambda p: p.title),
    ("problem", lambda p: p.problem),
    ("description", lambda p: p.description),
    ("actors", lambda p: p.actors),
    ("activities", lambda p: p.activities),
    ("responsible_institution", _institution),
    ("transparency", lambda p: p.transparency),
    ("accountability", lambda p: p.accountability),
    ("participation", lambda p: p.participation),
    ("technology", lambda p: p.technology),
    ("sector", lambda p: p.sector),
    ("region", lambda p: p.region),
    ("merged_into_id", lambda p: p.merged_into_id),
]
COLUMNS = [name for name, _ in FIELDS]


def record(proposal: Proposal) -> dict:
    return {name: value(proposal) for name, value in FIELDS}


def _cell(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else value


def iter_csv(proposals: Iterable[Proposal]) -> Iterator[str]:
    rows = ([_cell(value(p)) for _, value in FIELDS] for p in proposals)
    return csv_lines(itertools.chain([COLUMNS], rows))


def iter_json(proposals: Iterable[Proposal]) -> Iterator[str]:
    return json_document("ogp-portal-proposals", 1, "proposals", map(record, proposals))
