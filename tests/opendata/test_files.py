"""Every data set downloads as CSV, JSON and XLSX with the columns its data
dictionary lists, the official record only; PostgreSQL's COPY and Python
write the same files; a spreadsheet never runs a text as a formula."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection
from openpyxl import load_workbook

from opendata import files
from opendata.datasets import DATASETS
from tests.conftest import require_service

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def csv_rows(client, slug: str) -> list[dict]:
    text = body(client.get(f"/datos-abiertos/{slug}.csv")).decode()
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def sheet(client, slug: str) -> list[tuple]:
    content = body(client.get(f"/datos-abiertos/{slug}.xlsx"))
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return [row for ws in workbook.worksheets for row in ws.iter_rows(values_only=True)]


@pytest.mark.parametrize("slug", list(DATASETS))
def test_each_format_has_the_dictionarys_columns(client, world, slug):
    dataset = DATASETS[slug]
    response = client.get(f"/datos-abiertos/{slug}.csv")
    assert response["Content-Disposition"] == f'attachment; filename="{slug}.csv"'
    text = body(response).decode()
    assert text[1:].splitlines()[0] == ",".join(dataset.names)
    document = json.loads(body(client.get(f"/datos-abiertos/{slug}.json")))
    assert document["format"] == dataset.json_format
    records = document[dataset.json_key]
    assert records, f"{slug}: the world fixture should give it rows"
    assert all(list(record) == dataset.names for record in records)
    rows = sheet(client, slug)
    assert list(rows[0]) == dataset.names
    assert len(rows) - 1 == len(records) == len(csv_rows(client, slug))


def test_the_files_hold_the_official_record_only(client, world):
    titles = {row["title"] for row in csv_rows(client, "compromisos")}
    assert titles == {world["commitment"].title}
    proposals = {row["tracking_code"] for row in csv_rows(client, "propuestas")}
    assert proposals == {world["hidden"].tracking_code, world["shown"].tracking_code}
    assert {row["title"] for row in csv_rows(client, "borradores")} == {world["draft"].title}
    updates = {int(row["id"]) for row in csv_rows(client, "avances")}
    assert updates == {world["update"].pk, world["disputed"].pk}  # not the withdrawn one


def test_a_commitment_row_carries_its_reported_progress(client, world):
    [row] = csv_rows(client, "compromisos")
    assert row["ogp_id"] == "CL0099"
    assert row["reported_completion"] == "limited"
    assert row["participation"] == "yes"
    assert row["url"].endswith("/planes/plan-7-2030-2032/compromisos/1/")
    milestones = {row["number"]: row for row in csv_rows(client, "hitos")}
    assert milestones["1"]["reported_completion"] == "limited"
    assert milestones["2"]["reported_completion"] == "no_evidence"
    assert milestones["2"]["irm_completion"] == "limited"


@pytest.mark.parametrize("slug", list(DATASETS))
def test_copy_writes_the_same_files_as_python(world, slug):
    require_service(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    dataset = DATASETS[slug]
    copied = b"".join(files.copy_csv(dataset, dataset.rows())).decode()
    written = "".join(files.python_csv(dataset, dataset.rows()))
    assert copied == written
    assert json.loads(b"".join(files.copy_json(dataset, dataset.rows()))) == json.loads(
        "".join(files.python_json(dataset, dataset.rows()))
    )


def test_a_text_that_looks_like_a_formula_stays_text(client, world):
    commitment = world["commitment"]
    commitment.title = '=HYPERLINK("http://malo.example","clic")'
    commitment.problem = "Con un carácter de control \x0b que XLSX no admite."
    commitment.save()
    [header, row] = sheet(client, "compromisos")
    record = dict(zip(header, row, strict=True))
    assert record["title"] == '=HYPERLINK("http://malo.example","clic")'
    assert record["problem"] == "Con un carácter de control  que XLSX no admite."
    content = body(client.get("/datos-abiertos/compromisos.xlsx"))
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.active["F2"].data_type == "s"  # a string, not a formula


def test_a_sheet_continues_on_the_next_past_excels_row_limit(client, world, monkeypatch):
    monkeypatch.setattr(files, "XLSX_MAX_ROWS", 2)  # the header and one row per sheet
    content = body(client.get("/datos-abiertos/avances.xlsx"))
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    assert len(workbook.worksheets) == 2
    for ws in workbook.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        assert list(rows[0]) == DATASETS["avances"].names
        assert len(rows) == 2


def test_a_head_request_builds_nothing(client, world, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.head("/datos-abiertos/propuestas.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == files.CONTENT_TYPES["xlsx"]


@pytest.mark.parametrize(
    "path", ["/datos-abiertos/nada.csv", "/datos-abiertos/propuestas.xml", "/datos-abiertos/nada/"]
)
def test_an_unknown_data_set_or_format_is_a_404(client, path):
    assert client.get(path).status_code == 404


def test_the_files_can_be_read_from_any_site(client, world):
    response = client.get("/datos-abiertos/planes.json", HTTP_ORIGIN="https://datos.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
