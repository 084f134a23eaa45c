"""Notice subscriptions: the form, its services and its views.

Double opt-in: subscribing queues a confirmation e-mail; only confirmed
addresses get notices. The pages never say whether an address was already
subscribed, and never show an address at all.
"""

from __future__ import annotations

import secrets

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ogp_portal.mail import queue_email
from ogp_portal.ratelimit import client_ip, exceeded

from .models import Subscription

RATE_LIMIT = 5  # subscribe attempts per address (IP) and window
RATE_WINDOW = 60 * 60  # seconds


# --- Form ---------------------------------------------------------------------


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Your e-mail"), max_length=254)
    # A honeypot: hidden from people (and from screen readers), filled by bots.
    website = forms.CharField(required=False, label=gettext_lazy("Leave this field empty"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notice_hours = settings.CALENDAR_CLOSING_NOTICE_HOURS
        self.fields["email"].help_text = ngettext(
            "We will write when a stage of the action plan opens and %(hours)s hour before "
            "it closes. Nothing else, and you can stop it from any of the e-mails.",
            "We will write when a stage of the action plan opens and %(hours)s hours before "
            "it closes. Nothing else, and you can stop it from any of the e-mails.",
            self.notice_hours,
        ) % {"hours": self.notice_hours}
        self.helper = FormHelper()
        self.helper.form_action = reverse("plans:subscribe")
        self.helper.layout = Layout(
            Field("email", autocomplete="email"),
            Field(
                "website",
                wrapper_class="visually-hidden",
                tabindex="-1",
                autocomplete="off",
                aria_hidden="true",
            ),
            Submit("submit", gettext_lazy("Subscribe")),
        )

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


# --- Services ---------------------------------------------------------------------


def subscribe(email: str, language: str) -> None:
    """Ask ``email`` to confirm. An address already confirmed gets nothing, so a
    stranger cannot flood it; one pending or unsubscribed gets a new link."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().for_email(email).first()
        if subscription is None:
            try:
                with transaction.atomic():
                    subscription = Subscription.objects.create(email=email, language=language)
            except IntegrityError:  # a concurrent request created it first
                return
        elif subscription.confirmed_at and not subscription.unsubscribed_at:
            return
        else:
            subscription.language = language
            subscription.confirmed_at = None
            subscription.unsubscribed_at = None
            subscription.save(update_fields=["language", "confirmed_at", "unsubscribed_at"])
        queue_email(
            f"subscription-confirm:{subscription.pk}:{secrets.token_hex(8)}",
            subscription.email,
            "subscription_confirm",
            {
                "confirm_url": absolute_url("plans:subscription_confirm", subscription, language),
                "notice_hours": settings.CALENDAR_CLOSING_NOTICE_HOURS,
            },
            language=language,
            unsubscribe_url=absolute_url("plans:unsubscribe", subscription, language),
        )


def confirm(subscription: Subscription) -> None:
    Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now(), unsubscribed_at=None
    )


def unsubscribe(subscription: Subscription) -> None:
    Subscription.objects.filter(pk=subscription.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=timezone.now()
    )


def absolute_url(name: str, subscription: Subscription, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name, args=[subscription.token])


def over_rate_limit(request: HttpRequest) -> bool:
    return exceeded("subscribe", client_ip(request), RATE_LIMIT, RATE_WINDOW)


# --- Views ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def subscribe_view(request: HttpRequest) -> HttpResponse:
    form = SubscribeForm(request.POST or None)
    if request.method == "POST":
        if over_rate_limit(request):
            message = _("You have tried to subscribe too many times. Please try again in an hour.")
            # A fresh form: the page never shows an address back.
            return render(
                request,
                "plans/subscriptions/form.html",
                {"form": SubscribeForm(), "error": message},
                status=429,
            )
        if form.is_valid():
            if not form.is_bot:
                subscribe(form.cleaned_data["email"], translation.get_language())
            return redirect("plans:subscription_sent")
    return render(request, "plans/subscriptions/form.html", {"form": form})


def subscription_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/subscriptions/sent.html")


@require_http_methods(["GET", "POST"])
def confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    # GET only asks: mail scanners open links, and must not confirm on their own.
    subscription = get_object_or_404(Subscription, token=token)
    if request.method == "POST":
        confirm(subscription)
        return render(
            request,
            "plans/subscriptions/confirmed.html",
            {"notice_hours": settings.CALENDAR_CLOSING_NOTICE_HOURS},
        )
    return render(request, "plans/subscriptions/confirm.html")


# The token in the address is the credential, and mail clients send RFC 8058
# one-click unsubscribe POSTs with no CSRF cookie or token: CSRF protection
# cannot apply here, and the only thing a forged request can do is unsubscribe.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    # GET only asks, for the same reason as confirm_view.
    subscription = get_object_or_404(Subscription, token=token)
    if request.method == "POST":
        unsubscribe(subscription)
        return render(request, "plans/subscriptions/unsubscribed.html")
    return render(request, "plans/subscriptions/unsubscribe.html")
