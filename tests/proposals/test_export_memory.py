from __future__ import annotations

import tracemalloc

import pytest

from proposals import exports
from proposals.models import Proposal, Status
from proposals.selectors import public_proposals
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def _peak(fmt: str, rows: int) -> tuple[int, int]:
    """(peak memory, bytes written) of streaming ``rows`` published proposals."""
    ids = public_proposals(origin=None).order_by("id").values("id")[:rows]
    queryset = public_proposals(origin=None).filter(id__in=ids)
    tracemalloc.start()
    written = sum(len(chunk) for chunk in exports.stream(queryset, fmt))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, written


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_streaming_ten_times_the_rows_needs_no_more_memory(demo, fmt):
    Proposal.objects.bulk_create(
        ProposalFactory.build(
            plan=demo, status=Status.PUBLISHED, tracking_code=f"GAM-{n:04d}-MEMO", problem="x" * 500
        )
        for n in range(2000)
    )
    (small, small_size), (large, large_size) = _peak(fmt, 200), _peak(fmt, 2000)
    assert large_size > 9 * small_size  # the rows were really written
    # Ten times the rows, ~1 MB more output: the peak stays within one chunk's worth.
    assert large < small * 1.5 + 200_000, (small, large)
