"""The published plan as one PDF, drawn by WeasyPrint from an HTML template
(consultation/pdf/plan.html) and a print stylesheet (static/css/plan_pdf.css).

Nothing is fetched from the network: the typeface is the portal's own copy
of Roboto, and the URL fetcher refuses any address that is not a file under
the portal's static folder."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

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


def _roots() -> list[Path]:
    import weasyprint

    # The portal's static files, and WeasyPrint's own default stylesheets.
    return [STATIC.resolve(), Path(weasyprint.__file__).resolve().parent]


def check_local(url: str) -> None:
    """Refuse any address that is not a file of the portal or of WeasyPrint."""
    if not url.startswith("file://"):
        raise RemoteResourceRefused(url)
    path = Path(unquote(url.removeprefix("file://").split("?")[0])).resolve()
    if not any(root == path or root in path.parents for root in _roots()):
        raise RemoteResourceRefused(url)


def fetcher():
    """WeasyPrint's URL fetcher, limited to local files; a refusal stops the
    rendering instead of quietly drawing the PDF without the resource."""
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            check_local(url)
            return super().fetch(url, headers)

    return LocalFetcher(fail_on_errors=True, allowed_protocols=["file"])


def render(data: PublishedPlan, language: str = "es-cl") -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    with translation.override(language):
        html = render_to_string(
            "consultation/pdf/plan.html",
            {"data": data, "plan": data.plan, "generated_at": timezone.now()},
        )
    fonts = FontConfiguration()
    local = fetcher()
    stylesheets = [
        CSS(filename=str(path), font_config=fonts, url_fetcher=local) for path in STYLESHEETS
    ]
    document = HTML(string=html, base_url=str(STATIC), url_fetcher=local)
    return document.write_pdf(stylesheets=stylesheets, font_config=fonts)
