from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """``counts|get:value``: a dictionary's entry, 0 when missing."""
    return (mapping or {}).get(key, 0)
