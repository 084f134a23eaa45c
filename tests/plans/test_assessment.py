"""A commitment's completion says where it comes from: the IRM's report on
results when staff have recorded it among the plan's documents, or that no
assessment is loaded (and who makes it) instead of a bare "not assessed yet"."""

from __future__ import annotations

import pytest

from plans.models import ActionPlan, Completion, PlanDocument

pytestmark = pytest.mark.django_db

REPORT = "https://www.opengovpartnership.org/documents/chile-results-report-2018-2020/"


@pytest.fixture
def fourth(seeded):
    return ActionPlan.objects.get(number=4, origin="official")


def commitment_page(client, plan: ActionPlan, number: int = 3) -> str:
    return client.get(f"/planes/{plan.slug}/compromisos/{number}/").content.decode()


def facts(page: str) -> str:
    """The commitment's assessment, as its facts list shows it."""
    start = page.index('class="col-sm-8 commitment-assessment"')
    return page[start : page.index("</dd>", start)]


def test_a_finished_plan_without_a_report_says_none_is_loaded_and_who_assesses(client, fourth):
    page = commitment_page(client, fourth)
    text = facts(page)
    assert "Aún sin evaluar" not in page
    assert "No hay una evaluación cargada en el portal" in text
    assert "Mecanismo de Revisión Independiente (IRM)" in text
    # The milestones' empty column is explained, not left as a row of dashes.
    assert "Mientras no se cargue, los hitos muestran “—” como cumplimiento." in text


def test_the_irm_report_staff_record_is_linked_as_the_source(client, fourth):
    PlanDocument.objects.create(
        plan=fourth,
        kind=PlanDocument.Kind.IRM_RESULTS,
        title="Informe de resultados del IRM 2018-2020",
        url=REPORT,
    )
    PlanDocument.objects.create(
        plan=fourth, kind=PlanDocument.Kind.ACTION_PLAN, title="Plan", url="https://a.cl/p.pdf"
    )
    text = facts(commitment_page(client, fourth))
    assert f'<a href="{REPORT}">Informe de resultados del IRM 2018-2020</a>' in text
    assert "https://a.cl/p.pdf" not in text  # only the reports on results

    commitment = fourth.commitments.get(number=3)
    commitment.completion = Completion.SUBSTANTIAL
    commitment.save()
    text = facts(commitment_page(client, fourth))
    assert "Sustancial" in text and "Fuente:" in text and REPORT in text


def test_a_plan_still_running_says_when_the_irm_assesses(client, fourth):
    ActionPlan.objects.filter(pk=fourth.pk).update(status=ActionPlan.Status.IMPLEMENTATION)
    text = facts(commitment_page(client, fourth))
    assert "Aún no se evalúa" in text
    assert "después de que el plan termina" in text
