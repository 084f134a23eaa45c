"""Evidence files are accepted by what they contain, not by their name or the
type the browser claims, and only up to 10 MB."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from tracking import files
from tracking.models import MAX_EVIDENCE_BYTES

from .factories import CSV, JPEG, PDF, PNG, ods, upload, xlsx


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("informe.pdf", PDF, "application/pdf"),
        ("foto.png", PNG, "image/png"),
        ("foto.jpg", JPEG, "image/jpeg"),
        ("datos.xlsx", xlsx(), files.XLSX),
        ("datos.ods", ods(), files.ODS),
        ("datos.csv", CSV, "text/csv"),
        # The name does not matter: a PDF called .png is a PDF.
        ("foto.png", PDF, "application/pdf"),
        ("sin-extension", CSV, "text/csv"),
    ],
)
def test_each_accepted_type_is_recognised_by_its_content(name, content, expected):
    assert files.detect(upload(name, content, "application/octet-stream")) == expected


def zip_of(**members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        b"<html><script>alert(1)</script></html>\x00",
        b"  <svg onload='alert(1)'></svg>",
        b"MZ\x90\x00\x03\x00\x00\x00",  # a Windows program
        b"GIF89a\x01\x00\x01\x00",  # an image type not on the list
        zip_of(**{"word/document.xml": "<w/>", "[Content_Types].xml": "<Types/>"}),  # a .docx
        zip_of(readme="hola"),
        b"PK\x03\x04 not really a zip",
        b"datos;con\x01control",
        b"\xff\xfe\x00\x00 utf-32 text",
    ],
    ids=[
        "html with NUL",
        "svg",
        "exe",
        "gif",
        "docx",
        "plain zip",
        "broken zip",
        "control",
        "utf-32",
    ],
)
def test_other_content_is_refused_whatever_its_name(content):
    with pytest.raises(ValidationError, match="not a file we accept|no es un archivo"):
        files.detect(upload("informe.pdf", content, "application/pdf"))


def test_a_file_over_the_limit_is_refused():
    big = upload("grande.pdf", PDF + b"0" * MAX_EVIDENCE_BYTES)
    with pytest.raises(ValidationError, match="10 MB"):
        files.detect(big)


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError):
        files.detect(upload("vacio.csv", b""))


def test_a_csv_cut_in_the_middle_of_a_character_is_still_text():
    content = ("á" * (files.CSV_SAMPLE // 2 + 1)).encode()  # the sample ends mid-character
    assert files.detect(upload("datos.csv", content)) == "text/csv"
