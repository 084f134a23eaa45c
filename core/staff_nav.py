"""The staff area's navigation: each app adds its staff pages from its
``AppConfig.ready()``, and the staff frame (core/staff/base.html) lists those
the signed-in person may open::

    staff_nav.register("proposals:queue", _("Moderation"), order=20,
                       permission="proposals.moderate_proposal", icon="list-check")

Core registers the start page, the e-mails, the components and the
administration; the apps to its right add theirs, so core names none of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class StaffLink:
    url_name: str
    label: str  # lazy translation
    order: int
    permission: str | None = None
    icon: str = "grid-3x3-gap"


LINKS: dict[str, StaffLink] = {}


def register(
    url_name: str, label, *, order: int, permission: str | None = None, icon: str = "grid-3x3-gap"
) -> None:
    LINKS[url_name] = StaffLink(url_name, label, order, permission, icon)


def links_for(user, path: str = "") -> list[dict]:
    """The staff pages ``user`` may open, in order, with their addresses;
    ``current`` marks the one ``path`` is in (a proposal's page is in the
    moderation section)."""
    shown = []
    for link in sorted(LINKS.values(), key=lambda link: link.order):
        if link.permission and not user.has_perm(link.permission):
            continue
        url = reverse(link.url_name)
        shown.append({"url": url, "label": link.label, "icon": link.icon, "current": False})
    inside = [link for link in shown if path.startswith(link["url"])]
    if inside:
        max(inside, key=lambda link: len(link["url"]))["current"] = True
    return shown
