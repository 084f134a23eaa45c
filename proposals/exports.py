"""Published proposals as open data. No personal data: no name, e-mail or
organisation, ever (an opted-in name is shown on the page, not exported)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from ogp_portal.streaming import csv_lines, json_document

from .models import Proposal

COLUMNS = [
    "id",
    "tracking_code",
    "plan",
    "received_at",
    "status",
    "status_changed_at",
    "title",
    "problem",
    "description",
    "actors",
    "activities",
    "responsible_institution",
    "transparency",
    "accountability",
    "participation",
    "technology",
    "sector",
    "region",
    "merged_into_id",
]


def record(proposal: Proposal) -> dict:
    return {
        "id": proposal.pk,
        "tracking_code": proposal.tracking_code,
        "plan": proposal.plan.slug,
        "received_at": proposal.created_at.isoformat(),
        "status": proposal.status,
        "status_changed_at": proposal.status_changed_at.isoformat(),
        "title": proposal.title,
        "problem": proposal.problem,
        "description": proposal.description,
        "actors": proposal.actors,
        "activities": proposal.activities,
        "responsible_institution": (
            proposal.responsible_institution.name if proposal.responsible_institution else ""
        ),
        "transparency": proposal.transparency,
        "accountability": proposal.accountability,
        "participation": proposal.participation,
        "technology": proposal.technology,
        "sector": proposal.sector,
        "region": proposal.region,
        "merged_into_id": proposal.merged_into_id,
    }


def _cell(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else value


def iter_csv(proposals: Iterable[Proposal]) -> Iterator[str]:
    rows = ([_cell(value) for value in record(p).values()] for p in proposals)
    return csv_lines(itertools.chain([COLUMNS], rows))


def iter_json(proposals: Iterable[Proposal]) -> Iterator[str]:
    return json_document("ogp-portal-proposals", 1, "proposals", map(record, proposals))
