"""The files are streamed: ten times the rows need no more memory, and the
XLSX file leaves in pieces while its rows are still being read. (The figure
for 1 000 000 rows comes from `make bench-export`.)"""

from __future__ import annotations

import tracemalloc

import pytest

from opendata import files
from opendata.datasets import DATASETS
from proposals.models import Proposal, Status
from proposals.selectors import public_proposals
from tests.plans.factories import ActionPlanFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db
PROPOSALS = DATASETS["propuestas"]


@pytest.fixture
def many():
    plan = ActionPlanFactory()
    Proposal.objects.bulk_create(
        ProposalFactory.build(
            plan=plan, status=Status.PUBLISHED, tracking_code=f"GAM-{n:04d}-XLSX", problem="x" * 500
        )
        for n in range(2000)
    )


def _peak(fmt: str, rows: int) -> tuple[int, int, int]:
    """(peak memory, bytes written, chunks) of streaming ``rows`` proposals."""
    ids = public_proposals().order_by("id").values("id")[:rows]
    queryset = PROPOSALS.rows().filter(id__in=ids)
    tracemalloc.start()
    sizes = [len(chunk) for chunk in files.stream(PROPOSALS, fmt, queryset)]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, sum(sizes), len(sizes)


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_streaming_ten_times_the_rows_needs_no_more_memory(many, fmt, monkeypatch):
    # Rows come from the database 100 at a time here (2000 in production), so
    # both runs read more than one batch: what is left to grow is the writer.
    monkeypatch.setattr(files, "CHUNK_ROWS", 100)
    (small, small_size, _), (large, large_size, chunks) = _peak(fmt, 200), _peak(fmt, 2000)
    assert large_size > 5 * small_size  # the rows were really written
    assert chunks > 2  # sent in pieces, not as one block at the end
    assert large < small * 1.5 + 300_000, (small, large)
