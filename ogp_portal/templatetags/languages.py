"""``{% translated_url "en" %}``: the address of the current page in another
language, for the language switch (plain links: no form, no CSRF token, so
pages stay cacheable) and the hreflang alternates."""

from __future__ import annotations

from django import template
from django.urls import reverse, translate_url
from django.utils import translation

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context, language: str, home: bool = False) -> str:
    """The current page in ``language``; that language's home page when asked
    (a page that exists in no language), or when the page cannot be translated
    (no request, as in 500.html, or an address that does not resolve)."""
    request = context.get("request")
    if request is not None and not home:
        path = request.get_full_path()
        url = translate_url(path, language)
        if url != path or language == translation.get_language():
            return url
    with translation.override(language):
        return reverse("stages:home")
