"""The staff side of the plans app: what the calendar engine did and will do,
and the e-mails it queued."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ogp_portal import mail
from ogp_portal.models import OutboundEmail
from ogp_portal.staff import first_error

from . import engine
from .forms import RetryEmailsForm
from .models import StageEvent


@staff_member_required
def calendar_engine(request: HttpRequest) -> HttpResponse:
    events = StageEvent.objects.select_related("stage__plan").order_by("-fired_at", "-id")[:50]
    counts = dict.fromkeys(OutboundEmail.Status.values, 0)
    counts.update(
        OutboundEmail.objects.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    failed = OutboundEmail.objects.filter(status=OutboundEmail.Status.FAILED).order_by("-id")[:50]
    return render(
        request,
        "plans/staff/calendar_engine.html",
        {
            "events": events,
            "upcoming": engine.upcoming_edges(limit=15),
            "email_counts": [(OutboundEmail.Status(s), n) for s, n in counts.items()],
            "failed": failed,
        },
    )


@staff_member_required
@require_POST
def retry_emails(request: HttpRequest) -> HttpResponse:
    form = RetryEmailsForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect("plans:staff_calendar_engine")
    ids = form.cleaned_data["ids"]
    count = mail.retry_failed(ids)
    messages.success(
        request,
        ngettext("%d e-mail queued again.", "%d e-mails queued again.", count) % count,
    )
    if skipped := len(ids) - count:
        messages.warning(
            request,
            ngettext(
                "%d selected e-mail was no longer failed, or no longer exists.",
                "%d selected e-mails were no longer failed, or no longer exist.",
                skipped,
            )
            % skipped,
        )
    return redirect("plans:staff_calendar_engine")
