"""Open-data files written piece by piece, so a 250 000-row export needs no
more memory than a 10-row one."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    """Each row (the header first) as one line of CSV text."""
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow(row)


def json_document(name: str, version: int, key: str, records: Iterable[dict]) -> Iterator[str]:
    """``{"format": name, "version": version, key: [records...]}``, in chunks."""
    yield f'{{"format": "{name}", "version": {version}, "{key}": ['
    for index, item in enumerate(records):
        yield ("," if index else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]}\n"
