"""Template tags of the component set (templates in core/templates/components/,
all shown with sample data on the staff page /gestion/componentes/).

``{% load components %}`` gives:

- ``{% icon "download" %}``: an icon from the vendored Bootstrap Icons sprite,
  hidden from assistive technology (the text next to it says what it means);
  ``{% icon "x" label=_("Close") %}`` when the icon stands alone.
- ``{% breadcrumbs label url label url ... current as crumbs %}``: the trail
  to this page, for ``components/page_header.html``.
- ``{% capture as name %}...{% endcapture %}``: keeps what it renders in a
  variable (the base template uses it to say a page's title twice: in
  ``<title>`` and in the sharing tags).
- ``{{ bytes|approximate_size }}``: "about 12 KB".
- ``{{ field.label|with_error:error }}``: a line of the error summary
  (``components/error_summary.html``), without a colon after a label that
  ends in "?" or ".".
"""

from __future__ import annotations

import datetime
import re
from functools import cache
from pathlib import Path

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import dateformat
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from core.forms import labelled_error

register = template.Library()

SPRITE = "vendor/bootstrap-icons-1.13.2/icons.svg"


@cache
def sprite_icons() -> frozenset[str]:
    """The icons the vendored sprite holds (see scripts/vendor.py)."""
    text = (Path(settings.BASE_DIR) / "static" / SPRITE).read_text()
    return frozenset(re.findall(r'<symbol id="([^"]+)"', text))


@register.simple_tag
def icon(name: str, label: str = "", css: str = "") -> str:
    if name not in sprite_icons():
        raise template.TemplateSyntaxError(
            f"The icon {name!r} is not in {SPRITE}: add it to ICONS in scripts/vendor.py "
            "and run `make vendor`."
        )
    classes = f"bi {css}".strip()
    href = f"{static(SPRITE)}#{name}"
    if label:
        return format_html(
            '<svg class="{}" role="img" aria-label="{}"><use href="{}"></use></svg>',
            classes,
            label,
            href,
        )
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false"><use href="{}"></use></svg>',
        classes,
        href,
    )


@register.simple_tag
def breadcrumbs(*parts) -> str:
    """``label, url`` pairs for the pages above this one, then this page's label."""
    if not parts or len(parts) % 2 == 0:
        raise template.TemplateSyntaxError(
            "breadcrumbs takes label/url pairs and ends with the current page's label"
        )
    trail = [(parts[i], parts[i + 1]) for i in range(0, len(parts) - 1, 2)]
    return render_to_string("components/breadcrumbs.html", {"trail": trail, "current": parts[-1]})


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context) -> str:
        # Still safe: what it holds was escaped as it was rendered.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("use {% capture as name %}...{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.filter
def approximate_size(size) -> str:
    """A download's size as people read it; empty when it is not known."""
    if size in (None, ""):
        return ""
    size = int(size)
    if size < 1024:
        return _("about 1 KB")
    if size < 1024 * 1024:
        return _("about %(size)s KB") % {"size": round(size / 1024)}
    megabytes = round(size / (1024 * 1024), 1)
    return _("about %(size)s MB") % {"size": number_format(megabytes, decimal_pos=1)}


@register.filter
def machine_time(value) -> str:
    """A moment as HTML's "global date and time string" (seconds, offset), for
    ``<time datetime>``: Django's ``c`` format keeps microseconds, which HTML
    refuses past three digits."""
    if not value:
        return ""
    if not isinstance(value, datetime.datetime):  # a day: HTML's "valid date string"
        return value.isoformat()
    return dateformat.format(localtime(value), "Y-m-d\\TH:i:sO")


@register.filter
def with_columns(row, columns) -> list[tuple]:
    """A table row's cells, each with its column's name, for a table that
    stacks on a phone (``table-stack``: ``data-label`` on every cell)."""
    return list(zip(columns, row, strict=False))


@register.filter
def with_error(label, error) -> str:
    return labelled_error(label, error)
