"""Staff actions of the work tables."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import staff_view
from proposals.models import Proposal
from proposals.services import TransitionNotAllowed

from . import services
from .forms import AssignForm


@staff_view("proposals.moderate_proposal")
@require_POST
def assign(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal.objects.only("pk", "plan_id"), pk=proposal_id)
    form = AssignForm(request.POST, plan_id=proposal.plan_id)
    if not form.is_valid():
        messages.error(request, _("Choose one of this process's work tables."))
    else:
        try:
            services.assign(
                proposal.pk,
                form.cleaned_data["table"],
                request.user,
                public_reason=form.cleaned_data["public_reason"],
                expected_status=form.cleaned_data["expected_status"] or None,
            )
        except TransitionNotAllowed as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Done. The proposer has been notified."))
    return redirect("proposals:moderate", pk=proposal.pk)
