"""Data the component templates (core/templates/components/) take, for views
that build it in Python."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Download:
    """A file to download (components/download_links.html). ``size`` in bytes,
    or None when it is not known without reading the file: it is then left out,
    never guessed by building the export."""

    label: str
    url: str
    format: str
    size: int | None = None
