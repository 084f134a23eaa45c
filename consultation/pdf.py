"""The published plan as one PDF, drawn by WeasyPrint from an HTML template
(consultation/pdf/plan.html) and a print stylesheet (static/css/plan_pdf.css).

Nothing is fetched from the network: the typeface is the portal's own copy
of Roboto, and the URL fetcher refuses any address that is not a file under
the portal's static folder."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .selectors import PublishedPlan

STATIC = Path(settings.BASE_DIR) / "static"
STYLESHEETS = [
    STATIC / "vendor" / "roboto-5.3.0" / "roboto.css",
    STATIC / "css" / "plan_pdf.css",
]


class RemoteResourceRefused(ValueError):
    """The PDF's template or stylesheet asked for something off this machine."""


def local_only(url: str, *args, **kwargs):
    """WeasyPrint's URL fetcher, limited to the portal's static files."""
    from weasyprint.urls import default_url_fetcher

    if not url.startswith("file://"):
        raise RemoteResourceRefused(url)
    path = Path(url.removeprefix("file://")).resolve()
    if STATIC.resolve() not in path.parents:
        raise RemoteResourceRefused(url)
    return default_url_fetcher(url, *args, **kwargs)


def render(data: PublishedPlan, language: str = "es-cl") -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    with translation.override(language):
        html = render_to_string(
            "consultation/pdf/plan.html",
            {"data": data, "plan": data.plan, "generated_at": timezone.now()},
        )
    fonts = FontConfiguration()
    stylesheets = [
        CSS(filename=str(path), font_config=fonts, url_fetcher=local_only) for path in STYLESHEETS
    ]
    document = HTML(string=html, base_url=str(STATIC), url_fetcher=local_only)
    return document.write_pdf(stylesheets=stylesheets, font_config=fonts)
