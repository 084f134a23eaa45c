"""Every plan page leads somewhere: its official documents (links or PDFs
staff keep in the admin, on the plan's page), its page on OGP's website and
its proposals; the plans are listed newest first."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from plans.forms import PlanDocumentForm
from plans.models import MAX_PLAN_DOCUMENT_BYTES, ActionPlan, PlanDocument
from plans.reference_data import OGP_MEMBER_PAGE

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def fifth(seeded):
    return ActionPlan.objects.get(number=5, origin="official")


def admin_data(plan: ActionPlan, **document) -> dict:
    """The plan's admin form as it comes, with one new official document."""
    data = {
        "number": plan.number,
        "slug": plan.slug,
        "title": plan.title,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "status": plan.status,
        "summary": plan.summary,
        "published_commitment_count": plan.published_commitment_count or "",
        "ogp_url": plan.ogp_url,
        "origin": plan.origin,
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        "stages-TOTAL_FORMS": "0",
        "stages-INITIAL_FORMS": "0",
        "stages-MIN_NUM_FORMS": "0",
        "stages-MAX_NUM_FORMS": "1000",
    }
    data.update({f"documents-0-{name}": value for name, value in document.items()})
    return data


def test_the_plans_are_listed_newest_first(client, seeded):
    page = client.get("/planes/").content.decode()
    slugs = re.findall(r'card-title"><a href="/planes/([^/]+)/"', page)
    assert slugs == [
        "plan-5-2020-2022",
        "plan-4-2018-2020",
        "plan-3-2016-2018",
        "plan-2-2014-2016",
        "plan-1-2012-2013",
    ]
    home = client.get("/").content.decode()
    assert home.index("plan-5-2020-2022") < home.index("plan-1-2012-2013")


def test_every_seeded_plan_links_chiles_page_on_ogp(client, seeded):
    for plan in ActionPlan.objects.filter(origin="official"):
        assert plan.ogp_url == OGP_MEMBER_PAGE
        page = client.get(plan.get_absolute_url()).content.decode()
        assert f'href="{OGP_MEMBER_PAGE}" rel="external"' in page


def test_seeding_again_keeps_a_page_staff_chose(seeded):
    chosen = "https://www.opengovpartnership.org/documents/chile-action-plan-2020-2022/"
    ActionPlan.objects.filter(number=5).update(ogp_url=chosen)
    from django.core.management import call_command

    call_command("seed")
    assert ActionPlan.objects.get(number=5).ogp_url == chosen


def test_a_plan_without_documents_says_so(client, fifth):
    page = client.get(fifth.get_absolute_url()).content.decode()
    assert "Documentos oficiales" in page
    assert "Aún no se ha cargado en el portal ningún documento oficial de este plan." in page


def test_staff_add_a_pdf_in_the_admin_and_the_plan_page_offers_it(
    staff_client, client, fifth, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    response = staff_client.post(
        f"/admin/plans/actionplan/{fifth.pk}/change/",
        admin_data(
            fifth,
            kind="action_plan",
            title="Quinto Plan de Acción de Gobierno Abierto",
            published_on="2020-12-15",
            url="",
            file=upload,
        ),
    )
    assert response.status_code == 302, response.context["errors"]
    document = PlanDocument.objects.get(plan=fifth)
    assert document.size == len(PDF)
    assert not document.file.name.endswith("plan.pdf")  # a name the portal chose

    page = client.get(fifth.get_absolute_url()).content.decode()
    address = f"/planes/{fifth.slug}/documentos/{document.pk}.pdf"
    assert f'href="{address}"' in page
    assert "Quinto Plan de Acción de Gobierno Abierto, 15 de diciembre de 2020" in page
    assert "(PDF, alrededor de 1 KB)" in page  # its size, kept when it was uploaded
    download = client.get(address)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF


def test_a_document_published_elsewhere_is_a_link_that_names_its_site(client, fifth):
    PlanDocument.objects.create(
        plan=fifth,
        kind=PlanDocument.Kind.IRM_RESULTS,
        title="Informe de resultados del IRM",
        url="https://www.opengovpartnership.org/documents/chile-results-report-2020-2022/",
        published_on=dt.date(2023, 6, 1),
    )
    PlanDocument.objects.create(
        plan=fifth,
        kind=PlanDocument.Kind.ACTION_PLAN,
        title="Plan de acción",
        url="https://www.ogp.gob.cl/plan-5.pdf",
        published_on=dt.date(2020, 12, 15),
    )
    page = client.get(fifth.get_absolute_url()).content.decode()
    # Newest first, each saying where it leads.
    assert page.index("Informe de resultados del IRM") < page.index("Plan de acción, 15")
    assert "(página web en www.opengovpartnership.org)" in page
    assert "(PDF en www.ogp.gob.cl)" in page
    # A document kept elsewhere has no file here.
    other = PlanDocument.objects.get(title="Plan de acción")
    assert client.get(f"/planes/{fifth.slug}/documentos/{other.pk}.pdf").status_code == 404


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (
            SimpleUploadedFile("plan.pdf", b"<html>no</html>", content_type="application/pdf"),
            "El archivo no es un PDF. Adjunta un documento PDF.",
        ),
        (
            SimpleUploadedFile("plan.exe", PDF, content_type="application/pdf"),
            "El archivo no es un PDF. Adjunta un documento PDF.",
        ),
        (
            SimpleUploadedFile(
                "plan.pdf", PDF + b"0" * MAX_PLAN_DOCUMENT_BYTES, content_type="application/pdf"
            ),
            "El archivo pesa más de 20 MB. Adjunta un PDF más liviano.",
        ),
    ],
    ids=["not a PDF inside", "not a PDF by its name", "too big"],
)
def test_an_upload_that_is_not_a_small_pdf_is_refused(
    staff_client, fifth, settings, tmp_path, upload, error
):
    settings.MEDIA_ROOT = tmp_path
    response = staff_client.post(
        f"/admin/plans/actionplan/{fifth.pk}/change/",
        admin_data(fifth, kind="action_plan", title="Plan", url="", file=upload),
    )
    assert response.status_code == 200  # the form again, with the reason
    assert error in response.content.decode()
    assert not PlanDocument.objects.exists()
    assert not list(tmp_path.rglob("*.pdf"))


@pytest.mark.parametrize(
    "given",
    [{}, {"url": "https://www.ogp.gob.cl/plan.pdf", "file": "pdf"}],
    ids=["neither", "both"],
)
def test_a_document_is_a_link_or_a_file_not_both_nor_neither(fifth, given):
    files = (
        {"file": SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")}
        if given.get("file")
        else {}
    )
    form = PlanDocumentForm(
        {"kind": "action_plan", "title": "Plan", "url": given.get("url", "")},
        files,
        instance=PlanDocument(plan=fifth),
    )
    assert not form.is_valid()
    with_spanish = form.non_field_errors()
    assert with_spanish


def test_the_plan_page_links_its_proposals_with_its_numbers(client, fifth):
    from tests.proposals.factories import ProposalFactory

    ProposalFactory(plan=fifth, status="published")
    page = client.get(fifth.get_absolute_url()).content.decode()
    assert f'href="/propuestas/?plan={fifth.slug}"' in page
