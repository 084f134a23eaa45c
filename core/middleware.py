"""Addresses as shared on social media and in newsletters, without what the
sharing added.

A link to the portal in a press release, a post or a newsletter arrives with
tracking parameters (``utm_source``, or Facebook's ``fbclid``, different on
every click). The portal runs no analytics and reads none of them, but they are
part of the address: each click would miss the page cache (core/cache.py) on
the day thousands arrive at once, and the pages' own links (pagination,
filters, language) would copy them on. A GET or HEAD with any of them gets a
301 to the same address without them, which the page cache then answers.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.utils.http import escape_leading_slashes

# utm_* and the click identifiers of the usual platforms and mailers.
TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",  # Facebook, Instagram
        "gclid",  # Google Ads
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",  # Microsoft
        "twclid",  # X
        "ttclid",  # TikTok
        "li_fat_id",  # LinkedIn
        "igshid",  # Instagram
        "yclid",  # Yandex
        "mc_cid",  # Mailchimp
        "mc_eid",
        "_ga",  # Google Analytics' cross-domain linker
        "_gl",
    }
)


def is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


class DropTrackingParametersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD") and any(map(is_tracking, request.GET)):
            kept = [
                (name, value)
                for name, values in request.GET.lists()
                if not is_tracking(name)
                for value in values
            ]
            query = urlencode(kept)
            # "//host/" would leave the site: escaped as CommonMiddleware does.
            path = escape_leading_slashes(request.path)
            return HttpResponsePermanentRedirect(path + (f"?{query}" if query else ""))
        return self.get_response(request)
