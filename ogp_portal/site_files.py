"""Files that browsers and crawlers ask for at the site's root: the web app
manifest and robots.txt. (/favicon.ico is a file in webroot/, served by
whitenoise; the sitemaps are django.contrib.sitemaps views.)"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

THEME_COLOUR = "#0f69b4"  # Chile's blue, as in the icons

# Kept out of search engines, in every language: staff pages, and pages that
# belong to one person (a tracking code, a confirmation or unsubscribe link).
PRIVATE_PATHS = [
    "admin/",
    "gestion/",
    "propuestas/seguimiento/",
    "propuestas/gracias/",
    "avisos/confirmar/",
    "avisos/baja/",
    "inscripciones/",
]


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    prefixes = ["/"] + [
        f"/{code}/" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
    ]
    lines = ["User-agent: *"]
    lines += [f"Disallow: {prefix}{path}" for prefix in prefixes for path in PRIVATE_PATHS]
    # After the exceptions, for crawlers that apply the first rule that matches.
    lines += ["Allow: /", ""]
    lines += [f"Sitemap: {request.build_absolute_uri(reverse('sitemap_index'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


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
