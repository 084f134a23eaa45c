"""Progress reporting in the staff area: the navigation entry (officers and
MGA reviewers), and overdue milestones without a report on the start page."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import panels, staff_nav
from plans.models import Milestone

from . import access

staff_nav.register(
    "tracking:staff_commitments", gettext_lazy("Progress"), order=40, icon="bar-chart-line"
)


@panels.register("staff_home", order=40, template="core/staff/pending_item.html")
def overdue_milestones(request, obj) -> dict | None:
    user = request.user
    reviewer = access.is_reviewer(user)
    institutions = access.institution_ids(user)
    if not reviewer and not institutions:
        return None
    overdue = Milestone.objects.filter(
        end_date__lt=timezone.localdate(), commitment__plan__origin="official"
    ).exclude(current_progress__status="complete")
    if not reviewer:
        overdue = overdue.filter(Q(commitment__responsible_institution_id__in=institutions))
    count = overdue.count()
    return {
        "count": count,
        "label": ngettext("overdue milestone", "overdue milestones", count),
        "url": reverse("tracking:staff_commitments"),
        "link_label": _("Report progress"),
        "icon": "clock",
    }
