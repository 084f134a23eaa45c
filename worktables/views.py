"""Public pages of stages 1, 3 and 4: a plan's sessions, a session and its
registration form, a person's registration (by the token in their e-mails),
a work table, a commitment draft, the minutes' documents.

No page shows an attendee; the online link of a session reaches only the
people with a seat (their e-mails and their registration page)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.cache import public_page
from core.ratelimit import client_ip, exceeded

from . import selectors, services
from .forms import RegistrationForm
from .models import Registration, RegistrationStatus

REGISTRATIONS_PER_IP_PER_HOUR = 20
PROPOSALS_PER_PAGE = 50


@public_page
def plan_events(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "worktables/plan_events.html", {"page": selectors.plan_events(slug)})


@public_page
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "worktables/event_detail.html", {"event": selectors.event_for_page(pk)})


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_for_registration(pk)
    form = RegistrationForm(request.POST or None, privacy_url=reverse("core:privacy"))
    refusal = ""
    if request.method == "POST" and form.is_valid():
        if form.is_bot:
            return redirect("worktables:registration_sent", pk=event.pk)
        if exceeded("register", client_ip(request), REGISTRATIONS_PER_IP_PER_HOUR, 3600):
            refusal = _(
                "We received many registrations from you in a short time. Please wait an hour."
            )
        else:
            data = form.cleaned_data
            attendee = services.Attendee(
                name=data["name"],
                email=data["email"],
                sector=data["sector"],
                region=data["region"],
                organisation=data["organisation"],
                accessibility_needs=data["accessibility_needs"],
                language=translation.get_language() or "es-cl",
            )
            try:
                services.register(event.pk, attendee)
            except services.RegistrationRefused as error:
                refusal = str(error)
            else:
                return redirect("worktables:registration_sent", pk=event.pk)
    status = 200 if request.method == "GET" else (409 if refusal else 400)
    return render(
        request,
        "worktables/register.html",
        {"event": event, "form": form, "refusal": refusal},
        status=status,
    )


@public_page
def registration_sent(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_for_registration(pk)
    return render(request, "worktables/registration_sent.html", {"event": event})


# One person's pages: the token in the address is their credential, and the
# page may carry the link to join. Nothing between them and us keeps a copy.
@never_cache
@require_http_methods(["GET"])
def registration(request: HttpRequest, token: str) -> HttpResponse:
    return render(
        request,
        "worktables/registration.html",
        {"registration": selectors.registration(token), "Status": RegistrationStatus},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def registration_confirm(request: HttpRequest, token: str) -> HttpResponse:
    # GET only asks: mail scanners open links, and must not confirm on their own.
    if request.method == "GET":
        registration = selectors.registration(token)
        if registration.status != RegistrationStatus.PENDING:
            return redirect(registration.get_absolute_url())
        return render(request, "worktables/confirm.html", {"registration": registration})
    try:
        services.confirm(token)
    except Registration.DoesNotExist:
        raise Http404 from None
    except services.RegistrationRefused as error:
        return render(
            request,
            "worktables/registration.html",
            {
                "registration": selectors.registration(token),
                "Status": RegistrationStatus,
                "refusal": str(error),
            },
            status=409,
        )
    return redirect(reverse("worktables:registration", args=[token]) + "?confirmada=1")


@require_POST
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    try:
        services.cancel(token)
    except Registration.DoesNotExist:
        raise Http404 from None
    except services.RegistrationRefused as error:
        return render(
            request,
            "worktables/registration.html",
            {
                "registration": selectors.registration(token),
                "Status": RegistrationStatus,
                "refusal": str(error),
            },
            status=409,
        )
    return redirect(reverse("worktables:registration", args=[token]) + "?cancelada=1")


@public_page
def table_detail(request: HttpRequest, pk: int) -> HttpResponse:
    table = selectors.table_for_page(pk)
    proposals = Paginator(selectors.table_proposals(table), PROPOSALS_PER_PAGE)
    return render(
        request,
        "worktables/table_detail.html",
        {"table": table, "page": proposals.get_page(request.GET.get("pagina"))},
    )


@public_page
def draft_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "worktables/draft_detail.html", {"draft": selectors.draft_for_page(pk)})


def attachment(request: HttpRequest, pk: int) -> FileResponse:
    document = selectors.published_attachment(pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=f"{pk}.pdf", content_type="application/pdf"
    )
