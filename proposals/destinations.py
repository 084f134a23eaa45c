"""Where a proposal can be integrated when another app owns the place (a work
table's commitment draft). The moderation form offers each registered kind
beside the commitments of the proposal's plan; choosing one hands the
decision to the app that owns it, which keeps its side of the link (the draft
lists the proposal) and moves the proposal through ``services.transition``.

An app registers its kind from its ``AppConfig.ready()``::

    destinations.register(destinations.Kind(
        "draft", _("Commitment drafts of its work table"), choices=..., integrate=...))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .models import Proposal
from .services import Change

COMMITMENT = "commitment"


@dataclass(frozen=True)
class Kind:
    # A choice's value is "<prefix>:<id>".
    prefix: str
    # The name of its group in the list of choices.
    label: Any
    # (id, label) of each place of this kind the proposal may go into.
    choices: Callable[[Proposal], list[tuple[int, str]]]
    # (proposal id, place id, the moderator's change, actor) -> what to tell
    # the moderator; raises services.TransitionNotAllowed with the reason.
    integrate: Callable[[int, int, Change, Any], str]


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    if kind.prefix == COMMITMENT or ":" in kind.prefix:
        raise ValueError(f"{kind.prefix!r} cannot name a kind of destination")
    KINDS[kind.prefix] = kind


def parse(value: str) -> tuple[str, int] | None:
    """("draft", 12) from "draft:12"; None for anything else."""
    prefix, _sep, number = value.partition(":")
    if not (number.isascii() and number.isdigit()) or (
        prefix != COMMITMENT and prefix not in KINDS
    ):
        return None
    return prefix, int(number)
