"""What an evidence file is, judged by its content and never by its name or
the type the browser claims: PDF, PNG and JPEG by their first bytes, XLSX
and ODS by the structure of the zip archive they are, CSV as plain text.

Only the archive's directory is read (no member is decompressed), so a
compressed bomb costs nothing to look at.
"""

from __future__ import annotations

import csv
import io
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from .models import EVIDENCE_TYPES, MAX_EVIDENCE_BYTES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
MAGIC = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
]
CSV_SAMPLE = 64 * 1024


def accepted_types() -> str:
    """The formats, as people name them: "PDF, PNG, JPEG, XLSX, ODS, CSV"."""
    return ", ".join(label for _extension, label in EVIDENCE_TYPES.values())


def detect(upload: UploadedFile) -> str:
    """The content type of ``upload``, or ValidationError saying what is wrong."""
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than %(size)d MB. Attach a smaller file or a link to it.")
            % {"name": upload.name, "size": MAX_EVIDENCE_BYTES // (1024 * 1024)}
        )
    if not upload.size:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": upload.name})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for magic, content_type in MAGIC:
        if head.startswith(magic):
            return content_type
    if head.startswith(b"PK\x03\x04"):
        content_type = _spreadsheet_archive(upload)
        upload.seek(0)
        if content_type:
            return content_type
    elif _is_csv(upload):
        upload.seek(0)
        return "text/csv"
    upload.seek(0)
    raise ValidationError(
        _("“%(name)s” is not a file we accept. Attach one of: %(types)s.")
        % {"name": upload.name, "types": accepted_types()}
    )


def _spreadsheet_archive(upload: UploadedFile) -> str | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
                return XLSX
            # ODF: the first member is "mimetype", stored uncompressed.
            first = archive.infolist()[0] if archive.infolist() else None
            if (
                first is not None
                and first.filename == "mimetype"
                and first.compress_type == zipfile.ZIP_STORED
                and first.file_size < 100
                and archive.read(first).strip() == ODS.encode()
            ):
                return ODS
    except (zipfile.BadZipFile, OSError, EOFError):
        return None
    return None


def _is_csv(upload: UploadedFile) -> bool:
    """UTF-8 text without control characters that the csv module can read."""
    sample = upload.read(CSV_SAMPLE)
    try:
        text = sample.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A sample can end in the middle of a character: only the tail may fail.
        if error.start < len(sample) - 3:
            return False
        text = sample[: error.start].decode("utf-8-sig")
    if any(ord(char) < 32 and char not in "\t\r\n" for char in text):
        return False
    if text.lstrip().startswith("<"):
        return False  # markup (HTML, SVG, XML) is not a table, whatever its name
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        return False
    return any(rows)
