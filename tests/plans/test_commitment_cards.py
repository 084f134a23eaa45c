"""The plan page lists its commitments as cards: the institution, the open
government values and how many milestones are complete, counted in the query."""

from __future__ import annotations

import re

import pytest

from plans.models import Completion
from tests.plans.factories import ActionPlanFactory, CommitmentFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


def card(page: str, commitment) -> str:
    pattern = rf'<article [^>]*aria-labelledby="compromiso-{commitment.pk}">.*?</article>'
    match = re.search(pattern, page, re.S)
    assert match, f"no card for {commitment}"
    return match.group(0)


def test_a_card_shows_institution_values_and_milestones_done_of_total(client, seeded):
    plan = ActionPlanFactory(slug="plan-con-hitos")
    commitment = CommitmentFactory(
        plan=plan, number=1, title="Datos de compras", transparency=True, participation=True
    )
    for number, completion in enumerate(
        [Completion.COMPLETE, Completion.COMPLETE, Completion.LIMITED, ""], start=1
    ):
        MilestoneFactory(commitment=commitment, number=number, completion=completion)
    empty = CommitmentFactory(plan=plan, number=2, title="Sin hitos", transparency=False)

    page = client.get(plan.get_absolute_url()).content.decode()

    shown = card(page, commitment)
    assert commitment.responsible_institution.name in shown
    assert "Transparencia" in shown and "Participación ciudadana" in shown
    assert 'data-done="2" data-total="4"' in shown
    assert "2 de 4 hitos cumplidos" in shown
    assert '<progress class="d-block w-100" id="hitos-' in shown and 'max="4" value="2"' in shown
    assert "Transparencia" not in card(page, empty)
    assert "Aún no hay hitos cargados." in card(page, empty)
