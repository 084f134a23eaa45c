"""What the public sees of the follow-up: the progress timeline on a
commitment's page, the dashboard with its charts and tables, the evidence
repository and the evidence files."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.utils import timezone

from core.models import Origin
from plans.models import Completion
from tests.helpers import create_demo_process
from tests.plans.factories import (
    ActionPlanFactory,
    CommitmentFactory,
    InstitutionFactory,
    MilestoneFactory,
)
from tracking import files, services

from .factories import CSV, link, report, upload

pytestmark = pytest.mark.django_db


def with_file(name="acta.pdf", content=None, content_type="application/pdf", title="Acta"):
    evidence = upload(name, content) if content else upload(name)
    return services.File(evidence, files.detect(evidence), title)


@pytest.fixture
def commitment(db):
    plan = ActionPlanFactory(slug="plan-en-curso", title="Plan en curso")
    institution = InstitutionFactory(name="Consejo para la Transparencia")
    commitment = CommitmentFactory(
        plan=plan,
        number=1,
        title="Datos abiertos de compras públicas",
        responsible_institution=institution,
        completion=Completion.LIMITED,
        transparency=True,
        participation=False,
    )
    MilestoneFactory(commitment=commitment, number=1, title="Diagnóstico")
    MilestoneFactory(commitment=commitment, number=2, title="Portal de datos")
    return commitment


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- The commitment's page ----------------------------------------------------------


def test_the_commitment_page_shows_the_progress_timeline(client, commitment):
    first, second = commitment.milestones.order_by("number")
    with time_machine.travel(dt.datetime(2031, 2, 1, 12, tzinfo=dt.UTC)):
        report(first, "limited", "Se hicieron dos talleres.", links=[link()])
    with time_machine.travel(dt.datetime(2031, 4, 1, 12, tzinfo=dt.UTC)):
        later = report(first, "complete", "Diagnóstico publicado.", files=[with_file()])
    with time_machine.travel(dt.datetime(2031, 5, 1, 12, tzinfo=dt.UTC)):
        report(second, "substantial", "Portal en pruebas.")
    services.dispute(later.pk, "El diagnóstico no está en el sitio de la institución.", None)

    html = page(client, commitment.get_absolute_url())
    timeline = html[html.index('class="list-unstyled progress-timeline"') :]
    # Every update, newest first; the earlier one is still there.
    assert timeline.index("Portal en pruebas.") < timeline.index("Diagnóstico publicado.")
    assert timeline.index("Diagnóstico publicado.") < timeline.index("Se hicieron dos talleres.")
    assert 'href="https://example.org/acta.pdf"' in timeline
    evidence = later.evidence.get()
    assert f'href="/repositorio/evidencia/{evidence.pk}/"' in timeline
    assert "El diagnóstico no está en el sitio de la institución." in timeline
    # The disputed "complete" does not count: milestone 1 is limited, 2 substantial.
    assert re.search(r'data-status="substantial">[^<]+</strong> \(50 %\)', html)  # (1 + 2) / 6
    assert "Consejo para la Transparencia" in timeline


def test_the_page_keeps_the_irm_figure_apart_from_the_reported_progress(client, commitment):
    for milestone in commitment.milestones.all():
        report(milestone, "complete")
    html = page(client, commitment.get_absolute_url())
    assert re.search(r'data-status="complete">[^<]+</strong> \(100 %\)', html)
    panel = html[html.index('class="mt-4 progress-panel"') :]
    irm = re.search(r"Independent assessment \(IRM\)|Evaluación independiente \(IRM\)", panel)
    assert irm
    assert "Limitado" in panel[irm.end() : irm.end() + 200]


def test_a_withdrawn_update_leaves_the_public_pages(client, commitment):
    update = report(commitment.milestones.first(), "limited", "Con datos personales.")
    services.withdraw(update.pk, "Contiene RUT de participantes.", None)
    html = page(client, commitment.get_absolute_url())
    assert "Con datos personales." not in html
    assert "Contiene RUT" not in html


def test_a_commitment_without_updates_says_so(client, commitment):
    html = page(client, commitment.get_absolute_url())
    assert 'data-status="no_evidence"' in html
    assert html.count('class="mt-4 progress-panel"') == 1
    assert "<title>Datos abiertos de compras públicas ·" in html  # no panel in the title


# --- Evidence files -----------------------------------------------------------------


def test_an_evidence_file_downloads_as_an_attachment_of_its_real_type(client, commitment):
    update = report(
        commitment.milestones.first(), files=[with_file("datos.csv", CSV, "text/csv", "Datos")]
    )
    evidence = update.evidence.get()
    response = client.get(f"/repositorio/evidencia/{evidence.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == f'attachment; filename="evidencia-{evidence.pk}.csv"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == CSV
    assert "X-Page-Cache" not in response


def test_a_withdrawn_updates_file_is_no_longer_served(client, commitment):
    update = report(commitment.milestones.first(), files=[with_file()])
    evidence = update.evidence.get()
    services.withdraw(update.pk, "Datos personales.", None)
    assert client.get(f"/repositorio/evidencia/{evidence.pk}/").status_code == 404
    assert default_storage.exists(evidence.file.name)  # kept for the record


def test_a_link_or_a_missing_file_is_not_found(client, commitment):
    update = report(commitment.milestones.first(), links=[link()], files=[with_file()])
    by_link = update.evidence.get(url__gt="")
    assert client.get(f"/repositorio/evidencia/{by_link.pk}/").status_code == 404
    by_file = update.evidence.get(url="")
    default_storage.delete(by_file.file.name)
    assert client.get(f"/repositorio/evidencia/{by_file.pk}/").status_code == 404


# --- The plan's page ------------------------------------------------------------------


def test_the_plan_page_links_its_dashboard(client, commitment):
    html = page(client, commitment.plan.get_absolute_url())
    assert 'href="/planes/plan-en-curso/avance/"' in html


# --- The dashboard --------------------------------------------------------------------


@pytest.fixture
def two_plans(commitment):
    """The fixture's plan (one commitment: limited and substantial milestones)
    and another with two commitments of other institutions and values."""
    first, second = commitment.milestones.order_by("number")
    report(first, "limited")
    report(second, "substantial")
    other = ActionPlanFactory(slug="otro-plan", title="Otro plan")
    justice = InstitutionFactory(name="Defensoría Penal Pública")
    done = CommitmentFactory(
        plan=other, number=1, title="Justicia abierta", responsible_institution=justice,
        transparency=False, participation=True,
    )  # fmt: skip
    report(MilestoneFactory(commitment=done, number=1), "complete")
    idle = CommitmentFactory(
        plan=other, number=2, title="Lenguaje claro", responsible_institution=justice,
        transparency=False, accountability=True,
    )  # fmt: skip
    MilestoneFactory(
        commitment=idle,
        number=1,
        start_date=dt.date(2019, 1, 1),
        end_date=dt.date(2020, 1, 31),
        title="Guía",
    )
    return other


def chart(html: str, key: str) -> str:
    start = html.index(f'id="grafico-{key}"')
    return html[start : html.index("</section>", start)]


def test_the_dashboard_shows_progress_by_commitment_institution_and_value(client, two_plans):
    html = page(client, "/avance/")
    commitments = chart(html, "compromisos")
    assert "Datos abiertos de compras públicas" in commitments
    assert re.search(r"Justicia abierta.*?100 %", commitments, re.S)
    assert re.search(r"Datos abiertos de compras públicas.*?50 %", commitments, re.S)
    institutions = chart(html, "instituciones")
    # Defensoría: (100 + 0) / 2 = 50 %; Consejo: 50 %. (Each cell names its
    # column for a phone: <td data-label="...">.)
    td = r"<td[^>]*>"
    assert re.search(
        rf"Defensoría Penal Pública</th>{td}2</td>{td}1</td>{td}1</td>{td}50 %", institutions
    )
    values = chart(html, "valores")
    assert re.search(rf"Transparencia</th>{td}1</td>{td}50 %", values)
    assert re.search(rf"Participación ciudadana</th>{td}1</td>{td}100 %", values)
    status = chart(html, "estado")
    assert re.search(rf"Sin evidencia disponible</th>{td}1</td>", status)
    assert re.search(rf"Completo</th>{td}1</td>", status)
    # The overdue milestone, with its commitment.
    overdue = html[html.index('id="atrasados"') :]
    assert "Guía" in overdue and "Lenguaje claro" in overdue


def test_every_chart_has_a_text_alternative_and_the_table_behind_it(client, two_plans):
    html = page(client, "/avance/")
    sections = re.findall(r'<section class="chart.*?</section>', html, re.S)
    assert len(sections) == 5  # status, commitments, plans, institutions, values
    for section in sections:
        svg = re.search(r'<svg class="bar-chart"[^>]*role="img"[^>]*>(.*?)</svg>', section, re.S)
        assert svg, section[:200]
        labelled = re.search(r'aria-labelledby="([^"]+)"', svg.group(0)).group(1)
        assert f'<title id="{labelled}">' in svg.group(1)
        described = re.search(r'aria-describedby="([^"]+)"', svg.group(0)).group(1)
        desc = re.search(rf'<desc id="{described}">([^<]+)</desc>', svg.group(1)).group(1)
        bars = svg.group(1).count('class="chart-bar')
        table = re.search(r"<tbody>(.*?)</tbody>", section, re.S).group(1)
        assert table.count("<tr>") == bars > 0
        assert desc.count(";") == bars - 1


def test_the_dashboard_filters_by_plan_institution_value_and_status(client, two_plans):
    def commitments(query: str) -> set[str]:
        table = chart(page(client, f"/avance/?{query}"), "compromisos")
        return set(re.findall(r"N\.º \d+: ([^<]+)</a>", table))

    everything = {"Datos abiertos de compras públicas", "Justicia abierta", "Lenguaje claro"}
    assert commitments("") == everything
    assert commitments("plan=otro-plan") == {"Justicia abierta", "Lenguaje claro"}
    justice = two_plans.commitments.first().responsible_institution_id
    assert commitments(f"institution={justice}") == {"Justicia abierta", "Lenguaje claro"}
    assert commitments("value=accountability") == {"Lenguaje claro"}
    assert commitments("status=complete") == {"Justicia abierta"}
    assert commitments("status=no_evidence&plan=otro-plan") == {"Lenguaje claro"}
    # Nonsense is ignored, never an error.
    assert commitments("status=borrado&value=x&institution=abc&plan=%00") == everything


def test_the_per_plan_dashboard_shows_only_that_plan(client, two_plans):
    html = page(client, "/planes/otro-plan/avance/")
    table = chart(html, "compromisos")
    assert "Justicia abierta" in table and "Datos abiertos" not in table
    assert 'id="grafico-planes"' not in html
    assert client.get("/planes/no-existe/avance/").status_code == 404


def test_the_official_dashboard_leaves_demonstration_plans_out(client, commitment):
    demo = create_demo_process()
    assert demo.commitments.exists()
    html = page(client, "/avance/")
    assert "Presupuestos municipales abiertos" not in html
    demo_page = page(client, f"/planes/{demo.slug}/avance/")
    assert "Presupuestos municipales abiertos" in demo_page
    assert 'data-origin="demo"' in demo_page


def test_days_since_the_last_update_and_stale_commitments(client, commitment):
    with time_machine.travel(dt.datetime(2031, 1, 10, 12, tzinfo=dt.UTC)):
        report(commitment.milestones.first(), "limited")
    with time_machine.travel(dt.datetime(2031, 9, 10, 12, tzinfo=dt.UTC)):
        html = page(client, "/avance/")
    table = chart(html, "compromisos")
    assert "243 días (más de seis meses)" in table
    assert re.search(r"Sin actualizar hace más de 183 días</dt><dd[^>]*>1<", html)


# --- The evidence repository ------------------------------------------------------------


def test_the_repository_lists_the_evidence_newest_first(client, commitment):
    first, second = commitment.milestones.order_by("number")
    with time_machine.travel(dt.datetime(2031, 2, 1, 12, tzinfo=dt.UTC)):
        report(first, links=[link(title="Acta de participación ciudadana")])
    with time_machine.travel(dt.datetime(2031, 3, 1, 12, tzinfo=dt.UTC)):
        report(second, files=[with_file(title="Informe de avance del portal")])
    html = page(client, "/repositorio/")
    assert html.index("Informe de avance del portal") < html.index("Acta de participación")
    assert "Implementación y seguimiento" in html
    assert "2 documentos" in html


def test_the_repository_search_ignores_accents_and_case(client, commitment):
    report(commitment.milestones.first(), links=[link(title="Acta de participación ciudadana")])
    report(commitment.milestones.last(), links=[link(title="Informe técnico")])
    html = page(client, "/repositorio/?q=PARTICIPACION")
    assert "Acta de participación ciudadana" in html and "Informe técnico" not in html
    assert "Informe técnico" in page(client, "/repositorio/?q=tecnico")
    # The commitment's and the institution's names are searchable too.
    assert "2 documentos" in page(client, "/repositorio/?q=transparencia")


def test_the_repository_filters_by_stage_and_plan(client, commitment):
    report(commitment.milestones.first(), links=[link(title="Acta oficial")])
    assert "Acta oficial" in page(client, "/repositorio/?stage=implementation")
    ActionPlanFactory(slug="otro-plan")
    assert "Acta oficial" not in page(client, "/repositorio/?plan=otro-plan")
    demo = create_demo_process()
    official = page(client, "/repositorio/")
    assert "Reglamento de la mesa" not in official
    demo_page = page(client, f"/repositorio/?plan={demo.slug}")
    assert "Reglamento de la mesa" in demo_page and "Acta oficial" not in demo_page
    assert 'data-origin="demo"' in demo_page


def test_the_repository_warns_when_nothing_was_added_in_six_months(client, commitment):
    assert "No se ha agregado ningún documento" in page(client, "/repositorio/")
    with time_machine.travel(dt.datetime(2031, 1, 10, 12, tzinfo=dt.UTC)):
        report(commitment.milestones.first(), links=[link()])
    with time_machine.travel(dt.datetime(2031, 6, 10, 12, tzinfo=dt.UTC)):
        assert "alert-warning" not in page(client, "/repositorio/")
    cache.clear()  # a stored page lives PAGE_CACHE_SECONDS: time does not move that fast
    with time_machine.travel(dt.datetime(2031, 9, 10, 12, tzinfo=dt.UTC)):
        html = page(client, "/repositorio/")
    assert "más de 183 días" in html and "alert-warning" in html


def test_a_demonstration_document_does_not_keep_the_repository_fresh(client, db):
    create_demo_process(timezone.localdate())
    assert "No se ha agregado ningún documento" in page(client, "/repositorio/")


def test_the_repository_pages_through_many_documents(client, commitment):
    report(
        commitment.milestones.first(),
        links=[link(f"https://example.org/{n}", f"Documento {n}") for n in range(10)],
    )
    report(
        commitment.milestones.last(),
        links=[link(f"https://example.org/b{n}", f"Anexo {n}") for n in range(10)],
    )
    report(commitment.milestones.last(), links=[link("https://example.org/c", "Último")])
    first = page(client, "/repositorio/")
    assert "21 documentos" in first and "Página 1 de 2" in first
    second = page(client, "/repositorio/?pagina=2")
    assert second.count('class="document-card') == 1
    assert page(client, "/repositorio/?pagina=999").count('class="document-card') == 1


def test_the_origin_of_demo_evidence_is_labelled(client, db):
    demo = create_demo_process()
    assert demo.origin == Origin.DEMO
    html = page(client, f"/repositorio/?plan={demo.slug}")
    assert "Demostración</span>" in html
