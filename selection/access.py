"""Who may do what in the selection, decided in one place.

- A **member** of the Mesa is a portal account linked to a seat
  (``plans.ForumMember.user``) whose term has not ended. A member who is not
  an observer scores each draft; an observer may comment but not score.
- **Deciding** is for MGA staff with the permission ``selection.decide_draft``:
  they record the Mesa's decision, taken as a whole.

``staff_view`` has already sent anonymous visitors to sign in and refused
accounts that are not staff; these helpers say the rest."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from plans.models import ForumMember

DECIDE = "selection.decide_draft"


def may_decide(user) -> bool:
    return user.has_perm(DECIDE)


def seat(user) -> ForumMember | None:
    """The seat ``user`` assesses from: a scoring seat before an observer's,
    then by the forum's order. None if they hold no current seat."""
    seats = list(
        ForumMember.objects.filter(user=user)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=timezone.localdate()))
        .select_related("institution")
        .order_by("order", "pk")
    )
    seats.sort(key=lambda member: member.is_observer)
    return seats[0] if seats else None


def require_access(user) -> ForumMember | None:
    """The user's seat, or None for staff who decide without one; 403 for
    anyone else."""
    member = seat(user)
    if member is None and not may_decide(user):
        raise PermissionDenied
    return member
