"""Staff pages every app shares: the start page, the components, the e-mail
outbox."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import mail, selectors
from .component_samples import samples
from .forms import RetryEmailsForm
from .permissions import staff_view
from .staff import first_error


@staff_view()
def staff_home(request: HttpRequest) -> HttpResponse:
    """What is pending across the apps: each adds its panel to the "staff_home" slot."""
    return render(request, "core/staff/home.html")


@staff_view()
def components(request: HttpRequest) -> HttpResponse:
    """Every component with sample data made in memory (nothing is written)."""
    return render(request, "core/staff/components.html", samples(request))


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
    form = RetryEmailsForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect("core:outbox")
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
    return redirect("core:outbox")
