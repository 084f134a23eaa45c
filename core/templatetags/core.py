from __future__ import annotations

from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from core import panels as registry
from core import staff_nav

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, slot: str, obj=None):
    """Render every panel registered for ``slot`` (see core/panels.py)."""
    request = context.get("request")
    parts = []
    for template_name, panel_context in registry.collect(slot, request, obj):
        with context.push(**panel_context, object=obj):
            parts.append(get_template(template_name).template.render(context))
    return mark_safe("".join(parts))  # noqa: S308  (rendered, autoescaped templates)


@register.simple_tag(takes_context=True)
def staff_links(context) -> list[dict]:
    """The staff pages the signed-in person may open (see core/staff_nav.py)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return staff_nav.links_for(request.user, request.path)
