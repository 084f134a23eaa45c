"""A readable, word-level comparison of two versions of a commitment's text,
computed by Google's diff-match-patch (the ``diff-match-patch`` package).

diff-match-patch compares characters; to compare words, each word (and each
run of spaces or punctuation) is first mapped to one character of a private
alphabet, the way its documentation's "line mode" does for lines. The result
is then cleaned up for people (``diff_cleanupSemantic``) and mapped back."""

from __future__ import annotations

import re
from dataclasses import dataclass

from diff_match_patch import diff_match_patch

# A word, a run of spaces, or one other character (punctuation).
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
_OPS = {0: EQUAL, 1: INSERT, -1: DELETE}


@dataclass(frozen=True)
class Piece:
    op: str  # equal, insert or delete
    text: str


def words(old: str, new: str) -> list[Piece]:
    """The pieces that turn ``old`` into ``new``, word by word."""
    old, new = old or "", new or ""
    vocabulary: dict[str, str] = {}
    tokens: list[str] = []

    def encode(text: str) -> str:
        chars = []
        for token in _TOKEN.findall(text):
            if token not in vocabulary:
                # The supplementary Private Use Areas: no real text uses them.
                vocabulary[token] = chr(0xF0000 + len(tokens))
                tokens.append(token)
            chars.append(vocabulary[token])
        return "".join(chars)

    engine = diff_match_patch()
    engine.Diff_Timeout = 2
    diffs = engine.diff_main(encode(old), encode(new), False)
    engine.diff_cleanupSemantic(diffs)
    decoded = {char: token for token, char in vocabulary.items()}
    pieces: list[Piece] = []
    for op, chars in diffs:
        text = "".join(decoded[char] for char in chars)
        if pieces and pieces[-1].op == _OPS[op]:
            pieces[-1] = Piece(_OPS[op], pieces[-1].text + text)
        else:
            pieces.append(Piece(_OPS[op], text))
    return pieces


def changed(pieces: list[Piece]) -> bool:
    return any(piece.op != EQUAL for piece in pieces)


@dataclass(frozen=True)
class FieldDiff:
    name: str  # the content key: title, problem, ..., or "milestone-3"
    label: str
    pieces: list[Piece]

    @property
    def changed(self) -> bool:
        return changed(self.pieces)


def milestone_text(milestone: dict) -> str:
    """One milestone as a line people can compare."""
    dates = " – ".join(filter(None, [milestone.get("start_date"), milestone.get("end_date")]))
    parts = [milestone.get("title", ""), milestone.get("deliverable", ""), dates]
    return ". ".join(part for part in parts if part)


def compare(old: dict, new: dict, labels: dict[str, str], milestone_label) -> list[FieldDiff]:
    """Every field of two versions' ``content``; milestones matched by number,
    one added or removed compared with nothing."""
    result = [
        FieldDiff(name, label, words(old.get(name, ""), new.get(name, "")))
        for name, label in labels.items()
    ]
    before = {m["number"]: m for m in old.get("milestones", [])}
    after = {m["number"]: m for m in new.get("milestones", [])}
    for number in sorted(before.keys() | after.keys()):
        old_text = milestone_text(before[number]) if number in before else ""
        new_text = milestone_text(after[number]) if number in after else ""
        result.append(
            FieldDiff(f"milestone-{number}", milestone_label(number), words(old_text, new_text))
        )
    return result
