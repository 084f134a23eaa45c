"""Files that browsers and crawlers ask for at the site's root: the web app
manifest and robots.txt. (/favicon.ico is a file in webroot/, served by
whitenoise; the sitemaps are django.contrib.sitemaps views.)"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.templatetags.static import static
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

THEME_COLOUR = "#0f69b4"  # Chile's blue, as in the icons


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    # Spanish (Chile) whatever the browser's language: the installed app opens
    # the Spanish site, which links to the English one.
    with translation.override("es-cl"):
        document = {
            "name": _("Open Government Chile"),
            "short_name": _("Open Government"),
            "description": _(
                "Chile's Open Government action plans: propose, take part and follow every "
                "commitment."
            ),
            "lang": "es-CL",
            "dir": "ltr",
            "start_url": "/",
            "scope": "/",
            "display": "minimal-ui",
            "theme_color": THEME_COLOUR,
            "background_color": "#ffffff",
            "icons": [
                {"src": static("icons/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
                {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
                {
                    "src": static("icons/icon-maskable-512.png"),
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "maskable",
                },
            ],
        }
    return JsonResponse(
        document,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
