"""Staff pages every app shares: the e-mail outbox."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import mail, selectors
from .permissions import staff_view


@staff_view("core.view_outboundemail")
def outbox(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/staff/outbox.html",
        {"email_counts": selectors.email_counts(), "failed": selectors.failed_emails()},
    )


@staff_view("core.change_outboundemail")
@require_POST
def retry_emails(request: HttpRequest) -> HttpResponse:
    ids = [int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()]
    count = mail.retry_failed(ids)
    messages.success(
        request,
        ngettext("%d e-mail queued again.", "%d e-mails queued again.", count) % count,
    )
    return redirect("core:outbox")
