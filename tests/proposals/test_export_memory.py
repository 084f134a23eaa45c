from __future__ import annotations

import tracemalloc

import pytest

from proposals.exports import iter_csv, iter_json
from proposals.models import Proposal, Status
from proposals.selectors import public_proposals
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db
CHUNK = 100


def _peak(fmt: str, rows: int) -> int:
    """Peak memory of streaming ``rows`` published proposals, the output discarded."""
    queryset = public_proposals().order_by("id")[:rows].iterator(chunk_size=CHUNK)
    writer = iter_json if fmt == "json" else iter_csv
    tracemalloc.start()
    for _chunk in writer(queryset):
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_streaming_ten_times_the_rows_needs_no_more_memory(demo, fmt):
    Proposal.objects.bulk_create(
        ProposalFactory.build(
            plan=demo, status=Status.PUBLISHED, tracking_code=f"GAM-{n:04d}-MEMO", problem="x" * 500
        )
        for n in range(2000)
    )
    small, large = _peak(fmt, 200), _peak(fmt, 2000)
    # Ten times the rows, ~1 MB more output: the peak stays within one chunk's worth.
    assert large < small * 1.5 + 200_000, (small, large)
