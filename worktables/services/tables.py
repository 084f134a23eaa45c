"""Writes of the work tables. A proposal reaches a table only through
:func:`assign`, which moves it through the proposals' status machine (so its
public trail records the step) and records the assignment here."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from proposals.models import Proposal, Status
from proposals.services import Change, TransitionNotAllowed, transition

from ..models import TableAssignment, WorkTable


def assign(
    proposal_id: int,
    table: WorkTable,
    actor=None,
    public_reason: str = "",
    expected_status: str | None = None,
) -> TableAssignment:
    """Give a published proposal (or one at another table) to ``table``."""
    with transaction.atomic():
        plan_id = Proposal.objects.filter(pk=proposal_id).values_list("plan_id", flat=True).first()
        if plan_id is not None and plan_id != table.plan_id:
            raise TransitionNotAllowed(_("Choose a work table of the proposal's own process."))
        transition(
            proposal_id,
            Change(
                Status.ASSIGNED,
                expected_status=expected_status,
                public_reason=public_reason,
                link_label=_("Work table: %(name)s") % {"name": table.name},
                link_url=table.get_absolute_url(),
            ),
            actor,
        )
        assignment, _created = TableAssignment.objects.update_or_create(
            proposal_id=proposal_id,
            defaults={"table": table, "assigned_by": actor, "assigned_at": timezone.now()},
        )
    return assignment
