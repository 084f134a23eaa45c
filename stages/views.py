"""Public pages of the calendar: the notices' subscription (double opt-in).

The pages never say whether an address was already subscribed, and never show
an address at all."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.cache import public_page
from core.ratelimit import client_ip, exceeded
from plans import selectors as plan_selectors
from plans.models import OGPValue

from . import actions, selectors, services
from .forms import SubscribeForm
from .models import Subscription

RATE_LIMIT = 5  # subscribe attempts per address (IP) and window
RATE_WINDOW = 60 * 60  # seconds


@public_page
def home(request: HttpRequest) -> HttpResponse:
    """What can I do now? The open stage and its action first (on a phone, the
    first screen), then the calendar, then what open government is."""
    process = selectors.current_process()
    calendar = selectors.calendar(process) if process else []
    return render(
        request,
        "stages/home.html",
        {
            "process": process,
            "calendar": calendar,
            "open_now": [
                (item, actions.action_for(item.stage.kind, process))
                for item in calendar
                if item.is_open
            ],
            "next_stage": next((item for item in calendar if item.state == "upcoming"), None),
            "plans": plan_selectors.official_plans(),
            "ogp_values": OGPValue,
        },
    )


def over_rate_limit(request: HttpRequest) -> bool:
    return exceeded("subscribe", client_ip(request), RATE_LIMIT, RATE_WINDOW)


@require_http_methods(["GET", "POST"])
def subscribe_view(request: HttpRequest) -> HttpResponse:
    form = SubscribeForm(request.POST or None)
    if request.method == "POST":
        if over_rate_limit(request):
            message = _("You have tried to subscribe too many times. Please try again in an hour.")
            # A fresh form: the page never shows an address back.
            return render(
                request,
                "stages/subscriptions/form.html",
                {"form": SubscribeForm(), "error": message},
                status=429,
            )
        if form.is_valid():
            if not form.is_bot:
                services.subscribe(form.cleaned_data["email"], translation.get_language())
            return redirect("stages:subscription_sent")
    return render(request, "stages/subscriptions/form.html", {"form": form})


def subscription_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "stages/subscriptions/sent.html")


@require_http_methods(["GET", "POST"])
def confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    # GET only asks: mail scanners open links, and must not confirm on their own.
    subscription = get_object_or_404(Subscription, token=token)
    if request.method == "POST":
        services.confirm(subscription)
        return render(
            request,
            "stages/subscriptions/confirmed.html",
            {"notice_hours": settings.CALENDAR_CLOSING_NOTICE_HOURS},
        )
    return render(request, "stages/subscriptions/confirm.html")


# The token in the address is the credential, and mail clients send RFC 8058
# one-click unsubscribe POSTs with no CSRF cookie or token: CSRF protection
# cannot apply here, and the only thing a forged request can do is unsubscribe.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    # GET only asks, for the same reason as confirm_view.
    subscription = get_object_or_404(Subscription, token=token)
    if request.method == "POST":
        services.unsubscribe(subscription)
        return render(request, "stages/subscriptions/unsubscribed.html")
    return render(request, "stages/subscriptions/unsubscribe.html")
