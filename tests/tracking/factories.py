from __future__ import annotations

import io
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.core.factories import UserFactory
from tests.plans.factories import InstitutionFactory
from tracking import services
from tracking.models import Officer

PASSWORD = "una-clave-larga-de-prueba"


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    user = factory.SubFactory(UserFactory, is_staff=True)
    institution = factory.SubFactory(InstitutionFactory)


def report(milestone, status="limited", note="Avance del hito.", author=None, **evidence):
    """A progress update through the service, as an officer's form makes it."""
    return services.report(milestone.pk, status=status, note=note, author=author, **evidence)


def link(url="https://example.org/acta.pdf", title="Acta de la sesión"):
    return services.Link(url=url, title=title)


# Smallest files of each accepted type, made by content.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
CSV = "hito,avance\nDiagnóstico,completo\n".encode()


def xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def ods() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def upload(name="informe.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)
