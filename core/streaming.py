"""Open-data files written piece by piece, so a 250 000-row export needs no
more memory than a 10-row one."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse


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


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}


def download(chunks: Iterable[str], fmt: str, filename: str) -> StreamingHttpResponse:
    """A streamed file download: ``filename`` gets the ``.csv``/``.json`` ending."""
    response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
