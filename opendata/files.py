"""A data set's rows as a CSV, JSON or XLSX file, written piece by piece so a
million rows need no more memory than ten (bench/export.py measures it).

The rows are a ``values_list`` queryset whose columns follow the data set's
:class:`~opendata.datasets.Column` list. CSV and JSON are written as the
proposals' downloads are (proposals/exports.py):

- on PostgreSQL straight out of ``COPY ... TO STDOUT``, block by block;
- elsewhere (SQLite, the embedded default) by Python, row by row;

and a test compares the two byte for byte. XLSX is openpyxl in write-only
mode, its sheet written straight into the ZIP stream the client receives
(no temporary file, no whole sheet in memory); past Excel's 1 048 576 rows a
sheet continues on the next. Texts are always cells of text, never formulas.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING
from zipfile import ZIP_DEFLATED, ZipFile

from django.db import connection
from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

if TYPE_CHECKING:
    from .datasets import Dataset

BOM = "\ufeff"  # so spreadsheets open the CSV as UTF-8, accents intact
CHUNK_ROWS = 2000
XLSX_MAX_ROWS = 1_048_576  # Excel's limit per sheet, the header included
FLUSH_BYTES = 1 << 16


# --- Cells ---------------------------------------------------------------------------


def _timestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def text_cell(value, kind: str):
    """A value as CSV and XLSX write it: times in UTC, yes/no, empty for null."""
    if value is None:
        return ""
    if kind == "bool":
        return "yes" if value else "no"
    if kind == "time":
        return _timestamp(value)
    if kind == "date":
        return value.isoformat()
    return value


def json_value(value, kind: str):
    if value is None:
        return None
    if kind == "time":
        return _timestamp(value)
    if kind == "date":
        return value.isoformat()
    return value


# --- Python: any database --------------------------------------------------------------


class _Echo:
    def write(self, value: str) -> str:
        return value


def python_csv(dataset: Dataset, rows: QuerySet) -> Iterator[str]:
    writer = csv.writer(_Echo(), lineterminator="\n")
    kinds = dataset.kinds
    yield BOM + writer.writerow(dataset.names)
    for row in rows.iterator(chunk_size=CHUNK_ROWS):
        yield writer.writerow([text_cell(v, k) for v, k in zip(row, kinds, strict=True)])


def python_json(dataset: Dataset, rows: QuerySet) -> Iterator[str]:
    names, kinds = dataset.names, dataset.kinds
    yield _json_head(dataset)
    for index, row in enumerate(rows.iterator(chunk_size=CHUNK_ROWS)):
        record = {
            name: json_value(value, kind)
            for name, value, kind in zip(names, row, kinds, strict=True)
        }
        yield ("," if index else "") + json.dumps(record, ensure_ascii=False) + "\n"
    yield "]}\n"


def _json_head(dataset: Dataset) -> str:
    return (
        f'{{"format": "{dataset.json_format}", "version": {dataset.format_version}, '
        f'"{dataset.json_key}": [\n'
    )


# --- PostgreSQL: COPY ------------------------------------------------------------------


def _ref(index: int) -> str:
    return '"c%d"' % index  # noqa: UP031  (a quoted SQL identifier)


def _csv_sql(kind: str, quoted: str) -> str:
    if kind == "bool":
        return f"CASE WHEN {quoted} THEN 'yes' WHEN NOT {quoted} THEN 'no' END"
    if kind == "time":
        return f"""to_char({quoted} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""
    if kind == "date":
        return f"to_char({quoted}, 'YYYY-MM-DD')"
    if kind == "int":
        return f"{quoted}::text"
    # NULL is written as nothing, like Python's empty cell (COPY would quote an
    # empty string as "").
    return f"NULLIF({quoted}, '')"


def _json_sql(kind: str, quoted: str) -> str:
    return _csv_sql(kind, quoted) if kind in ("time", "date") else quoted


def _inner(dataset: Dataset, rows: QuerySet) -> tuple[str, list, str]:
    sql, params = rows.query.sql_with_params()
    names = ", ".join(_ref(index) for index in range(len(dataset.columns)))
    return sql, list(params), names


def copy_csv(dataset: Dataset, rows: QuerySet) -> Iterator[bytes]:
    inner, params, names = _inner(dataset, rows)
    columns = ", ".join(_csv_sql(kind, _ref(index)) for index, kind in enumerate(dataset.kinds))
    # Every piece is this module's own text, the data set's column kinds or
    # Django's compiled query with its parameters kept apart.
    sql = (
        f"COPY (SELECT {columns} FROM ({inner}) AS export({names})) "  # noqa: S608
        "TO STDOUT WITH (FORMAT csv)"
    )
    yield (BOM + ",".join(dataset.names) + "\n").encode()
    yield from _copy(sql, params)


def copy_json(dataset: Dataset, rows: QuerySet) -> Iterator[bytes]:
    inner, params, names = _inner(dataset, rows)
    pairs = ", ".join(
        f"'{name}', {_json_sql(kind, _ref(index))}"
        for index, (name, kind) in enumerate(zip(dataset.names, dataset.kinds, strict=True))
    )
    # One JSON object per line, a comma before all but the first; the CSV
    # format with a quote and a delimiter JSON never holds raw writes each
    # line untouched (as proposals/exports.py does).
    sql = (
        "COPY (SELECT CASE WHEN row_number() OVER () = 1 THEN '' ELSE ',' END "  # noqa: S608
        f"|| json_build_object({pairs})::text FROM ({inner}) AS export({names})) "
        "TO STDOUT WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')"
    )
    yield _json_head(dataset).encode()
    yield from _copy(sql, params)
    yield b"]}\n"


def _copy(sql: str, params: list) -> Iterator[bytes]:
    connection.ensure_connection()
    with connection.cursor() as cursor, cursor.cursor.copy(sql, params) as copy:
        for block in copy:
            yield bytes(block)


# --- XLSX: openpyxl, write-only, straight into the ZIP stream ---------------------------


class _Sink:
    """Where the ZIP archive writes: collects bytes until they are sent."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts, self.size = [], 0
        return data


class _StreamedWriter(ExcelWriter):
    """openpyxl's writer, but each sheet is already in the archive."""

    def write_worksheet(self, ws) -> None:
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        ws._rels = ws._writer._rels
        self.manifest.append(ws)


def _xlsx_cell(sheet, value, kind: str):
    value = text_cell(value, kind)
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith("="):  # text, never a formula someone's spreadsheet runs
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def xlsx(dataset: Dataset, rows: QuerySet) -> Iterator[bytes]:
    sink = _Sink()
    archive = ZipFile(sink, "w", ZIP_DEFLATED, allowZip64=True)
    workbook = Workbook(write_only=True)
    workbook.properties.title = str(dataset.title)
    workbook.properties.creator = "Gobierno Abierto Chile"
    kinds = dataset.kinds

    def open_sheet(number: int):
        title = dataset.slug[:25] if number == 1 else f"{dataset.slug[:20]} ({number})"
        sheet = workbook.create_sheet(title)
        sheet.freeze_panes = "A2"
        entry = archive.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True)
        sheet._writer = WorksheetWriter(sheet, out=entry)
        sheet._writer.write_top()
        sheet.append(dataset.names)
        return sheet, entry

    number, written = 1, 1
    sheet, entry = open_sheet(number)
    for row in rows.iterator(chunk_size=CHUNK_ROWS):
        if written == XLSX_MAX_ROWS:
            sheet.close()
            entry.close()
            number, written = number + 1, 1
            sheet, entry = open_sheet(number)
        sheet.append([_xlsx_cell(sheet, v, k) for v, k in zip(row, kinds, strict=True)])
        written += 1
        if sink.size >= FLUSH_BYTES:
            yield sink.take()
    sheet.close()
    entry.close()
    _StreamedWriter(workbook, archive).save()
    yield sink.take()


# --- Choosing ----------------------------------------------------------------------------

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)


def stream(dataset: Dataset, fmt: str, rows: QuerySet | None = None) -> Iterator:
    """The file as chunks (text or bytes): by COPY where the database can."""
    rows = dataset.rows() if rows is None else rows
    if fmt == "xlsx":
        return xlsx(dataset, rows)
    if connection.vendor == "postgresql":
        return copy_json(dataset, rows) if fmt == "json" else copy_csv(dataset, rows)
    return python_json(dataset, rows) if fmt == "json" else python_csv(dataset, rows)
