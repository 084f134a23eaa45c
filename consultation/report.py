"""The consultation report as open data: one row per commitment and figure
(CSV), or one object per commitment (JSON). No comment's author, only counts."""

from __future__ import annotations

from collections.abc import Iterator

from proposals.models import ProposerSector, Region

from .models import Outcome, Stance
from .selectors import ReportRow

COLUMNS = ["plan", "commitment_number", "commitment_title", "measure", "value", "count"]
MEASURES = [
    ("stance", Stance.values),
    ("sector", ProposerSector.values),
    ("region", Region.values),
    ("outcome", Outcome.values),
]


def _figures(row: ReportRow) -> dict[str, dict[str, int]]:
    return {
        "stance": row.by_stance,
        "sector": row.by_sector,
        "region": row.by_region,
        "outcome": row.by_outcome,
    }


def csv_rows(slug: str, rows: list[ReportRow]) -> Iterator[list]:
    yield COLUMNS
    for row in rows:
        number = row.commitment.number if row.commitment else ""
        title = row.commitment.title if row.commitment else ""
        yield [slug, number, title, "comments", "total", row.total]
        figures = _figures(row)
        for measure, values in MEASURES:
            for value in values:
                yield [slug, number, title, measure, value, figures[measure].get(value, 0)]
        yield [slug, number, title, "comments", "hidden_by_moderators", row.hidden]
        yield [slug, number, title, "text", "revisions", row.revised]


def json_records(slug: str, rows: list[ReportRow]) -> Iterator[dict]:
    for row in rows:
        figures = _figures(row)
        yield {
            "plan": slug,
            "commitment_number": row.commitment.number if row.commitment else None,
            "commitment_title": row.commitment.title if row.commitment else None,
            "comments": row.total,
            **{
                f"by_{measure}": {value: figures[measure].get(value, 0) for value in values}
                for measure, values in MEASURES
            },
            "hidden_by_moderators": row.hidden,
            "revisions": row.revised,
        }
