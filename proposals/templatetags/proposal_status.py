"""``{{ proposal.status|status_tone }}``: the colour family of a proposal's
status chip (components/status_chip.html), which always shows the status in
words too."""

from __future__ import annotations

from django import template

from ..models import Status

register = template.Library()

TONES = {
    Status.RECEIVED: "neutral",
    Status.PUBLISHED: "info",
    Status.ASSIGNED: "info",
    Status.INTEGRATED: "success",
    Status.SELECTED: "success",
    Status.NOT_ADMITTED: "danger",
    Status.NOT_SELECTED: "danger",
    Status.MERGED: "neutral",
}
ICONS = {
    "neutral": "circle",
    "info": "arrow-right",
    "success": "check-circle-fill",
    "danger": "exclamation-octagon",
}


@register.filter
def status_tone(status: str) -> str:
    return TONES.get(status, "neutral")


@register.filter
def status_icon(status: str) -> str:
    return ICONS[status_tone(status)]
