"""The commitment drafts of a proposal's work table, as places the
moderation page can integrate it into (proposals/destinations.py): choosing
one adds the proposal to the draft, so the draft's page lists it and its
trail links to the draft."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proposals import destinations
from proposals.services import Change, TransitionNotAllowed

from . import services
from .models import Draft


def drafts_of_its_table(proposal) -> list[tuple[int, str]]:
    drafts = (
        Draft.objects.filter(table__assignments__proposal_id=proposal.pk)
        .select_related("table")
        .only("pk", "title", "published_at", "table__name")
        .order_by("created_at", "pk")
    )
    return [
        (
            draft.pk,
            _("%(title)s (table “%(table)s”)") % {"title": draft.title, "table": draft.table.name}
            if draft.published_at
            else _("%(title)s (table “%(table)s”, not published yet)")
            % {"title": draft.title, "table": draft.table.name},
        )
        for draft in drafts
    ]


def integrate_into_draft(proposal_id: int, draft_id: int, change: Change, actor) -> str:
    try:
        draft = services.take_up(
            draft_id,
            proposal_id,
            actor,
            public_reason=change.public_reason,
            expected_status=change.expected_status,
        )
    except services.DraftRefused as refusal:
        raise TransitionNotAllowed(str(refusal)) from None
    if draft.published_at:
        return _(
            "Done: it is integrated into the draft “%(title)s”. The proposer has been notified."
        ) % {"title": draft.title}
    return _(
        "Added to the draft “%(title)s”. It becomes integrated, and the proposer is told, "
        "when the table's results are published."
    ) % {"title": draft.title}


destinations.register(
    destinations.Kind(
        "draft",
        gettext_lazy("Commitment drafts of its work table"),
        choices=drafts_of_its_table,
        integrate=integrate_into_draft,
    )
)
